// The SQLite tables of the Task Registry; every statement may run again on an existing database.
#pragma once

#include <QStringList>

namespace necrocode {

QStringList taskRegistrySchema();

// The changes made to the schema since its first version, in order: a database at
// `PRAGMA user_version` n gets the steps numbered above n, then is marked with the last one.
struct SchemaMigration
{
    int version = 0;
    QStringList statements;
};
QList<SchemaMigration> taskRegistryMigrations();

} // namespace necrocode
