#include "registry/TaskRegistrySchema.h"

namespace necrocode {

QStringList taskRegistrySchema()
{
    return {
        QStringLiteral("CREATE TABLE IF NOT EXISTS specs (name TEXT PRIMARY KEY, "
                       "created_at TEXT NOT NULL, updated_at TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS tasks (spec TEXT NOT NULL, id TEXT NOT NULL, "
                       "position INTEGER NOT NULL, title TEXT NOT NULL, description TEXT NOT NULL, "
                       "acceptance_criteria TEXT NOT NULL, dependencies TEXT NOT NULL, "
                       "required_skill TEXT NOT NULL, metadata TEXT NOT NULL, state TEXT NOT NULL, "
                       "assigned_to TEXT NOT NULL, status_metadata TEXT NOT NULL, "
                       "created_at TEXT NOT NULL, updated_at TEXT NOT NULL, "
                       "PRIMARY KEY (spec, id))"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS tasks_by_id ON tasks (id)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                       "spec TEXT NOT NULL, task_id TEXT NOT NULL, event_type TEXT NOT NULL, "
                       "data TEXT NOT NULL, timestamp TEXT NOT NULL, recorded_at TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS events_by_task ON events (spec, task_id)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS artifacts (seq INTEGER PRIMARY KEY "
                       "AUTOINCREMENT, spec TEXT NOT NULL, task_id TEXT NOT NULL, "
                       "type TEXT NOT NULL, uri TEXT NOT NULL, size_bytes INTEGER NOT NULL, "
                       "metadata TEXT NOT NULL, created_at TEXT NOT NULL, "
                       "recorded_at TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS artifacts_by_task ON artifacts (spec, task_id)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS idempotent_responses (key TEXT NOT NULL, "
                       "method TEXT NOT NULL, path TEXT NOT NULL, status INTEGER NOT NULL, "
                       "content_type TEXT NOT NULL, body BLOB NOT NULL, created_at TEXT NOT NULL, "
                       "PRIMARY KEY (key, method, path))"),
    };
}

QList<SchemaMigration> taskRegistryMigrations()
{
    return {
        {2,
         {QStringLiteral("ALTER TABLE tasks ADD COLUMN lease_id TEXT NOT NULL DEFAULT ''"),
          QStringLiteral("ALTER TABLE tasks ADD COLUMN lease_expires_ms INTEGER NOT NULL "
                         "DEFAULT 0"),
          QStringLiteral("ALTER TABLE tasks ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0"),
          QStringLiteral("CREATE INDEX IF NOT EXISTS tasks_by_lease ON tasks (state, "
                         "lease_expires_ms)")}},
        {3,
         {QStringLiteral("CREATE TABLE IF NOT EXISTS workers (id TEXT PRIMARY KEY, host TEXT NOT "
                         "NULL, version TEXT NOT NULL, health_url TEXT NOT NULL, capacity INTEGER "
                         "NOT NULL, running TEXT NOT NULL, completed INTEGER NOT NULL, "
                         "interval_seconds INTEGER NOT NULL, stopped INTEGER NOT NULL, "
                         "started_at TEXT NOT NULL, last_seen_ms INTEGER NOT NULL)")}},
    };
}

QList<SchemaMigration> taskRegistryPostgresMigrations()
{
    return {
        {1,
         {QStringLiteral("CREATE TABLE specs (name TEXT PRIMARY KEY, created_at TEXT NOT NULL, "
                         "updated_at TEXT NOT NULL)"),
          QStringLiteral("CREATE TABLE tasks (spec TEXT NOT NULL, id TEXT NOT NULL, "
                         "position INTEGER NOT NULL, title TEXT NOT NULL, description TEXT NOT "
                         "NULL, acceptance_criteria TEXT NOT NULL, dependencies TEXT NOT NULL, "
                         "required_skill TEXT NOT NULL, metadata TEXT NOT NULL, state TEXT NOT "
                         "NULL, assigned_to TEXT NOT NULL, status_metadata TEXT NOT NULL, "
                         "created_at TEXT NOT NULL, updated_at TEXT NOT NULL, lease_id TEXT NOT "
                         "NULL DEFAULT '', lease_expires_ms BIGINT NOT NULL DEFAULT 0, attempts "
                         "INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (spec, id))"),
          QStringLiteral("CREATE INDEX tasks_by_id ON tasks (id)"),
          QStringLiteral("CREATE INDEX tasks_by_lease ON tasks (state, lease_expires_ms)"),
          QStringLiteral("CREATE INDEX tasks_ready ON tasks (spec, position) WHERE state = "
                         "'ready'"),
          QStringLiteral("CREATE TABLE events (seq BIGSERIAL PRIMARY KEY, spec TEXT NOT NULL, "
                         "task_id TEXT NOT NULL, event_type TEXT NOT NULL, data TEXT NOT NULL, "
                         "timestamp TEXT NOT NULL, recorded_at TEXT NOT NULL)"),
          QStringLiteral("CREATE INDEX events_by_task ON events (spec, task_id)"),
          QStringLiteral("CREATE TABLE artifacts (seq BIGSERIAL PRIMARY KEY, spec TEXT NOT NULL, "
                         "task_id TEXT NOT NULL, type TEXT NOT NULL, uri TEXT NOT NULL, "
                         "size_bytes BIGINT NOT NULL, metadata TEXT NOT NULL, created_at TEXT NOT "
                         "NULL, recorded_at TEXT NOT NULL)"),
          QStringLiteral("CREATE INDEX artifacts_by_task ON artifacts (spec, task_id)"),
          QStringLiteral("CREATE TABLE idempotent_responses (key TEXT NOT NULL, method TEXT NOT "
                         "NULL, path TEXT NOT NULL, status INTEGER NOT NULL, content_type TEXT "
                         "NOT NULL, body BYTEA NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY "
                         "(key, method, path))"),
          QStringLiteral("CREATE TABLE workers (id TEXT PRIMARY KEY, host TEXT NOT NULL, version "
                         "TEXT NOT NULL, health_url TEXT NOT NULL, capacity INTEGER NOT NULL, "
                         "running TEXT NOT NULL, completed BIGINT NOT NULL, interval_seconds "
                         "INTEGER NOT NULL, stopped INTEGER NOT NULL, started_at TEXT NOT NULL, "
                         "last_seen_ms BIGINT NOT NULL)")}},
    };
}

} // namespace necrocode
