#include "registry/WorkerRecords.h"

#include "UtcTimestamp.h"
#include "core/JsonFields.h"

namespace necrocode {

namespace {
constexpr int kMissedHeartbeatsBeforeLost = 3;
constexpr int kMaxIntervalSeconds = 3600;
} // namespace

QString WorkerRecord::stateAt(qint64 nowMs) const
{
    if (stopped)
        return QStringLiteral("stopped");
    if (nowMs - lastSeenMs > qint64(kMissedHeartbeatsBeforeLost) * intervalSeconds * 1000)
        return QStringLiteral("lost");
    return QStringLiteral("active");
}

QJsonObject WorkerRecord::toJson(qint64 nowMs) const
{
    return {{QStringLiteral("worker_id"), id},
            {QStringLiteral("state"), stateAt(nowMs)},
            {QStringLiteral("host"), host},
            {QStringLiteral("version"), version},
            {QStringLiteral("health_url"), healthUrl},
            {QStringLiteral("capacity"), capacity},
            {QStringLiteral("running"), running},
            {QStringLiteral("completed"), completed},
            {QStringLiteral("interval_seconds"), intervalSeconds},
            {QStringLiteral("started_at"), startedAt},
            {QStringLiteral("last_seen"), isoUtcTimestamp(lastSeenMs)}};
}

Result<WorkerRecord> parseHeartbeat(const QString &workerId, const QByteArray &body)
{
    const Result<QJsonObject> object = json::parseObject(body, QStringLiteral("the request body"));
    if (!object)
        return object.error();
    WorkerRecord worker;
    worker.id = workerId;
    const Result<QString> host = json::optionalString(*object, QStringLiteral("host"), {});
    const Result<QString> version = json::optionalString(*object, QStringLiteral("version"), {});
    const Result<QString> healthUrl =
        json::optionalString(*object, QStringLiteral("health_url"), {});
    const Result<qint64> capacity = json::optionalInteger(*object, QStringLiteral("capacity"), 0);
    const Result<qint64> completed = json::optionalInteger(*object, QStringLiteral("completed"), 0);
    const Result<qint64> interval =
        json::optionalInteger(*object, QStringLiteral("interval_seconds"), 0);
    const Result<bool> stopping = json::optionalBool(*object, QStringLiteral("stopping"), false);
    for (const QString &message :
         {host.errorMessage(), version.errorMessage(), healthUrl.errorMessage(),
          capacity.errorMessage(), completed.errorMessage(), interval.errorMessage(),
          stopping.errorMessage()})
        if (!message.isEmpty())
            return makeError(message, QStringLiteral("invalid"));
    if (*interval < 1 || *interval > kMaxIntervalSeconds)
        return makeError(
            QStringLiteral("'interval_seconds' must be from 1 to %1").arg(kMaxIntervalSeconds),
            QStringLiteral("invalid"));
    const QJsonValue running = object->value(QStringLiteral("running"));
    if (!running.isUndefined() && !running.isArray())
        return makeError(
            QStringLiteral("'running' must be an array, got %1").arg(json::typeName(running)),
            QStringLiteral("invalid"));
    worker.host = *host;
    worker.version = *version;
    worker.healthUrl = *healthUrl;
    worker.capacity = int(*capacity);
    worker.completed = *completed;
    worker.intervalSeconds = int(*interval);
    worker.stopped = *stopping;
    worker.running = running.toArray();
    return worker;
}

} // namespace necrocode
