// Conversions between the Task Registry's SQLite rows and its records; list and object columns
// hold compact JSON text.
#pragma once

#include "registry/TaskRecords.h"

#include <QSqlQuery>

namespace necrocode {

// The columns a new task is inserted with, and those taskFromRow() reads (the same, then the
// lease's), in their order.
extern const QString taskDefinitionColumns;
extern const QString taskColumns;

QString toJsonText(const QJsonObject &object);
QString toJsonText(const QStringList &list);
QJsonObject objectFromText(const QString &text);
QStringList listFromText(const QString &text);

TaskRecord taskFromRow(const QSqlQuery &query);
// seq, spec, task_id, event_type, data, timestamp, recorded_at
TaskEvent eventFromRow(const QSqlQuery &query);
// seq, spec, task_id, type, uri, size_bytes, metadata, created_at, recorded_at
TaskArtifact artifactFromRow(const QSqlQuery &query);

} // namespace necrocode
