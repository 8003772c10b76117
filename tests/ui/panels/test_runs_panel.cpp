// The runs table and panel: coalesced snapshots, final states, live durations, counts, the
// buttons and the run selection.
#include "FakeConsoleBackend.h"
#include "PanelTestData.h"
#include "runs/RunsModel.h"
#include "runs/RunsPanel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QColor>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTest>

using namespace necrocode;
using testdata::run;

namespace {

QString cell(const RunsModel &model, int row, int column, int role = Qt::DisplayRole)
{
    return model.data(model.index(row, column), role).toString();
}

} // namespace

class TestRunsPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modelStaysConsistentWhileUpdatesArrive()
    {
        RunsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSet<QString> runIds;
        for (int round = 0; round < 5; ++round) {
            for (int i = 0; i < 20; ++i) {
                const QString runId = QString::number(i * (round + 1) % 37);
                runIds.insert(runId);
                model.enqueue(run(runId, RunOutcome((round + i) % 5),
                                  QStringLiteral("runner-%1").arg(i % 3)));
            }
            model.applyPending();
        }
        QCOMPARE(model.rowCount(), runIds.size());
        QCOMPARE(model.columnCount(), int(RunsModel::ColumnCount));
    }

    void runsOfAnAttachedWorkerCarryItsLabel()
    {
        RunsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.enqueue(run(QStringLiteral("a"), RunOutcome::Running, QStringLiteral("r1")));
        RunSnapshot remote = run(QStringLiteral("a"), RunOutcome::Running, QStringLiteral("r9"));
        remote.source = QStringLiteral("10.0.0.7:9464");
        model.enqueue(remote);
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 2, 1000);
        QCOMPARE(cell(model, 0, RunsModel::RunnerColumn), QStringLiteral("r1"));
        QCOMPARE(cell(model, 1, RunsModel::RunnerColumn), QStringLiteral("10.0.0.7:9464 · r9"));
    }

    void coalescesSnapshotsAndShowsFinalStates()
    {
        RunsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &RunsModel::rowsInserted);
        QSignalSpy changed(&model, &RunsModel::dataChanged);

        model.enqueue(run(QStringLiteral("a"), RunOutcome::Pending));
        model.enqueue(run(QStringLiteral("b"), RunOutcome::Pending));
        model.enqueue(run(QStringLiteral("a"), RunOutcome::Running, QStringLiteral("r1")));
        RunSnapshot finished =
            run(QStringLiteral("a"), RunOutcome::Completed, QStringLiteral("r1"));
        finished.llmCalls = 3;
        finished.promptTokens = 1200;
        finished.completionTokens = 34;
        finished.costUsd = 0.0123;
        model.enqueue(finished);
        QCOMPARE(model.rowCount(), 0); // nothing until the apply timer fires

        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 2, 1000);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(changed.size(), 0);
        QCOMPARE(cell(model, 0, RunsModel::StateColumn), QStringLiteral("completed"));
        QCOMPARE(
            model.data(model.index(0, RunsModel::StateColumn), Qt::ForegroundRole).value<QColor>(),
            RunsModel::outcomeColor(RunOutcome::Completed));
        QCOMPARE(cell(model, 0, RunsModel::RunnerColumn), QStringLiteral("r1"));
        QCOMPARE(cell(model, 0, RunsModel::LlmCallsColumn), QStringLiteral("3"));
        QCOMPARE(cell(model, 0, RunsModel::TokensColumn), QLocale().toString(1234));
        QCOMPARE(cell(model, 0, RunsModel::CostColumn),
                 QStringLiteral("$") + QLocale().toString(0.0123, 'f', 4));
        QCOMPARE(cell(model, 0, RunsModel::DurationColumn), QStringLiteral("1 min 05 s"));
        QCOMPARE(cell(model, 0, RunsModel::PhaseColumn), QStringLiteral("Finished"));
        QCOMPARE(cell(model, 1, RunsModel::StateColumn), QStringLiteral("queued"));
        QCOMPARE(cell(model, 1, RunsModel::CostColumn), QString()); // no price known

        RunSnapshot failed = run(QStringLiteral("b"), RunOutcome::Failed, QStringLiteral("r2"));
        failed.error = QStringLiteral("tests failed");
        failed.errorType = QStringLiteral("test_failure");
        model.enqueue(run(QStringLiteral("b"), RunOutcome::Running, QStringLiteral("r2")));
        model.enqueue(failed);
        QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 1, 1000);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(cell(model, 1, RunsModel::StateColumn), QStringLiteral("failed"));
        QCOMPARE(cell(model, 1, RunsModel::ErrorColumn), QStringLiteral("tests failed"));
        QCOMPARE(cell(model, 1, RunsModel::ErrorColumn, Qt::ToolTipRole),
                 QStringLiteral("test_failure: tests failed"));
        QCOMPARE(model.counts(), (RunCounts{0, 0, 1, 1, 0}));
    }

    void runningDurationTicksInItsColumnOnly()
    {
        RunsModel model;
        qint64 now = 1764265310000 + 5000;
        model.setClock([&now] { return now; });
        model.enqueue(run(QStringLiteral("done"), RunOutcome::Completed, QStringLiteral("r1")));
        model.enqueue(run(QStringLiteral("busy"), RunOutcome::Running, QStringLiteral("r2")));
        model.applyPending();
        QCOMPARE(cell(model, 1, RunsModel::DurationColumn), QStringLiteral("5 s"));

        QSignalSpy changed(&model, &RunsModel::dataChanged);
        now += 60000;
        QVERIFY(changed.wait(RunsModel::kDurationTickMs + 500));
        const QModelIndex from = changed.at(0).at(0).toModelIndex();
        const QModelIndex to = changed.at(0).at(1).toModelIndex();
        QCOMPARE(from.column(), int(RunsModel::DurationColumn));
        QCOMPARE(to.column(), int(RunsModel::DurationColumn));
        QCOMPARE(from.row(), 1);
        QCOMPARE(to.row(), 1);
        QCOMPARE(cell(model, 1, RunsModel::DurationColumn), QStringLiteral("1 min 05 s"));

        model.enqueue(run(QStringLiteral("busy"), RunOutcome::Completed, QStringLiteral("r2")));
        model.applyPending();
        changed.clear();
        QVERIFY(!changed.wait(RunsModel::kDurationTickMs + 300)); // nothing runs: no ticks
    }

    void buttonsReachTheBackend()
    {
        FakeConsoleBackend backend;
        backend.parallel = 3;
        RunsModel model;
        RunsPanel panel(&backend, &model);
        auto *spin = panel.findChild<QSpinBox *>(QStringLiteral("parallelRunners"));
        QCOMPARE(spin->value(), 3);
        spin->setValue(5);
        QCOMPARE(backend.parallel, 5);
        panel.findChild<QPushButton *>(QStringLiteral("runDemo"))->click();
        QCOMPARE(backend.demoRuns, 1);
    }

    void cancelIsEnabledForQueuedAndRunningRuns()
    {
        FakeConsoleBackend backend;
        RunsModel model;
        RunsPanel panel(&backend, &model);
        model.enqueue(run(QStringLiteral("q"), RunOutcome::Pending));
        model.enqueue(run(QStringLiteral("r"), RunOutcome::Running, QStringLiteral("r1")));
        model.enqueue(run(QStringLiteral("c"), RunOutcome::Completed, QStringLiteral("r2")));
        model.applyPending();
        auto *cancel = panel.findChild<QPushButton *>(QStringLiteral("cancelRun"));
        QVERIFY(!cancel->isEnabled());

        panel.view()->selectRow(0);
        QVERIFY(cancel->isEnabled());
        panel.view()->selectRow(2);
        QVERIFY(!cancel->isEnabled());
        panel.view()->selectRow(1);
        QVERIFY(cancel->isEnabled());
        cancel->click();
        QCOMPARE(backend.cancelledRuns, QStringList{QStringLiteral("r")});

        model.enqueue(run(QStringLiteral("r"), RunOutcome::Cancelled, QStringLiteral("r1")));
        model.applyPending();
        QVERIFY(!cancel->isEnabled());
    }

    void showsCounts()
    {
        FakeConsoleBackend backend;
        RunsModel model;
        RunsPanel panel(&backend, &model);
        model.enqueue(run(QStringLiteral("q1"), RunOutcome::Pending));
        model.enqueue(run(QStringLiteral("q2"), RunOutcome::Pending));
        model.enqueue(run(QStringLiteral("r"), RunOutcome::Running, QStringLiteral("r1")));
        model.enqueue(run(QStringLiteral("f"), RunOutcome::Failed, QStringLiteral("r2")));
        model.applyPending();
        const QString text = panel.findChild<QLabel *>(QStringLiteral("runCounts"))->text();
        QVERIFY2(text.contains(QStringLiteral("Queued: 2")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Running: 1")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Completed: 0")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Failed: 1")), qPrintable(text));
    }

    void selectingARunAnnouncesItsRunnerAndTask()
    {
        FakeConsoleBackend backend;
        RunsModel model;
        RunsPanel panel(&backend, &model);
        model.enqueue(run(QStringLiteral("a"), RunOutcome::Running, QStringLiteral("runner-1"),
                          QStringLiteral("task-7")));
        model.enqueue(run(QStringLiteral("b"), RunOutcome::Pending, {}, QStringLiteral("task-8")));
        model.applyPending();
        QSignalSpy selected(&panel, &RunsPanel::runSelected);

        panel.view()->selectRow(0);
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected.at(0).at(1).toString(), QStringLiteral("runner-1"));
        QCOMPARE(selected.at(0).at(2).toString(), QStringLiteral("task-7"));
        QCOMPARE(selected.at(0).at(0).toString(),
                 RunsModel::runKey(QStringLiteral("local"), QStringLiteral("a")));

        // A queued run gets its runner when it starts: the selection is announced again.
        panel.view()->selectRow(1);
        QCOMPARE(selected.size(), 2);
        QCOMPARE(selected.at(1).at(1).toString(), QString());
        QCOMPARE(selected.at(1).at(2).toString(), QStringLiteral("task-8"));
        model.enqueue(run(QStringLiteral("b"), RunOutcome::Running, QStringLiteral("runner-2"),
                          QStringLiteral("task-8")));
        model.applyPending();
        QCOMPARE(selected.size(), 3);
        QCOMPARE(selected.at(2).at(1).toString(), QStringLiteral("runner-2"));

        panel.findChild<QPushButton *>(QStringLiteral("showAllRuns"))->click();
        QCOMPARE(selected.size(), 4);
        QCOMPARE(selected.at(3), (QList<QVariant>{QString(), QString(), QString()}));
    }

    void tabbingIntoTheTableSelectsNothing()
    {
        FakeConsoleBackend backend;
        RunsModel model;
        RunsPanel panel(&backend, &model);
        model.enqueue(run(QStringLiteral("a"), RunOutcome::Completed, QStringLiteral("runner-1"),
                          QStringLiteral("1.1")));
        model.enqueue(run(QStringLiteral("b"), RunOutcome::Completed, QStringLiteral("runner-2"),
                          QStringLiteral("1.2")));
        model.applyPending();
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSignalSpy selected(&panel, &RunsPanel::runSelected);
        QWidget *before = panel.findChild<QSpinBox *>();
        before->setFocus();
        QTRY_VERIFY(before->hasFocus());
        for (int press = 0; press < 12 && !panel.view()->hasFocus(); ++press)
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QVERIFY(panel.view()->hasFocus());
        // Arriving in the table filters nothing; moving in it with the keys does.
        QVERIFY(!panel.view()->selectionModel()->hasSelection());
        QCOMPARE(selected.size(), 0);
        QTest::keyClick(panel.view(), Qt::Key_Down);
        QCOMPARE(selected.size(), 1);
    }
};

QTEST_MAIN(TestRunsPanel)
#include "test_runs_panel.moc"
