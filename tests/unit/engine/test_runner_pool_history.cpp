// The runner pool keeps a bounded history: a long-lived worker forgets its oldest finished runs
// beyond RunnerPool::kFinishedRunsKept, and never a run that is still queued or running.
#include "engine/RunnerPool.h"
#include "log/LogDispatcher.h"

#include <QTest>

using namespace necrocode;

class TestRunnerPoolHistory : public QObject
{
    Q_OBJECT

    static TaskContext task(int n)
    {
        TaskContext t;
        t.taskId = QString::number(n);
        t.specName = QStringLiteral("history");
        t.title = QStringLiteral("task %1").arg(n);
        return t;
    }

private Q_SLOTS:
    void onlyTheNewestFinishedRunsAreKept()
    {
        RunnerPool pool(RunnerConfig{}, std::make_shared<LogDispatcher>());
        const int total = RunnerPool::kFinishedRunsKept + 25;
        QStringList ids;
        for (int n = 1; n <= total; ++n)
            ids.append(pool.enqueue(task(n)));
        QCOMPARE(pool.runs().size(), total); // nothing finished yet: everything is kept
        // Cancelled while queued (the pool has not dispatched yet): each one finishes at once.
        for (const QString &id : ids.mid(0, total - 3))
            pool.cancel(id);
        const QList<RunSnapshot> runs = pool.runs();
        QCOMPARE(runs.size(), RunnerPool::kFinishedRunsKept + 3);
        // The oldest finished runs went; the three still queued stay, in queue order.
        QCOMPARE(runs.first().runId, ids.at(25 - 3));
        QCOMPARE(runs.at(runs.size() - 3).runId, ids.at(total - 3));
        QCOMPARE(runs.at(runs.size() - 3).phase, RunPhase::Queued);
        QCOMPARE(runs.at(runs.size() - 4).outcome, RunOutcome::Cancelled);
        pool.cancelAll();
    }
};

QTEST_GUILESS_MAIN(TestRunnerPoolHistory)
#include "test_runner_pool_history.moc"
