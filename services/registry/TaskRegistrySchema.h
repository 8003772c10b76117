// The tables of the Task Registry in SQLite and in PostgreSQL, and their versioned migrations.
#pragma once

#include <QStringList>

namespace necrocode {

// SQLite: every statement may run again on an existing database.
QStringList taskRegistrySchema();

// The changes made to the schema since its first version, in order: a database at
// `PRAGMA user_version` n gets the steps numbered above n, then is marked with the last one.
struct SchemaMigration
{
    int version = 0;
    QStringList statements;
};
QList<SchemaMigration> taskRegistryMigrations();

// PostgreSQL: the whole schema is the steps of this list, recorded in the table
// necrocode_schema_version; a database at version n gets the steps numbered above n at start.
QList<SchemaMigration> taskRegistryPostgresMigrations();

} // namespace necrocode
