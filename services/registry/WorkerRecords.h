// The workers of a fleet as the Task Registry knows them from their heartbeats: who and where
// they are, what they run, and whether they are active, lost (no heartbeat for three of their
// intervals) or stopped (they said goodbye).
#pragma once

#include "core/Result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace necrocode {

struct WorkerRecord
{
    QString id;
    QString host;
    QString version;
    QString healthUrl;
    int capacity = 0;        // tasks it runs at once
    QJsonArray running;      // [{"task_id","spec_name","phase"}]
    qint64 completed = 0;    // tasks it finished since it started
    int intervalSeconds = 0; // between its heartbeats
    bool stopped = false;    // it said goodbye
    QString startedAt;       // ISO-8601 UTC, its first heartbeat
    qint64 lastSeenMs = 0;

    // "active", "lost" or "stopped" at `nowMs`.
    QString stateAt(qint64 nowMs) const;
    QJsonObject toJson(qint64 nowMs) const;
};

// The body of POST /workers/{id}/heartbeat: {"host","version","health_url","capacity",
// "running","completed","interval_seconds","stopping"?}; every error names the field.
Result<WorkerRecord> parseHeartbeat(const QString &workerId, const QByteArray &body);

} // namespace necrocode
