// JSON round trips of the run results, the runner state machine, and errors naming keys.
#include "core/RunResults.h"

#include <QJsonArray>
#include <QTest>

using namespace necrocode;

class TestRunResults : public QObject
{
    Q_OBJECT

    static RunnerResult fullResult()
    {
        RunnerResult r;
        r.success = false;
        r.runnerId = QStringLiteral("runner-1");
        r.taskId = QStringLiteral("2.1");
        r.specName = QStringLiteral("chat-app");
        r.finalState = RunnerState::Failed;
        r.durationSeconds = 12.5;
        r.implementation = ImplementationResult{true,
                                                {QStringLiteral("a.py"), QStringLiteral("b.py")},
                                                10,
                                                3,
                                                QStringLiteral("diff --git"),
                                                QStringLiteral("why"),
                                                QString(),
                                                1.25};
        r.tests = TestResult{
            false,
            {SingleTestResult{QStringLiteral("pytest"), false, 1, false, QStringLiteral("1 failed"),
                              2.0},
             SingleTestResult{QStringLiteral("ctest"), true, 0, false, QStringLiteral("ok"), 1.0}},
            3.0};
        r.push = PushResult{true, QStringLiteral("feature/task-chat-app-2.1"),
                            QStringLiteral("abc123"), 1, QString()};
        r.artifacts = {
            ArtifactRecord{QStringLiteral("diff"), QStringLiteral("http://s/a/1"), 99,
                           QJsonObject{{QStringLiteral("sha256"), QStringLiteral("ff")}}}};
        r.error = QStringLiteral("tests failed");
        r.errorType = QStringLiteral("test_failure");
        r.failedPhase = QStringLiteral("test_execution");
        return r;
    }

private Q_SLOTS:
    void runnerResultRoundTrip()
    {
        const RunnerResult r = fullResult();
        const auto back = RunnerResult::fromJson(r.toJson());
        QVERIFY2(back.ok(), qPrintable(back.errorMessage()));
        QCOMPARE(back.value(), r);
        QCOMPARE(back->tests->passedCount(), 1);
        QCOMPARE(back->tests->failedCount(), 1);
    }

    void absentPartsStayAbsent()
    {
        RunnerResult r;
        r.taskId = QStringLiteral("1");
        const auto back = RunnerResult::fromJson(r.toJson());
        QVERIFY(back.ok());
        QVERIFY(!back->implementation && !back->tests && !back->push);
    }

    void nestedErrorsNameThePath()
    {
        QJsonObject o = fullResult().toJson();
        QJsonObject tests = o.value(QStringLiteral("tests")).toObject();
        QJsonArray results = tests.value(QStringLiteral("results")).toArray();
        QJsonObject first = results.at(0).toObject();
        first.insert(QStringLiteral("exit_code"), QStringLiteral("one"));
        results.replace(0, first);
        tests.insert(QStringLiteral("results"), results);
        o.insert(QStringLiteral("tests"), tests);
        const auto back = RunnerResult::fromJson(o);
        QVERIFY(!back.ok());
        QVERIFY2(back.errorMessage().contains(
                     QStringLiteral("'tests': 'results[0]': 'exit_code' must be an integer")),
                 qPrintable(back.errorMessage()));
    }

    void requiredKeys()
    {
        QVERIFY(RunnerResult::fromJson({}).errorMessage().contains(
            QStringLiteral("'success' is required")));
        QVERIFY(ArtifactRecord::fromJson({{QStringLiteral("type"), QStringLiteral("diff")}})
                    .errorMessage()
                    .contains(QStringLiteral("'uri' is required")));
        QJsonObject o = fullResult().toJson();
        o.insert(QStringLiteral("state"), QStringLiteral("sleeping"));
        QVERIFY(RunnerResult::fromJson(o).errorMessage().contains(QStringLiteral("'state'")));
    }

    void stateMachine()
    {
        QVERIFY(isAllowedTransition(RunnerState::Idle, RunnerState::Running));
        QVERIFY(isAllowedTransition(RunnerState::Running, RunnerState::Completed));
        QVERIFY(isAllowedTransition(RunnerState::Running, RunnerState::Failed));
        QVERIFY(isAllowedTransition(RunnerState::Failed, RunnerState::Idle));
        QVERIFY(isAllowedTransition(RunnerState::Completed, RunnerState::Idle));
        QVERIFY(!isAllowedTransition(RunnerState::Idle, RunnerState::Completed));
        QVERIFY(!isAllowedTransition(RunnerState::Completed, RunnerState::Running));
        for (auto s :
             {RunnerState::Idle, RunnerState::Running, RunnerState::Completed, RunnerState::Failed})
            QCOMPARE(parseRunnerState(runnerStateName(s)), s);
    }
};

QTEST_GUILESS_MAIN(TestRunResults)
#include "test_run_results.moc"
