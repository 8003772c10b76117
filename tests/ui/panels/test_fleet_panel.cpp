// The Fleet panel over a backend the test drives: each list from the registry updates rows in
// place (a selection survives), adds newcomers at the end and drops workers no longer listed; a
// lost worker's tasks read as requeued; the status line counts the states, or says why the list is
// not current, or how to start a worker; "Attach to all workers" starts on, reaches the backend
// and is kept for the next session; a double-click attaches that worker.
#include "FakeConsoleBackend.h"
#include "fleet/FleetFollower.h"
#include "fleet/FleetModel.h"
#include "fleet/FleetPanel.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QLabel>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace necrocode;

namespace {

FleetWorker worker(const QString &id, FleetWorkerState state, int port,
                   QList<FleetTask> running = {})
{
    FleetWorker w;
    w.id = id;
    w.state = state;
    w.host = QStringLiteral("host-") + id;
    w.healthUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    w.capacity = 2;
    w.running = std::move(running);
    w.completed = 12;
    w.startedAtMs = QDateTime::currentMSecsSinceEpoch() - 4 * 60000;
    w.lastSeenMs = QDateTime::currentMSecsSinceEpoch() - 1000;
    return w;
}

QString text(const FleetModel &model, const QString &id, int column)
{
    return model.index(model.rowOf(id), column).data().toString();
}

} // namespace

class TestFleetPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("NecroCodeTests"));
        QCoreApplication::setApplicationName(QStringLiteral("test_fleet_panel"));
        QSettings().clear();
    }

    void rowsFollowTheRegistrysList()
    {
        FleetModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const FleetTask task{QStringLiteral("1.1"), QStringLiteral("demo"),
                             QStringLiteral("test_execution")};
        model.setWorkers({worker(QStringLiteral("a"), FleetWorkerState::Active, 9001, {task}),
                          worker(QStringLiteral("b"), FleetWorkerState::Active, 9002)});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(text(model, QStringLiteral("a"), FleetModel::RunningColumn),
                 QStringLiteral("1.1 (Test execution)"));
        QCOMPARE(text(model, QStringLiteral("b"), FleetModel::RunningColumn),
                 QStringLiteral("idle"));
        QCOMPARE(text(model, QStringLiteral("a"), FleetModel::ThroughputColumn),
                 QStringLiteral("3.0/min"));
        QCOMPARE(text(model, QStringLiteral("a"), FleetModel::LastSeenColumn),
                 QStringLiteral("1 s ago"));

        QTableView view;
        view.setModel(&model);
        view.selectRow(1); // b
        model.setWorkers({worker(QStringLiteral("c"), FleetWorkerState::Active, 9003),
                          worker(QStringLiteral("b"), FleetWorkerState::Active, 9002),
                          worker(QStringLiteral("a"), FleetWorkerState::Lost, 9001, {task})});
        QCOMPARE(model.rowOf(QStringLiteral("a")), 0);
        QCOMPARE(model.rowOf(QStringLiteral("b")), 1);
        QCOMPARE(model.rowOf(QStringLiteral("c")), 2);
        QCOMPARE(view.selectionModel()->selectedRows().value(0).row(), 1);
        QCOMPARE(text(model, QStringLiteral("a"), FleetModel::StateColumn), QStringLiteral("lost"));
        QCOMPARE(text(model, QStringLiteral("a"), FleetModel::RunningColumn),
                 QStringLiteral("1.1 (requeued)"));
        QCOMPARE(model.summary(), QStringLiteral("2 active, 1 lost, 0 stopped"));

        model.setWorkers({worker(QStringLiteral("b"), FleetWorkerState::Stopped, 9002)});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(text(model, QStringLiteral("b"), FleetModel::StateColumn),
                 QStringLiteral("stopped"));
    }

    void aWorkerOnEveryInterfaceIsReachedAtItsHostName()
    {
        FleetWorker w = worker(QStringLiteral("a"), FleetWorkerState::Active, 9001);
        w.host = QStringLiteral("build-7");
        w.healthUrl = QUrl(QStringLiteral("http://0.0.0.0:9464"));
        QCOMPARE(FleetFollower::urlOf(w), QUrl(QStringLiteral("http://build-7:9464")));
        QCOMPARE(FleetFollower::labelOf(w), QStringLiteral("build-7:9464"));
        w.healthUrl = QUrl(QStringLiteral("http://10.1.2.3:9464"));
        QCOMPARE(FleetFollower::urlOf(w), w.healthUrl);
        w.healthUrl = QUrl();
        QVERIFY(FleetFollower::labelOf(w).isEmpty());
    }

    void theStatusLineAndTheSwitch()
    {
        FakeConsoleBackend backend;
        FleetModel model;
        {
            FleetPanel panel(&backend, &model);
            QVERIFY(panel.attachToAll()->isChecked()); // on by default
            QVERIFY(backend.attachToAll);
            QCOMPARE(panel.status()->text(),
                     QStringLiteral("No Task Registry to ask for workers."));

            backend.registryUrl = QStringLiteral("http://127.0.0.1:8700");
            Q_EMIT backend.fleetChanged({});
            QVERIFY(panel.status()->text().contains(QStringLiteral(
                "necrocode-runner serve --task-registry-url http://127.0.0.1:8700")));

            const QList<FleetWorker> workers{
                worker(QStringLiteral("a"), FleetWorkerState::Active, 9001),
                worker(QStringLiteral("b"), FleetWorkerState::Lost, 9002)};
            model.setWorkers(workers);
            Q_EMIT backend.fleetChanged(workers);
            QCOMPARE(panel.status()->text(),
                     QStringLiteral("1 active, 1 lost, 0 stopped — from http://127.0.0.1:8700"));

            backend.problem = QStringLiteral("The Task Registry at x does not list its workers: y");
            Q_EMIT backend.fleetProblemChanged();
            QCOMPARE(panel.status()->text(), backend.problem);

            panel.attachToAll()->setChecked(false);
            QVERIFY(!backend.attachToAll);

            const QModelIndex second = model.index(1, FleetModel::WorkerColumn);
            Q_EMIT panel.view()->activated(second);
            QCOMPARE(backend.attached, QList<QUrl>{QUrl(QStringLiteral("http://127.0.0.1:9002"))});
        }
        // The next session starts with the switch as it was left.
        backend.attachToAll = true;
        FleetPanel again(&backend, &model);
        QVERIFY(!again.attachToAll()->isChecked());
        QVERIFY(!backend.attachToAll);
    }
};

QTEST_MAIN(TestFleetPanel)
#include "test_fleet_panel.moc"
