// TestRunner: the task's commands through the default playbook, fail_fast, failures, a hanging
// test stopped by its timeout, the task's deadline, detection, and nothing to run.
#include "../workspace/WorkspaceTestSupport.h"
#include "engine/TestRunner.h"
#include "log/LogDispatcher.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;
using namespace necrocode::test;

class TestTestRunner : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_workspace;
    std::shared_ptr<RecordingSink> m_sink;
    std::shared_ptr<LogDispatcher> m_dispatcher;

    static TaskContext task(const QStringList &commands, bool failFast = true)
    {
        TaskContext t;
        t.taskId = QStringLiteral("2.3");
        t.specName = QStringLiteral("chat-app");
        t.title = QStringLiteral("Add the message store");
        t.testCommands = commands;
        t.failFast = failFast;
        return t;
    }

    TestRunSettings settings() const
    {
        TestRunSettings s;
        s.workspace = m_workspace->path();
        s.killGraceMs = 200;
        return s;
    }

    std::optional<TestRunReport> run(const TaskContext &t, TestRunSettings s)
    {
        TestRunner runner(Logger(m_dispatcher, QStringLiteral("necrocode.runner.tests")),
                          TestCommandDetector([](const QString &) { return false; }));
        std::optional<TestRunReport> report;
        runner.run(t, std::move(s), [&report](const TestRunReport &r) { report = r; });
        waitFor(report);
        return report;
    }

private Q_SLOTS:
    void init()
    {
        m_workspace = std::make_unique<QTemporaryDir>();
        m_sink = std::make_shared<RecordingSink>();
        m_dispatcher = std::make_shared<LogDispatcher>(LogLevel::Debug);
        m_dispatcher->addSink(m_sink);
    }

    void runsTheTaskCommandsInTheWorkspace()
    {
        writeTextFile(m_workspace->filePath(QStringLiteral("marker.txt")), "here\n");
        const auto report =
            run(task({QStringLiteral("cat marker.txt"), QStringLiteral("echo \"CI=$CI\"")}),
                settings());
        QVERIFY(report);
        QVERIFY(report->tests.success);
        QCOMPARE(report->commandSource, QStringLiteral("task"));
        QCOMPARE(report->tests.results.size(), 2);
        QCOMPARE(report->tests.results.at(0).output, QStringLiteral("here\n"));
        QCOMPARE(report->tests.results.at(1).output, QStringLiteral("CI=true\n"));
        QCOMPARE(report->tests.passedCount(), 2);
    }

    void aFailingTestFailsTheRunWithItsOutput()
    {
        const auto report =
            run(task({QStringLiteral("echo 'FAILED test_store' >&2; exit 1")}), settings());
        QVERIFY(report);
        QVERIFY(!report->tests.success);
        QCOMPARE(report->tests.failedCount(), 1);
        QCOMPARE(report->tests.results.first().exitCode, 1);
        QVERIFY(report->tests.results.first().output.contains(QStringLiteral("FAILED test_store")));
    }

    void failFastStopsAtTheFirstFailureAndOtherwiseAllRun_data()
    {
        QTest::addColumn<bool>("failFast");
        QTest::addColumn<int>("ran");
        QTest::newRow("fail fast") << true << 1;
        QTest::newRow("run everything") << false << 3;
    }

    void failFastStopsAtTheFirstFailureAndOtherwiseAllRun()
    {
        QFETCH(bool, failFast);
        QFETCH(int, ran);
        const auto report =
            run(task({QStringLiteral("exit 1"), QStringLiteral("true"), QStringLiteral("true")},
                     failFast),
                settings());
        QVERIFY(report);
        QVERIFY(!report->tests.success);
        QCOMPARE(report->tests.results.size(), ran);
    }

    void aHangingTestIsKilledByItsTimeout()
    {
        TestRunSettings s = settings();
        s.perTestTimeoutSeconds = 1;
        QElapsedTimer clock;
        clock.start();
        const auto report =
            run(task({QStringLiteral("sleep 30"), QStringLiteral("echo next")}, false), s);
        QVERIFY(report);
        QVERIFY(clock.elapsed() < 5000);
        QVERIFY(report->tests.results.at(0).timedOut);
        QVERIFY(!report->tests.results.at(0).success);
        QCOMPARE(report->tests.results.at(1).output, QStringLiteral("next\n"));
    }

    void theTaskDeadlineBoundsTheWholePhase()
    {
        TestRunSettings s = settings();
        s.perTestTimeoutSeconds = 600;
        s.deadline = QDeadlineTimer(500);
        QElapsedTimer clock;
        clock.start();
        const auto report = run(task({QStringLiteral("sleep 0.2"), QStringLiteral("sleep 30"),
                                      QStringLiteral("echo never")},
                                     false),
                                s);
        QVERIFY(report);
        QVERIFY(clock.elapsed() < 3000);
        QVERIFY(!report->tests.success);
        QCOMPARE(report->tests.results.size(), 2);
        QVERIFY(report->tests.results.at(0).success);
        QVERIFY(report->tests.results.at(1).timedOut);
        QVERIFY(report->playbook.error.contains(QStringLiteral("time budget")));
    }

    void detectedCommandsAreUsedWhenTheTaskHasNone()
    {
        writeTextFile(m_workspace->filePath(QStringLiteral("test_sum.py")),
                      "import unittest\n\nclass T(unittest.TestCase):\n"
                      "    def test_sum(self):\n        self.assertEqual(1 + 1, 2)\n");
        const auto report = run(task({}), settings());
        QVERIFY(report);
        QCOMPARE(report->commandSource, QStringLiteral("detected"));
        QCOMPARE(report->commands, QStringList{"python3 -m unittest discover -v"});
        QVERIFY2(report->tests.success, qPrintable(report->tests.results.value(0).output));
        QVERIFY(!QDir(m_workspace->filePath(QStringLiteral("__pycache__"))).exists());
    }

    void nothingToRunIsASuccessWithANote()
    {
        const auto report = run(task({}), settings());
        QVERIFY(report);
        QVERIFY(report->tests.success);
        QVERIFY(report->tests.results.isEmpty());
        QCOMPARE(report->commandSource, QStringLiteral("none"));
        QVERIFY(report->note.contains(QStringLiteral("no test commands")));
        bool logged = false;
        for (const LogEntry &entry : m_sink->entries())
            logged |= entry.message.contains(QStringLiteral("no test commands"));
        QVERIFY(logged);
    }

    void credentialsInTheEnvironmentDoNotReachTheTests()
    {
        qputenv("NECRO_TEST_GIT_TOKEN", "never-in-tests");
        const auto report =
            run(task({QStringLiteral("echo \"${NECRO_TEST_GIT_TOKEN:-absent}\"")}), settings());
        qunsetenv("NECRO_TEST_GIT_TOKEN");
        QVERIFY(report);
        QCOMPARE(report->tests.results.first().output, QStringLiteral("absent\n"));
    }

    void theTaskPlaybookRunsInsteadOfTheDefault()
    {
        writeTextFile(m_workspace->filePath(QStringLiteral("checks.yaml")),
                      "steps:\n  - name: announce\n    command: echo checking {{task_id}}\n"
                      "  - name: tests\n    for_each: test_commands\n    command: \"{{item}}\"\n");
        TaskContext t = task({QStringLiteral("echo tested")});
        t.playbookPath = QStringLiteral("checks.yaml");
        const auto report = run(t, settings());
        QVERIFY(report);
        QVERIFY2(report->error.isEmpty(), qPrintable(report->error));
        QCOMPARE(report->tests.results.size(), 2);
        QCOMPARE(report->tests.results.at(0).output, QStringLiteral("checking 2.3\n"));
        QCOMPARE(report->tests.results.at(1).output, QStringLiteral("tested\n"));
    }

    void aBrokenPlaybookFailsBeforeAnythingRuns()
    {
        writeTextFile(m_workspace->filePath(QStringLiteral("broken.yaml")),
                      "steps:\n  - name: a\n    command: touch ran.txt {{nope}}\n");
        TaskContext t = task({QStringLiteral("touch ran.txt")});
        t.playbookPath = QStringLiteral("broken.yaml");
        const auto report = run(t, settings());
        QVERIFY(report);
        QVERIFY(!report->tests.success);
        QVERIFY2(report->error.contains(QStringLiteral("{{nope}}")), qPrintable(report->error));
        QVERIFY(!QFile::exists(m_workspace->filePath(QStringLiteral("ran.txt"))));
    }

    void cancelStopsTheTests()
    {
        TestRunner runner{Logger()};
        std::optional<TestRunReport> report;
        runner.run(task({QStringLiteral("sleep 30")}), settings(),
                   [&report](const TestRunReport &r) { report = r; });
        QTest::qWait(150);
        runner.cancel();
        QVERIFY(waitFor(report, 3000));
        QVERIFY(report->cancelled);
        QVERIFY(!report->tests.success);
    }
};

QTEST_GUILESS_MAIN(TestTestRunner)
#include "test_test_runner.moc"
