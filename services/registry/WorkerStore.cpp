// The Task Registry's list of workers: their heartbeats, stored in the registry's database so
// that several registry processes on one database answer the same list.
#include "registry/TaskRegistryStore.h"

#include "UtcTimestamp.h"
#include "registry/TaskRows.h"

#include <QDateTime>
#include <QJsonDocument>

namespace necrocode {

namespace {

const QString kWorkerColumns =
    QStringLiteral("id, host, version, health_url, capacity, running, completed, "
                   "interval_seconds, stopped, started_at, last_seen_ms");

WorkerRecord workerFromRow(const QSqlQuery &q)
{
    WorkerRecord w;
    w.id = q.value(0).toString();
    w.host = q.value(1).toString();
    w.version = q.value(2).toString();
    w.healthUrl = q.value(3).toString();
    w.capacity = q.value(4).toInt();
    w.running = QJsonDocument::fromJson(q.value(5).toString().toUtf8()).array();
    w.completed = q.value(6).toLongLong();
    w.intervalSeconds = q.value(7).toInt();
    w.stopped = q.value(8).toBool();
    w.startedAt = q.value(9).toString();
    w.lastSeenMs = q.value(10).toLongLong();
    return w;
}

} // namespace

Result<WorkerRecord> TaskRegistryStore::recordHeartbeat(const WorkerRecord &heartbeat)
{
    return transaction([&]() -> Result<WorkerRecord> {
        const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
        Result<QSqlQuery> known =
            exec(QStringLiteral("SELECT started_at, stopped FROM workers WHERE id = ?") +
                     lockedForUpdate(),
                 {heartbeat.id});
        if (!known)
            return known.error();
        QString startedAt = isoUtcTimestamp(nowMs);
        if (known.value().next() && !known.value().value(1).toBool())
            startedAt = known.value().value(0).toString();
        known.value().finish();
        const QString running =
            QString::fromUtf8(QJsonDocument(heartbeat.running).toJson(QJsonDocument::Compact));
        if (Result<QSqlQuery> q =
                exec(QStringLiteral("INSERT INTO workers (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                    "?, ?) ON CONFLICT (id) DO UPDATE SET host = excluded.host, "
                                    "version = excluded.version, health_url = "
                                    "excluded.health_url, capacity = excluded.capacity, running = "
                                    "excluded.running, completed = excluded.completed, "
                                    "interval_seconds = excluded.interval_seconds, stopped = "
                                    "excluded.stopped, started_at = excluded.started_at, "
                                    "last_seen_ms = excluded.last_seen_ms")
                         .arg(kWorkerColumns),
                     {heartbeat.id, heartbeat.host, heartbeat.version, heartbeat.healthUrl,
                      heartbeat.capacity, running, heartbeat.completed, heartbeat.intervalSeconds,
                      heartbeat.stopped ? 1 : 0, startedAt, nowMs});
            !q)
            return q.error();
        WorkerRecord stored = heartbeat;
        stored.startedAt = startedAt;
        stored.lastSeenMs = nowMs;
        return stored;
    });
}

Result<QList<WorkerRecord>> TaskRegistryStore::workers()
{
    Result<QSqlQuery> q =
        exec(QStringLiteral("SELECT %1 FROM workers ORDER BY id").arg(kWorkerColumns));
    if (!q)
        return q.error();
    QList<WorkerRecord> list;
    while (q.value().next())
        list.append(workerFromRow(q.value()));
    return list;
}

} // namespace necrocode
