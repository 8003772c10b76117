#include "registry/RegistryDatabase.h"

#include <QDir>
#include <QUrlQuery>

namespace necrocode {

namespace {

// libpq connection keywords a URL may carry after '?' (besides host).
const QStringList kConnectionKeywords{
    QStringLiteral("sslmode"),          QStringLiteral("sslrootcert"),
    QStringLiteral("sslcert"),          QStringLiteral("sslkey"),
    QStringLiteral("sslcrl"),           QStringLiteral("connect_timeout"),
    QStringLiteral("application_name"), QStringLiteral("target_session_attrs"),
    QStringLiteral("keepalives"),       QStringLiteral("keepalives_idle"),
};

Error databaseError(const QString &message)
{
    return makeError(message, QStringLiteral("config"));
}

} // namespace

RegistryDatabase RegistryDatabase::sqlite(const QString &directory)
{
    RegistryDatabase d;
    d.kind = Kind::SQLite;
    d.sqliteDirectory = directory;
    return d;
}

Result<RegistryDatabase> RegistryDatabase::postgresql(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    // Errors show the URL without its password and query (where a password could hide too).
    const QString shown =
        url.isValid() ? url.toDisplayString(QUrl::RemovePassword | QUrl::RemoveQuery) : QString();
    if (!url.isValid() ||
        (url.scheme() != QLatin1String("postgresql") && url.scheme() != QLatin1String("postgres")))
        return databaseError(QStringLiteral("'%1' is not a postgresql://user@host/database URL")
                                 .arg(url.isValid() ? shown : QStringLiteral("(unreadable URL)")));
    const QString database = url.path().mid(1);
    if (database.isEmpty() || database.contains(QLatin1Char('/')))
        return databaseError(
            QStringLiteral("'%1' names no database: write postgresql://user@host/database")
                .arg(shown));
    const QUrlQuery query(url);
    const QString socketDirectory = query.queryItemValue(QStringLiteral("host"));
    if (url.host().isEmpty() && socketDirectory.isEmpty())
        return databaseError(QStringLiteral("'%1' names no host: write postgresql://user@host/"
                                            "database or add ?host=/socket/directory")
                                 .arg(shown));
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key != QLatin1String("host") && !kConnectionKeywords.contains(key))
            return databaseError(
                QStringLiteral("'%1': unknown connection setting '%2' (known: host, %3)")
                    .arg(shown, key, kConnectionKeywords.join(QStringLiteral(", "))));
        // The driver passes the settings on unquoted, separated by ';'.
        for (const QChar c : value)
            if (c == QLatin1Char(';') || c == QLatin1Char('\'') || c == QLatin1Char('"') ||
                c == QLatin1Char('\\') || c.isSpace())
                return databaseError(QStringLiteral("'%1': the value of '%2' must not contain "
                                                    "';', quotes, backslashes or spaces")
                                         .arg(shown, key));
    }
    RegistryDatabase d;
    d.kind = Kind::PostgreSQL;
    d.url = url;
    return d;
}

QString RegistryDatabase::displayName() const
{
    if (kind == Kind::SQLite)
        return QDir(sqliteDirectory).filePath(QStringLiteral("task-registry.sqlite"));
    return url.toDisplayString(QUrl::RemovePassword);
}

PostgresConnection postgresConnection(const RegistryDatabase &database)
{
    const QUrl &url = database.url;
    const QUrlQuery query(url);
    PostgresConnection c;
    const QString socketDirectory =
        query.queryItemValue(QStringLiteral("host"), QUrl::FullyDecoded);
    c.host = socketDirectory.isEmpty() ? url.host() : socketDirectory;
    c.port = url.port(5432);
    c.user = url.userName(QUrl::FullyDecoded);
    c.password = url.password(QUrl::FullyDecoded);
    if (c.password.isEmpty())
        c.password = database.password;
    c.database = url.path(QUrl::FullyDecoded).mid(1);
    QStringList options;
    bool hasTimeout = false;
    bool hasName = false;
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == QLatin1String("host"))
            continue;
        hasTimeout = hasTimeout || key == QLatin1String("connect_timeout");
        hasName = hasName || key == QLatin1String("application_name");
        options.append(key + QLatin1Char('=') + value);
    }
    if (!hasTimeout)
        options.append(QStringLiteral("connect_timeout=10"));
    if (!hasName)
        options.append(QStringLiteral("application_name=necrocode-task-registry"));
    c.options = options.join(QLatin1Char(';'));
    return c;
}

} // namespace necrocode
