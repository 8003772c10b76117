#include "remote/FleetWorker.h"

#include <QDateTime>
#include <QJsonObject>
#include <QSet>

namespace necrocode {

namespace {

qint64 msOf(const QJsonValue &isoTime)
{
    const QDateTime time = QDateTime::fromString(isoTime.toString(), Qt::ISODateWithMs);
    return time.isValid() ? time.toMSecsSinceEpoch() : 0;
}

FleetWorkerState stateOf(const QString &name)
{
    if (name == QLatin1String("lost"))
        return FleetWorkerState::Lost;
    if (name == QLatin1String("stopped"))
        return FleetWorkerState::Stopped;
    return FleetWorkerState::Active;
}

} // namespace

double FleetWorker::tasksPerMinute() const
{
    const qint64 upMs = lastSeenMs - startedAtMs;
    if (startedAtMs <= 0 || upMs <= 0)
        return -1.0;
    return double(completed) * 60000.0 / double(upMs);
}

QString fleetWorkerStateName(FleetWorkerState state)
{
    switch (state) {
    case FleetWorkerState::Active:
        return QStringLiteral("active");
    case FleetWorkerState::Lost:
        return QStringLiteral("lost");
    case FleetWorkerState::Stopped:
        return QStringLiteral("stopped");
    }
    return {};
}

QList<FleetWorker> readFleetWorkers(const QJsonArray &workers)
{
    QList<FleetWorker> read;
    QSet<QString> seen;
    for (const auto &value : workers) {
        const QJsonObject w = value.toObject();
        FleetWorker worker;
        worker.id = w.value(QLatin1String("worker_id")).toString();
        if (worker.id.isEmpty() || seen.contains(worker.id))
            continue;
        seen.insert(worker.id);
        worker.state = stateOf(w.value(QLatin1String("state")).toString());
        worker.host = w.value(QLatin1String("host")).toString();
        worker.version = w.value(QLatin1String("version")).toString();
        worker.healthUrl = QUrl(w.value(QLatin1String("health_url")).toString());
        worker.capacity = w.value(QLatin1String("capacity")).toInt();
        worker.completed = w.value(QLatin1String("completed")).toInteger();
        worker.intervalSeconds = w.value(QLatin1String("interval_seconds")).toInt();
        worker.startedAtMs = msOf(w.value(QLatin1String("started_at")));
        worker.lastSeenMs = msOf(w.value(QLatin1String("last_seen")));
        const QJsonArray running = w.value(QLatin1String("running")).toArray();
        for (const auto &task : running) {
            const QJsonObject t = task.toObject();
            worker.running.append({t.value(QLatin1String("task_id")).toString(),
                                   t.value(QLatin1String("spec_name")).toString(),
                                   t.value(QLatin1String("phase")).toString()});
        }
        read.append(std::move(worker));
    }
    return read;
}

} // namespace necrocode
