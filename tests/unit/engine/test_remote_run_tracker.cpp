// RemoteRunTracker's edge cases: entries without a runner or task, a task taken again by the
// same runner, a cancelled run, an unknown phase name, the runs of a worker that was lost.
#include "remote/RemoteRunTracker.h"

#include <QTest>

using namespace necrocode;

namespace {

LogEntry runnerEntry(const QString &task, QJsonObject extra, qint64 atMs = 1000)
{
    LogEntry e;
    e.timestampMs = atMs;
    e.runnerId = QStringLiteral("runner-1");
    e.taskId = task;
    e.specName = QStringLiteral("spec");
    e.extra = std::move(extra);
    return e;
}

} // namespace

class TestRemoteRunTracker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void entriesWithoutRunnerOrTaskChangeNothing()
    {
        RemoteRunTracker tracker(QStringLiteral("w"));
        LogEntry e = runnerEntry(QString(), {{"event", "task_started"}});
        QVERIFY(!tracker.consume(e).run);
        e.taskId = QStringLiteral("1");
        e.runnerId.clear();
        QVERIFY(!tracker.consume(e).run);
    }

    void aTaskTakenAgainIsANewRun()
    {
        RemoteRunTracker tracker(QStringLiteral("w"));
        const auto first = tracker.consume(
            runnerEntry(QStringLiteral("1"), {{"event", "task_started"}, {"title", "T"}}));
        QVERIFY(first.run);
        QCOMPARE(first.run->title, QStringLiteral("T"));
        QCOMPARE(first.run->outcome, RunOutcome::Running);
        const auto finished = tracker.consume(runnerEntry(QStringLiteral("1"),
                                                          {{"event", "task_finished"},
                                                           {"success", false},
                                                           {"error_type", "cancelled"},
                                                           {"error", "cancelled: x"}},
                                                          2000));
        QCOMPARE(finished.run->runId, first.run->runId);
        QCOMPARE(finished.run->outcome, RunOutcome::Cancelled);
        QCOMPARE(finished.run->error, QStringLiteral("cancelled: x"));
        QCOMPARE(finished.run->finishedAtMs, qint64(2000));
        const auto again =
            tracker.consume(runnerEntry(QStringLiteral("1"), {{"event", "task_started"}}, 3000));
        QVERIFY(again.run->runId != first.run->runId);
        QCOMPARE(again.run->outcome, RunOutcome::Running);
    }

    void aStartWithoutAFinishBeforeItIsANewRunToo()
    {
        // A worker restarted in the middle of a task and took it again: no finish entry between.
        RemoteRunTracker tracker(QStringLiteral("w"));
        const auto first =
            tracker.consume(runnerEntry(QStringLiteral("1"), {{"event", "task_started"}}, 1000));
        tracker.consume(runnerEntry(QStringLiteral("1"),
                                    {{"event", "start"}, {"phase", "test_execution"}}, 1500));
        const auto second =
            tracker.consume(runnerEntry(QStringLiteral("1"), {{"event", "task_started"}}, 2000));
        QVERIFY(first.run && second.run);
        QVERIFY(second.run->runId != first.run->runId);
        QCOMPARE(second.run->phase, RunPhase::Validation);
        QCOMPARE(second.run->startedAtMs, qint64(2000));
    }

    void phasesAdvanceAndUnknownPhasesAreIgnored()
    {
        RemoteRunTracker tracker(QStringLiteral("w"));
        tracker.consume(runnerEntry(QStringLiteral("1"), {{"event", "task_started"}}));
        const auto tests = tracker.consume(
            runnerEntry(QStringLiteral("1"), {{"event", "start"}, {"phase", "test_execution"}}));
        QCOMPARE(tests.run->phase, RunPhase::TestExecution);
        QVERIFY(!tracker
                     .consume(runnerEntry(QStringLiteral("1"),
                                          {{"event", "start"}, {"phase", "dreaming"}}))
                     .run);
    }

    void anLlmResponseBecomesACallOfTheRun()
    {
        RemoteRunTracker tracker(QStringLiteral("w"));
        tracker.consume(runnerEntry(QStringLiteral("1"), {{"event", "task_started"}}));
        const auto call = tracker.consume(runnerEntry(QStringLiteral("1"),
                                                      {{"operation", "chat_completion"},
                                                       {"tokens_used", 30},
                                                       {"prompt_tokens", 20},
                                                       {"completion_tokens", 10},
                                                       {"request_duration_seconds", 0.5},
                                                       {"time_to_first_token_seconds", 0.1},
                                                       {"finish_reason", "stop"},
                                                       {"llm_model", "m"}},
                                                      5000));
        QVERIFY(call.exchange);
        QCOMPARE(call.exchange->response.promptTokens, qint64(20));
        QCOMPARE(call.exchange->response.timeToFirstTokenSeconds.value_or(-1), 0.1);
        QCOMPARE(call.exchange->startedAtMs, qint64(4500));
        QCOMPARE(call.exchange->runId, call.run->runId);
        QCOMPARE(call.run->llmCalls, 1);
        QCOMPARE(call.run->completionTokens, qint64(10));
        // A failed attempt's entry has no token count: not a call.
        QVERIFY(
            !tracker.consume(runnerEntry(QStringLiteral("1"), {{"operation", "chat_completion"}}))
                 .exchange);
    }

    void aLostWorkersOpenRunsFailAsWorkerLost()
    {
        RemoteRunTracker tracker(QStringLiteral("w"));
        tracker.consume(runnerEntry(QStringLiteral("1"), {{"event", "task_started"}}, 1000));
        tracker.consume(runnerEntry(QStringLiteral("2"), {{"event", "task_started"}}, 1200));
        tracker.consume(runnerEntry(QStringLiteral("2"),
                                    {{"event", "start"}, {"phase", "test_execution"}}, 1300));
        tracker.consume(runnerEntry(QStringLiteral("1"),
                                    {{"event", "task_finished"}, {"success", true}}, 1400));

        const QList<RunSnapshot> lost = tracker.abandonOpenRuns(QStringLiteral("gone"), 5000);
        QCOMPARE(lost.size(), 1); // task 1 had finished
        QCOMPARE(lost[0].taskId, QStringLiteral("2"));
        QCOMPARE(lost[0].outcome, RunOutcome::Failed);
        QCOMPARE(lost[0].phase, RunPhase::Finished);
        QCOMPARE(lost[0].failedPhase, RunPhase::TestExecution);
        QCOMPARE(lost[0].errorType, QStringLiteral("worker_lost"));
        QCOMPARE(lost[0].error, QStringLiteral("gone"));
        QCOMPARE(lost[0].finishedAtMs, qint64(5000));
        QVERIFY(tracker.abandonOpenRuns(QStringLiteral("again"), 6000).isEmpty());

        // The worker comes back: what it logs now is a new row, not the abandoned one.
        const auto later = tracker.consume(
            runnerEntry(QStringLiteral("2"), {{"event", "start"}, {"phase", "test_execution"}}, 7000));
        QVERIFY(later.run);
        QVERIFY(later.run->runId != lost[0].runId);
    }
};

QTEST_GUILESS_MAIN(TestRemoteRunTracker)
#include "test_remote_run_tracker.moc"
