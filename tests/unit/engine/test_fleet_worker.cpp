// Reading the registry's worker list: what the Task Registry writes for a worker (WorkerRecord)
// reads back field for field, with its state at the time of the list; entries without an id are
// passed over, as is a repeated id; throughput is tasks per minute of uptime, unknown before a
// start time is known.
#include "registry/WorkerRecords.h"
#include "remote/FleetWorker.h"

#include <QDateTime>
#include <QTest>

using namespace necrocode;

class TestFleetWorker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void whatTheRegistryWritesReadsBack()
    {
        const qint64 startMs =
            QDateTime(QDate(2026, 12, 5), QTime(10, 0), Qt::UTC).toMSecsSinceEpoch();
        WorkerRecord record;
        record.id = QStringLiteral("worker-7");
        record.host = QStringLiteral("build-3");
        record.version = QStringLiteral("1.2.3");
        record.healthUrl = QStringLiteral("http://10.0.0.7:9464");
        record.capacity = 4;
        record.running = QJsonArray{
            QJsonObject{{"task_id", "2.1"}, {"spec_name", "demo"}, {"phase", "test_execution"}}};
        record.completed = 30;
        record.intervalSeconds = 10;
        record.startedAt =
            QDateTime::fromMSecsSinceEpoch(startMs, Qt::UTC).toString(Qt::ISODateWithMs);
        record.lastSeenMs = startMs + 10 * 60000;

        WorkerRecord other = record;
        other.id = QStringLiteral("worker-8");
        const auto read = readFleetWorkers(QJsonArray{
            record.toJson(record.lastSeenMs + 1000), QJsonObject{{"state", "active"}},
            other.toJson(record.lastSeenMs + 31000), record.toJson(record.lastSeenMs + 31000)});
        QCOMPARE(read.size(), 2); // no id, and a repeated id, are passed over
        const FleetWorker &worker = read[0];
        QCOMPARE(worker.id, record.id);
        QCOMPARE(worker.state, FleetWorkerState::Active);
        QCOMPARE(worker.host, record.host);
        QCOMPARE(worker.version, record.version);
        QCOMPARE(worker.healthUrl, QUrl(record.healthUrl));
        QCOMPARE(worker.capacity, 4);
        QCOMPARE(worker.running, (QList<FleetTask>{{QStringLiteral("2.1"), QStringLiteral("demo"),
                                                    QStringLiteral("test_execution")}}));
        QCOMPARE(worker.completed, qint64(30));
        QCOMPARE(worker.intervalSeconds, 10);
        QCOMPARE(worker.startedAtMs, startMs);
        QCOMPARE(worker.lastSeenMs, record.lastSeenMs);
        QCOMPARE(worker.tasksPerMinute(), 3.0);          // 30 tasks in ten minutes
        QCOMPARE(read[1].state, FleetWorkerState::Lost); // three intervals without a heartbeat

        record.stopped = true;
        QCOMPARE(readFleetWorkers({record.toJson(record.lastSeenMs)})[0].state,
                 FleetWorkerState::Stopped);
    }

    void throughputIsUnknownWithoutAnUptime()
    {
        FleetWorker worker;
        worker.completed = 5;
        QCOMPARE(worker.tasksPerMinute(), -1.0);
        worker.startedAtMs = worker.lastSeenMs = 1000;
        QCOMPARE(worker.tasksPerMinute(), -1.0);
        QCOMPARE(fleetWorkerStateName(FleetWorkerState::Lost), QStringLiteral("lost"));
    }
};

QTEST_GUILESS_MAIN(TestFleetWorker)
#include "test_fleet_worker.moc"
