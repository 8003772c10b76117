// foldRunEvent: a run's row follows its events — started, phases, LLM calls with their tokens
// and cost, finished (completed, failed, cancelled) — and ignores the events that do not change
// a row (service calls, git commands, tests, a phase that ends).
#include "engine/RunEventFold.h"

#include <QTest>

using namespace necrocode;
using namespace necrocode::run_event;

class TestRunEventFold : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aRunFollowsItsEvents()
    {
        RunSnapshot run;
        run.phase = RunPhase::Queued;
        foldRunEvent(run, RunStarted{QStringLiteral("Add safe division"), 600, {}}, 1000);
        QCOMPARE(run.outcome, RunOutcome::Running);
        QCOMPARE(run.startedAtMs, 1000);
        QCOMPARE(run.title, QStringLiteral("Add safe division"));

        foldRunEvent(run, PhaseChanged{RunPhase::TaskImplementation, true}, 1100);
        QCOMPARE(run.phase, RunPhase::TaskImplementation);
        foldRunEvent(run, PhaseChanged{RunPhase::TaskImplementation, false}, 1200);
        QCOMPARE(run.phase, RunPhase::TaskImplementation);

        LlmCall unpriced;
        unpriced.promptTokens = 800;
        unpriced.completionTokens = 90;
        foldRunEvent(run, unpriced, 1300);
        QCOMPARE(run.costUsd, -1.0);
        LlmCall priced = unpriced;
        priced.costUsd = 0.25;
        foldRunEvent(run, priced, 1400);
        QCOMPARE(run.llmCalls, 2);
        QCOMPARE(run.promptTokens, 1600);
        QCOMPARE(run.completionTokens, 180);
        QCOMPARE(run.costUsd, 0.25);

        const RunSnapshot before = run;
        foldRunEvent(run,
                     ServiceCall{.service = QStringLiteral("repo_pool"),
                                 .operation = QStringLiteral("allocate_slot"),
                                 .durationSeconds = 0.1},
                     1500);
        foldRunEvent(run, TestsFinished{3, 2, 1, 1.0, false}, 1600);
        QCOMPARE(run.llmCalls, before.llmCalls);
        QCOMPARE(run.phase, before.phase);
        QCOMPARE(run.outcome, before.outcome);

        foldRunEvent(
            run,
            RunFinished{false, 2.0, QStringLiteral("tests failed"), QStringLiteral("test_failure")},
            2000);
        QCOMPARE(run.outcome, RunOutcome::Failed);
        QCOMPARE(run.phase, RunPhase::Finished);
        QCOMPARE(run.finishedAtMs, 2000);
        QCOMPARE(run.errorType, QStringLiteral("test_failure"));
    }

    void finishedRunsReadCompletedOrCancelled()
    {
        RunSnapshot completed;
        foldRunEvent(completed, RunFinished{true, 1.0, {}, {}}, 10);
        QCOMPARE(completed.outcome, RunOutcome::Completed);
        RunSnapshot cancelled;
        foldRunEvent(
            cancelled,
            RunFinished{false, 1.0, QStringLiteral("cancelled"), QStringLiteral("cancelled")}, 10);
        QCOMPARE(cancelled.outcome, RunOutcome::Cancelled);
    }
};

QTEST_GUILESS_MAIN(TestRunEventFold)
#include "test_run_event_fold.moc"
