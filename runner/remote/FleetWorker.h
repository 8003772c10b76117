// One worker of a fleet as the Task Registry lists it (GET /workers): who and where it is, what
// it runs, how much it finished, and whether it is active, lost or stopped. Read from the
// registry's JSON so the console's fleet view and its automatic attachment share one reading.
#pragma once

#include <QJsonArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QUrl>

namespace necrocode {

enum class FleetWorkerState { Active, Lost, Stopped };

struct FleetTask
{
    QString taskId;
    QString specName;
    QString phase;

    friend bool operator==(const FleetTask &, const FleetTask &) = default;
};

struct FleetWorker
{
    QString id;
    FleetWorkerState state = FleetWorkerState::Active;
    QString host;
    QString version;
    QUrl healthUrl; // where it serves /health, /metrics and /logs
    int capacity = 0;
    QList<FleetTask> running; // a lost worker's: the tasks the registry puts back in the queue
    qint64 completed = 0;
    int intervalSeconds = 0;
    qint64 startedAtMs = 0; // 0 when unknown
    qint64 lastSeenMs = 0;

    // Tasks finished per minute since it started; negative while that cannot be told yet.
    double tasksPerMinute() const;

    friend bool operator==(const FleetWorker &, const FleetWorker &) = default;
};

// "active", "lost" or "stopped".
QString fleetWorkerStateName(FleetWorkerState state);

// The workers of the registry's list, in its order; entries without a worker id, or with one
// already read, are passed over.
QList<FleetWorker> readFleetWorkers(const QJsonArray &workers);

} // namespace necrocode

Q_DECLARE_METATYPE(necrocode::FleetWorker)
