// PlaybookRunner: order, if/else, for_each, retries with their delay, fail-fast and
// continue_on_error, timeouts capped by the task's deadline, cancel, masking.
#include "../workspace/WorkspaceTestSupport.h"
#include "engine/PlaybookLoader.h"
#include "engine/PlaybookRunner.h"
#include "log/LogDispatcher.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;
using namespace necrocode::test;

class TestPlaybookRunner : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_workspace;

    PlaybookRunOptions options(const QStringList &testCommands = {},
                               TaskComplexity complexity = TaskComplexity::Medium) const
    {
        TaskContext task;
        task.taskId = QStringLiteral("1.1");
        task.specName = QStringLiteral("chat-app");
        task.complexity = complexity;
        PlaybookRunOptions o;
        o.workspace = m_workspace->path();
        o.variables =
            PlaybookVariables::forTask(task, o.workspace, testCommands, QStringLiteral("main"));
        o.killGraceMs = 200;
        return o;
    }

    static Playbook playbook(const QByteArray &yaml)
    {
        auto parsed = PlaybookLoader::parse(yaml, QStringLiteral("test.yaml"));
        if (!parsed)
            qFatal("bad test playbook: %s", qPrintable(parsed.errorMessage()));
        return std::move(parsed).value();
    }

    static std::optional<PlaybookReport> run(const QByteArray &yaml, PlaybookRunOptions options)
    {
        PlaybookRunner runner{Logger()};
        std::optional<PlaybookReport> report;
        runner.run(playbook(yaml), std::move(options),
                   [&report](const PlaybookReport &r) { report = r; });
        waitFor(report);
        return report;
    }

    QByteArray read(const QString &name) const
    {
        QFile file(m_workspace->filePath(name));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

private Q_SLOTS:
    void init()
    {
        m_workspace = std::make_unique<QTemporaryDir>();
        QVERIFY(m_workspace->isValid());
    }

    void runsTheStepsInOrderInTheWorkspace()
    {
        const auto report =
            run("steps:\n"
                "  - name: first\n    command: echo a >> order.txt\n"
                "  - name: second\n    command: echo b >> order.txt; cat order.txt\n",
                options());
        QVERIFY(report);
        QVERIFY2(report->success, qPrintable(report->error));
        QCOMPARE(read(QStringLiteral("order.txt")), QByteArray("a\nb\n"));
        QCOMPARE(report->steps.size(), 2);
        QCOMPARE(report->steps.at(1).status, PlaybookStepStatus::Succeeded);
        const TestResult tests = report->testResult();
        QVERIFY(tests.success);
        QCOMPARE(tests.results.size(), 2);
        QCOMPARE(tests.results.at(0).command, QStringLiteral("echo a >> order.txt"));
        QCOMPARE(tests.results.at(1).output, QStringLiteral("a\nb\n"));
    }

    void ifAndElseChooseTheCommand_data()
    {
        QTest::addColumn<int>("complexity");
        QTest::addColumn<QString>("output");
        QTest::newRow("high") << int(TaskComplexity::High) << "full checks\n";
        QTest::newRow("low") << int(TaskComplexity::Low) << "quick checks\n";
    }

    void ifAndElseChooseTheCommand()
    {
        QFETCH(int, complexity);
        QFETCH(QString, output);
        const auto report = run("steps:\n"
                                "  - name: checks\n"
                                "    if: \"{{complexity}} == high\"\n"
                                "    command: echo full checks\n"
                                "    else: echo quick checks\n",
                                options({}, TaskComplexity(complexity)));
        QVERIFY(report && report->success);
        QCOMPARE(report->steps.first().runs.size(), 1);
        QCOMPARE(report->steps.first().runs.first().output, output);
    }

    void aFalseConditionWithoutElseSkipsTheStep()
    {
        const auto report =
            run("steps:\n"
                "  - name: npm\n    if: exists package.json\n    command: npm test\n"
                "  - name: after\n    command: echo after\n",
                options());
        QVERIFY(report && report->success);
        QCOMPARE(report->steps.at(0).status, PlaybookStepStatus::Skipped);
        QVERIFY(report->steps.at(0).runs.isEmpty());
        QVERIFY(report->steps.at(0).note.contains(QStringLiteral("exists package.json")));
        QCOMPARE(report->steps.at(1).status, PlaybookStepStatus::Succeeded);
    }

    void forEachRunsTheCommandPerElement()
    {
        const auto report = run("steps:\n  - name: tests\n    for_each: test_commands\n"
                                "    command: \"{{item}}\"\n",
                                options({QStringLiteral("echo one"), QStringLiteral("echo two")}));
        QVERIFY(report && report->success);
        const QList<SingleTestResult> runs = report->steps.first().runs;
        QCOMPARE(runs.size(), 2);
        QCOMPARE(runs.at(0).command, QStringLiteral("echo one"));
        QCOMPARE(runs.at(1).output, QStringLiteral("two\n"));
    }

    void anEmptyListRunsNothingAndSaysSo()
    {
        const auto report = run("steps:\n  - name: tests\n    for_each: test_commands\n"
                                "    command: \"{{item}}\"\n",
                                options());
        QVERIFY(report && report->success);
        QCOMPARE(report->steps.first().status, PlaybookStepStatus::Succeeded);
        QVERIFY(report->steps.first().runs.isEmpty());
        QVERIFY(report->steps.first().note.contains(QStringLiteral("nothing to run")));
    }

    void retriesAfterTheirDelayUntilTheCommandPasses()
    {
        QElapsedTimer clock;
        clock.start();
        const auto report = run("steps:\n  - name: flaky\n"
                                "    command: n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); "
                                "echo $n > count; echo attempt $n; [ $n -ge 3 ]\n"
                                "    retries: 2\n    retry_delay_seconds: 0.25\n",
                                options());
        QVERIFY(report);
        QVERIFY2(report->success, qPrintable(report->error));
        QVERIFY(clock.elapsed() >= 500);
        const PlaybookStepReport &step = report->steps.first();
        QCOMPARE(step.attempts, 3);
        QCOMPARE(step.runs.size(), 1);
        QCOMPARE(step.runs.first().output, QStringLiteral("attempt 3\n"));
    }

    void aCommandThatKeepsFailingFailsAfterItsRetries()
    {
        const auto report = run(
            "steps:\n  - name: broken\n    command: echo no; exit 4\n    retries: 1\n", options());
        QVERIFY(report && !report->success);
        const PlaybookStepReport &step = report->steps.first();
        QCOMPARE(step.status, PlaybookStepStatus::Failed);
        QCOMPARE(step.attempts, 2);
        QCOMPARE(step.runs.first().exitCode, 4);
        QVERIFY(report->error.contains(QStringLiteral("'broken'")));
    }

    void failFastStopsAtTheFirstFailure()
    {
        const auto report = run("steps:\n"
                                "  - name: tests\n    for_each: test_commands\n"
                                "    command: \"{{item}}\"\n"
                                "  - name: after\n    command: echo after\n",
                                options({QStringLiteral("exit 1"), QStringLiteral("echo second")}));
        QVERIFY(report && !report->success);
        QCOMPARE(report->steps.at(0).runs.size(), 1);
        QCOMPARE(report->steps.at(1).status, PlaybookStepStatus::NotRun);
        QCOMPARE(report->testResult().failedCount(), 1);
    }

    void withoutFailFastEverythingRunsAndTheRunFails()
    {
        PlaybookRunOptions o = options({QStringLiteral("exit 1"), QStringLiteral("echo second")});
        o.failFast = false;
        const auto report = run("steps:\n"
                                "  - name: tests\n    for_each: test_commands\n"
                                "    command: \"{{item}}\"\n"
                                "  - name: after\n    command: echo after\n",
                                o);
        QVERIFY(report && !report->success);
        QCOMPARE(report->steps.at(0).runs.size(), 2);
        QCOMPARE(report->steps.at(1).status, PlaybookStepStatus::Succeeded);
        QCOMPARE(report->testResult().passedCount(), 2);
        QCOMPARE(report->testResult().failedCount(), 1);
    }

    void continueOnErrorReportsTheFailureButGoesOn()
    {
        const auto report = run("steps:\n"
                                "  - name: lint\n    command: exit 2\n    continue_on_error: true\n"
                                "  - name: tests\n    command: echo tests\n",
                                options());
        QVERIFY(report);
        QVERIFY2(report->success, qPrintable(report->error));
        QCOMPARE(report->steps.at(0).status, PlaybookStepStatus::Failed);
        QVERIFY(report->steps.at(0).continuedOnError);
        QCOMPARE(report->steps.at(1).status, PlaybookStepStatus::Succeeded);
    }

    void aStepTimeoutStopsAHangingCommand()
    {
        QElapsedTimer clock;
        clock.start();
        const auto report = run(
            "steps:\n  - name: hang\n    command: sleep 30\n    timeout_seconds: 1\n", options());
        QVERIFY(report && !report->success);
        const SingleTestResult &result = report->steps.first().runs.first();
        QVERIFY(result.timedOut);
        QVERIFY(result.output.contains(QStringLiteral("timed out")));
        QVERIFY(clock.elapsed() < 5000);
    }

    void theTaskDeadlineCapsEveryTimeoutAndStopsTheRun()
    {
        PlaybookRunOptions o = options();
        o.deadline = QDeadlineTimer(400);
        QElapsedTimer clock;
        clock.start();
        const auto report = run("steps:\n"
                                "  - name: hang\n    command: sleep 30\n    timeout_seconds: 100\n"
                                "    retries: 3\n    continue_on_error: true\n"
                                "  - name: after\n    command: echo after\n",
                                o);
        QVERIFY(report && !report->success);
        QVERIFY(clock.elapsed() < 3000);
        QCOMPARE(report->steps.at(0).attempts, 1);
        QVERIFY(report->steps.at(0).runs.first().timedOut);
        QCOMPARE(report->steps.at(1).status, PlaybookStepStatus::NotRun);
        QVERIFY2(report->error.contains(QStringLiteral("time budget")), qPrintable(report->error));
    }

    void nothingStartsOnceTheBudgetIsUsedUp()
    {
        PlaybookRunOptions o = options();
        o.deadline = QDeadlineTimer(0);
        const auto report = run("steps:\n  - name: a\n    command: echo ran > ran.txt\n", o);
        QVERIFY(report && !report->success);
        QVERIFY(read(QStringLiteral("ran.txt")).isEmpty());
        QVERIFY(report->steps.first().runs.first().output.contains(QStringLiteral("not started")));
    }

    void cancelStopsTheRunningCommand()
    {
        PlaybookRunner runner{Logger()};
        std::optional<PlaybookReport> report;
        runner.run(playbook("steps:\n  - name: hang\n    command: sleep 30\n"
                            "  - name: after\n    command: echo after\n"),
                   options(), [&report](const PlaybookReport &r) { report = r; });
        QTest::qWait(150);
        QVERIFY(runner.isRunning());
        runner.cancel();
        QVERIFY(waitFor(report, 3000));
        QVERIFY(report->cancelled);
        QVERIFY(!report->success);
        QCOMPARE(report->steps.at(0).status, PlaybookStepStatus::Cancelled);
        QCOMPARE(report->steps.at(1).status, PlaybookStepStatus::Cancelled);
        QVERIFY(!runner.isRunning());
    }

    void cancelDuringARetryDelayStopsTheRun()
    {
        PlaybookRunner runner{Logger()};
        std::optional<PlaybookReport> report;
        runner.run(playbook("steps:\n  - name: a\n    command: exit 1\n    retries: 3\n"
                            "    retry_delay_seconds: 60\n"),
                   options(), [&report](const PlaybookReport &r) { report = r; });
        QTest::qWait(200);
        runner.cancel();
        QVERIFY(waitFor(report, 2000));
        QVERIFY(report->cancelled);
    }

    void outputAndCommandsAreMaskedAndTheEnvironmentIsPassed()
    {
        auto masker = std::make_shared<SecretMasker>();
        masker->addKnownSecret(QStringLiteral("s3cr3t-value-42"));
        PlaybookRunOptions o = options({QStringLiteral("echo s3cr3t-value-42 $NECRO_MODE")});
        o.masker = masker;
        o.environment.insert(QStringLiteral("NECRO_MODE"), QStringLiteral("ci"));
        const auto report = run("steps:\n  - name: tests\n    for_each: test_commands\n"
                                "    command: \"{{item}}\"\n",
                                o);
        QVERIFY(report && report->success);
        const SingleTestResult &result = report->steps.first().runs.first();
        QCOMPARE(result.output, QStringLiteral("*** ci\n"));
        QCOMPARE(result.command, QStringLiteral("echo *** $NECRO_MODE"));
    }

    void stepsAreLogged()
    {
        auto sink = std::make_shared<RecordingSink>();
        auto dispatcher = std::make_shared<LogDispatcher>(LogLevel::Debug);
        dispatcher->addSink(sink);
        PlaybookRunner runner{Logger(dispatcher, QStringLiteral("necrocode.runner.playbook"))};
        std::optional<PlaybookReport> report;
        runner.run(playbook("steps:\n  - name: a\n    command: exit 3\n"), options(),
                   [&report](const PlaybookReport &r) { report = r; });
        QVERIFY(waitFor(report));
        bool failureLogged = false;
        for (const LogEntry &entry : sink->entries())
            failureLogged |= entry.level == LogLevel::Warning &&
                             entry.extra.value(QStringLiteral("step")).toString() == "a" &&
                             entry.extra.value(QStringLiteral("exit_code")).toInt() == 3;
        QVERIFY(failureLogged);
    }
};

QTEST_GUILESS_MAIN(TestPlaybookRunner)
#include "test_playbook_runner.moc"
