#include "registry/RegistryRequests.h"

#include "core/JsonFields.h"
#include "registry/RegistryTimestamps.h"

namespace necrocode {

namespace {

Result<QJsonObject> bodyObject(const QByteArray &body)
{
    return json::parseObject(body, QStringLiteral("the request body"));
}

} // namespace

Result<QList<TaskDefinition>> parseTaskSetBody(const QByteArray &body)
{
    const Result<QJsonObject> object = bodyObject(body);
    if (!object)
        return object.error();
    const QJsonValue tasks = object->value(QStringLiteral("tasks"));
    if (tasks.isUndefined() || tasks.isNull())
        return makeError(QStringLiteral("'tasks' is required"), QStringLiteral("invalid"));
    if (!tasks.isArray())
        return makeError(QStringLiteral("'tasks' must be an array of task objects"),
                         QStringLiteral("invalid"));
    QList<TaskDefinition> definitions;
    const QJsonArray array = tasks.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString where = QStringLiteral("tasks[%1]").arg(i);
        if (!array.at(i).isObject())
            return makeError(QStringLiteral("'%1' must be an object").arg(where),
                             QStringLiteral("invalid"));
        Result<TaskDefinition> definition = TaskDefinition::fromJson(array.at(i).toObject(), where);
        if (!definition)
            return definition.error();
        definitions.append(std::move(definition).value());
    }
    return definitions;
}

namespace {

Result<EventBody> eventOf(const QJsonObject &object)
{
    const Result<QString> type = json::requiredString(object, QStringLiteral("event_type"));
    if (!type)
        return type.error();
    if (!taskEventTypes().contains(*type))
        return makeError(QStringLiteral("'event_type' must be one of %1, got '%2'")
                             .arg(taskEventTypes().join(QStringLiteral(", ")), *type),
                         QStringLiteral("invalid"));
    const Result<QJsonObject> data = json::optionalObject(object, QStringLiteral("data"));
    if (!data)
        return data.error();
    const Result<QString> timestamp = normalizeRegistryTimestamp(
        object.value(QStringLiteral("timestamp")), QStringLiteral("timestamp"));
    if (!timestamp)
        return timestamp.error();
    return EventBody{*type, *data, *timestamp};
}

Result<TaskArtifact> artifactOf(const QJsonObject &object)
{
    const Result<QString> type = json::requiredString(object, QStringLiteral("type"));
    if (!type)
        return type.error();
    const Result<QString> uri = json::requiredString(object, QStringLiteral("uri"));
    if (!uri)
        return uri.error();
    const Result<qint64> size = json::optionalInteger(object, QStringLiteral("size_bytes"), 0);
    if (!size)
        return size.error();
    if (*size < 0)
        return makeError(QStringLiteral("'size_bytes' must not be negative"),
                         QStringLiteral("invalid"));
    const Result<QJsonObject> metadata = json::optionalObject(object, QStringLiteral("metadata"));
    if (!metadata)
        return metadata.error();
    const Result<QString> createdAt = normalizeRegistryTimestamp(
        object.value(QStringLiteral("created_at")), QStringLiteral("created_at"));
    if (!createdAt)
        return createdAt.error();
    TaskArtifact artifact;
    artifact.type = *type;
    artifact.uri = *uri;
    artifact.sizeBytes = *size;
    artifact.metadata = *metadata;
    artifact.createdAt = *createdAt;
    return artifact;
}

// The error of a part of a status body, named by where it is: "event: 'data' must be ...".
Error within(const QString &where, const Error &error)
{
    return makeError(where + QStringLiteral(": ") + error.message, error.kind);
}

Result<QList<TaskArtifact>> artifactsOf(const QJsonObject &object)
{
    const QJsonValue value = object.value(QStringLiteral("artifacts"));
    if (value.isUndefined() || value.isNull())
        return QList<TaskArtifact>();
    if (!value.isArray())
        return makeError(QStringLiteral("'artifacts' must be an array of artifact objects"),
                         QStringLiteral("invalid"));
    QList<TaskArtifact> artifacts;
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString where = QStringLiteral("artifacts[%1]").arg(i);
        if (!array.at(i).isObject())
            return makeError(where + QStringLiteral(" must be an object"),
                             QStringLiteral("invalid"));
        Result<TaskArtifact> artifact = artifactOf(array.at(i).toObject());
        if (!artifact)
            return within(where, artifact.error());
        artifacts.append(std::move(artifact.value()));
    }
    return artifacts;
}

} // namespace

Result<StatusBody> parseStatusBody(const QByteArray &body)
{
    const Result<QJsonObject> object = bodyObject(body);
    if (!object)
        return object.error();
    const Result<QString> status = json::requiredString(*object, QStringLiteral("status"));
    if (!status)
        return status.error();
    const std::optional<TaskState> state = parseTaskState(*status);
    if (!state)
        return makeError(QStringLiteral("'status' must be one of %1, got '%2'")
                             .arg(taskStateNames().join(QStringLiteral(", ")), *status),
                         QStringLiteral("invalid"));
    const Result<QJsonObject> metadata = json::optionalObject(*object, QStringLiteral("metadata"));
    if (!metadata)
        return metadata.error();
    const Result<QString> updatedAt = normalizeRegistryTimestamp(
        object->value(QStringLiteral("updated_at")), QStringLiteral("updated_at"));
    if (!updatedAt)
        return updatedAt.error();
    Result<QList<TaskArtifact>> artifacts = artifactsOf(*object);
    if (!artifacts)
        return artifacts.error();
    StatusBody parsed{TaskRegistryStore::StatusChange{*state, *metadata, *updatedAt},
                      std::move(artifacts.value()), std::nullopt};
    const QJsonValue event = object->value(QStringLiteral("event"));
    if (!event.isUndefined() && !event.isNull()) {
        if (!event.isObject())
            return makeError(QStringLiteral("'event' must be an object"),
                             QStringLiteral("invalid"));
        const Result<EventBody> parsedEvent = eventOf(event.toObject());
        if (!parsedEvent)
            return within(QStringLiteral("event"), parsedEvent.error());
        parsed.event = *parsedEvent;
    }
    return parsed;
}

Result<EventBody> parseEventBody(const QByteArray &body)
{
    const Result<QJsonObject> object = bodyObject(body);
    if (!object)
        return object.error();
    return eventOf(*object);
}

Result<TaskArtifact> parseArtifactBody(const QByteArray &body)
{
    const Result<QJsonObject> object = bodyObject(body);
    if (!object)
        return object.error();
    return artifactOf(*object);
}

namespace {

// "lease_seconds", when given: a whole number of seconds within the allowed range.
Result<std::optional<int>> leaseSecondsOf(const QJsonObject &object)
{
    const QJsonValue value = object.value(QStringLiteral("lease_seconds"));
    if (value.isUndefined() || value.isNull())
        return std::optional<int>();
    const double seconds = value.toDouble(-1);
    if (!value.isDouble() || seconds != double(qint64(seconds)) ||
        seconds < LeasePolicy::kMinLeaseSeconds || seconds > LeasePolicy::kMaxLeaseSeconds)
        return makeError(QStringLiteral("'lease_seconds' must be a whole number from %1 to %2")
                             .arg(LeasePolicy::kMinLeaseSeconds)
                             .arg(LeasePolicy::kMaxLeaseSeconds),
                         QStringLiteral("invalid"));
    return std::optional<int>(int(seconds));
}

} // namespace

Result<ClaimBody> parseClaimBody(const QByteArray &body)
{
    const Result<QJsonObject> object = bodyObject(body);
    if (!object)
        return object.error();
    const Result<QString> runner = json::requiredString(*object, QStringLiteral("runner_id"));
    if (!runner)
        return runner.error();
    const Result<QString> spec = json::optionalString(*object, QStringLiteral("spec"), {});
    if (!spec)
        return spec.error();
    const Result<std::optional<int>> lease = leaseSecondsOf(*object);
    if (!lease)
        return lease.error();
    return ClaimBody{*runner, *spec, *lease};
}

Result<LeaseBody> parseLeaseBody(const QByteArray &body)
{
    const Result<QJsonObject> object = bodyObject(body);
    if (!object)
        return object.error();
    const Result<QString> leaseId = json::requiredString(*object, QStringLiteral("lease_id"));
    if (!leaseId)
        return leaseId.error();
    const Result<std::optional<int>> lease = leaseSecondsOf(*object);
    if (!lease)
        return lease.error();
    return LeaseBody{*leaseId, *lease};
}

} // namespace necrocode
