#include "registry/TaskRecords.h"

#include "UtcTimestamp.h"

#include "core/JsonFields.h"

namespace necrocode {

Result<TaskDefinition> TaskDefinition::fromJson(const QJsonObject &o, const QString &where)
{
    TaskDefinition d;
    const Result<QString> id = json::requiredString(o, QStringLiteral("id"), where);
    if (!id)
        return id.error();
    const Result<QString> title = json::requiredString(o, QStringLiteral("title"), where);
    if (!title)
        return title.error();
    const Result<QString> description =
        json::optionalString(o, QStringLiteral("description"), {}, where);
    if (!description)
        return description.error();
    const Result<QStringList> criteria =
        json::optionalStringList(o, QStringLiteral("acceptance_criteria"), where);
    if (!criteria)
        return criteria.error();
    const Result<QStringList> dependencies =
        json::optionalStringList(o, QStringLiteral("dependencies"), where);
    if (!dependencies)
        return dependencies.error();
    const Result<QString> skill =
        json::optionalString(o, QStringLiteral("required_skill"), {}, where);
    if (!skill)
        return skill.error();
    const Result<QJsonObject> metadata = json::optionalObject(o, QStringLiteral("metadata"), where);
    if (!metadata)
        return metadata.error();
    d.id = *id;
    d.title = *title;
    d.description = *description;
    d.acceptanceCriteria = *criteria;
    d.dependencies = *dependencies;
    d.dependencies.removeDuplicates();
    d.requiredSkill = *skill;
    d.metadata = *metadata;
    if (d.dependencies.contains(d.id))
        return makeError(QStringLiteral("'%1' lists the task itself ('%2')")
                             .arg(json::keyPath(where, QStringLiteral("dependencies")), d.id),
                         QStringLiteral("invalid"));
    return d;
}

bool TaskDefinition::sameDefinitionAs(const TaskDefinition &other) const
{
    return id == other.id && title == other.title && description == other.description &&
           acceptanceCriteria == other.acceptanceCriteria && dependencies == other.dependencies &&
           requiredSkill == other.requiredSkill && metadata == other.metadata;
}

QJsonObject TaskRecord::toJson() const
{
    const QString stateName = taskStateName(state);
    QJsonObject json{
        {QStringLiteral("id"), definition.id},
        {QStringLiteral("spec_name"), spec},
        {QStringLiteral("title"), definition.title},
        {QStringLiteral("description"), definition.description},
        {QStringLiteral("acceptance_criteria"), json::toJsonArray(definition.acceptanceCriteria)},
        {QStringLiteral("dependencies"), json::toJsonArray(definition.dependencies)},
        {QStringLiteral("required_skill"), definition.requiredSkill},
        {QStringLiteral("metadata"), definition.metadata},
        {QStringLiteral("state"), stateName},
        {QStringLiteral("status"), stateName},
        {QStringLiteral("assigned_to"), assignedTo},
        {QStringLiteral("status_metadata"), statusMetadata},
        {QStringLiteral("created_at"), createdAt},
        {QStringLiteral("updated_at"), updatedAt},
        {QStringLiteral("attempts"), attempts},
    };
    if (leaseExpiresMs > 0)
        json.insert(QStringLiteral("lease_expires_at"), isoUtcTimestamp(leaseExpiresMs));
    return json;
}

QJsonObject TaskRecord::toClaimJson() const
{
    QJsonObject json = toJson();
    json.insert(QStringLiteral("lease_id"), leaseId);
    return json;
}

const QStringList &taskEventTypes()
{
    static const QStringList types = {
        QStringLiteral("TaskCreated"),   QStringLiteral("TaskUpdated"),
        QStringLiteral("TaskReady"),     QStringLiteral("TaskAssigned"),
        QStringLiteral("TaskCompleted"), QStringLiteral("TaskFailed"),
        QStringLiteral("TaskRequeued"),  QStringLiteral("RunnerStarted"),
        QStringLiteral("RunnerFinished")};
    return types;
}

QJsonObject TaskEvent::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), sequence},
        {QStringLiteral("spec_name"), spec},
        {QStringLiteral("task_id"), taskId},
        {QStringLiteral("event_type"), eventType},
        {QStringLiteral("data"), data},
        {QStringLiteral("timestamp"), timestamp},
        {QStringLiteral("recorded_at"), recordedAt},
    };
}

QJsonObject TaskArtifact::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), sequence},
        {QStringLiteral("spec_name"), spec},
        {QStringLiteral("task_id"), taskId},
        {QStringLiteral("type"), type},
        {QStringLiteral("uri"), uri},
        {QStringLiteral("size_bytes"), sizeBytes},
        {QStringLiteral("metadata"), metadata},
        {QStringLiteral("created_at"), createdAt},
        {QStringLiteral("recorded_at"), recordedAt},
    };
}

QJsonObject SpecSummary::toJson() const
{
    return QJsonObject{
        {QStringLiteral("name"), name},
        {QStringLiteral("task_count"), taskCount},
        {QStringLiteral("counts_by_state"), countsByState},
        {QStringLiteral("created_at"), createdAt},
        {QStringLiteral("updated_at"), updatedAt},
    };
}

} // namespace necrocode
