#include "registry/TaskRows.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QVariant>

namespace necrocode {

const QString taskDefinitionColumns = QStringLiteral(
    "spec, id, position, title, description, acceptance_criteria, dependencies, required_skill, "
    "metadata, state, assigned_to, status_metadata, created_at, updated_at");
const QString taskColumns =
    taskDefinitionColumns + QStringLiteral(", lease_id, lease_expires_ms, attempts");

QString toJsonText(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString toJsonText(const QStringList &list)
{
    QJsonArray array;
    for (const QString &item : list)
        array.append(item);
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QJsonObject objectFromText(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

QStringList listFromText(const QString &text)
{
    QStringList out;
    const QJsonArray array = QJsonDocument::fromJson(text.toUtf8()).array();
    for (const auto &value : array)
        out.append(value.toString());
    return out;
}

TaskRecord taskFromRow(const QSqlQuery &q)
{
    TaskRecord t;
    t.spec = q.value(0).toString();
    t.definition.id = q.value(1).toString();
    t.position = q.value(2).toInt();
    t.definition.title = q.value(3).toString();
    t.definition.description = q.value(4).toString();
    t.definition.acceptanceCriteria = listFromText(q.value(5).toString());
    t.definition.dependencies = listFromText(q.value(6).toString());
    t.definition.requiredSkill = q.value(7).toString();
    t.definition.metadata = objectFromText(q.value(8).toString());
    t.state = parseTaskState(q.value(9).toString()).value_or(TaskState::Blocked);
    t.assignedTo = q.value(10).toString();
    t.statusMetadata = objectFromText(q.value(11).toString());
    t.createdAt = q.value(12).toString();
    t.updatedAt = q.value(13).toString();
    t.leaseId = q.value(14).toString();
    t.leaseExpiresMs = q.value(15).toLongLong();
    t.attempts = q.value(16).toInt();
    return t;
}

TaskEvent eventFromRow(const QSqlQuery &q)
{
    TaskEvent e;
    e.sequence = q.value(0).toLongLong();
    e.spec = q.value(1).toString();
    e.taskId = q.value(2).toString();
    e.eventType = q.value(3).toString();
    e.data = objectFromText(q.value(4).toString());
    e.timestamp = q.value(5).toString();
    e.recordedAt = q.value(6).toString();
    return e;
}

TaskArtifact artifactFromRow(const QSqlQuery &q)
{
    TaskArtifact a;
    a.sequence = q.value(0).toLongLong();
    a.spec = q.value(1).toString();
    a.taskId = q.value(2).toString();
    a.type = q.value(3).toString();
    a.uri = q.value(4).toString();
    a.sizeBytes = q.value(5).toLongLong();
    a.metadata = objectFromText(q.value(6).toString());
    a.createdAt = q.value(7).toString();
    a.recordedAt = q.value(8).toString();
    return a;
}

} // namespace necrocode
