// Where the Task Registry keeps its state: the embedded SQLite file in a directory (one registry
// process), or a PostgreSQL database named by a postgresql:// URL (several registry processes on
// one database can serve a fleet).
#pragma once

#include "core/Result.h"

#include <QString>
#include <QUrl>

namespace necrocode {

struct RegistryDatabase
{
    enum class Kind { SQLite, PostgreSQL };
    Kind kind = Kind::SQLite;
    QString sqliteDirectory; // SQLite: the directory of task-registry.sqlite
    // PostgreSQL: postgresql://user[:password]@host[:port]/database[?host=/socket/dir&sslmode=…]
    QUrl url;
    // PostgreSQL: used when the URL has none; otherwise libpq's PGPASSWORD or ~/.pgpass. Secret.
    QString password;

    static RegistryDatabase sqlite(const QString &directory);
    // Reads a postgresql:// (or postgres://) URL; says what is wrong with any other text.
    static Result<RegistryDatabase> postgresql(const QString &url);

    // For logs and errors: the file, or the URL without its password.
    QString displayName() const;
};

// The connection settings of a PostgreSQL registry database, as Qt's QPSQL driver takes them.
struct PostgresConnection
{
    QString host; // a host name, an address or a Unix socket directory
    int port = 5432;
    QString user;
    QString password;
    QString database;
    QString options; // libpq keywords "key=value;key=value" (sslmode, connect_timeout, …)
};
PostgresConnection postgresConnection(const RegistryDatabase &database);

} // namespace necrocode
