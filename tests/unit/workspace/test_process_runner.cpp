// ProcessRunner: output, exit codes, environment, and that timeouts and cancel() stop the whole
// process tree.
#include "WorkspaceTestSupport.h"
#include "workspace/ProcessRunner.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <sys/resource.h>

using namespace necrocode;
using namespace necrocode::test;

class TestProcessRunner : public QObject
{
    Q_OBJECT

private:
    static std::optional<ProcessOutcome> run(ProcessSpec spec)
    {
        ProcessRunner runner;
        std::optional<ProcessOutcome> outcome;
        runner.start(std::move(spec), [&outcome](const ProcessOutcome &o) { outcome = o; });
        waitFor(outcome);
        return outcome;
    }

    QTemporaryDir m_dir;

private Q_SLOTS:
    void capturesOutputAndExitCode_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("output");
        QTest::newRow("success") << "echo hello" << 0 << "hello\n";
        QTest::newRow("failure") << "echo broken; exit 3" << 3 << "broken\n";
        QTest::newRow("stderr merged") << "echo out; echo err >&2; exit 1" << 1 << "out\nerr\n";
    }

    void capturesOutputAndExitCode()
    {
        QFETCH(QString, command);
        QFETCH(int, exitCode);
        QFETCH(QString, output);
        const auto outcome = run(ProcessSpec::shell(command));
        QVERIFY(outcome);
        QCOMPARE(outcome->exitCode, exitCode);
        QCOMPARE(outcome->output, output);
        QCOMPARE(outcome->succeeded(), exitCode == 0);
        QVERIFY(!outcome->timedOut && !outcome->cancelled && !outcome->crashed);
        QVERIFY(!outcome->outputTruncated);
    }

    void keepsErrorOutputApartWhenAsked()
    {
        ProcessSpec spec = ProcessSpec::shell(QStringLiteral("echo out; echo err >&2"));
        spec.separateErrorOutput = true;
        const auto outcome = run(spec);
        QVERIFY(outcome);
        QCOMPARE(outcome->output, QStringLiteral("out\n"));
        QCOMPARE(outcome->errorOutput, QStringLiteral("err\n"));
    }

    void runsAProgramWithArgumentsUnsplit()
    {
        const auto outcome = run(ProcessSpec::command(
            QStringLiteral("printf"), {QStringLiteral("[%s]"), QStringLiteral("two words; $x")}));
        QVERIFY(outcome);
        QCOMPARE(outcome->output, QStringLiteral("[two words; $x]"));
    }

    void displayCommandQuotesWordsThatNeedIt()
    {
        const ProcessSpec spec = ProcessSpec::command(
            QStringLiteral("git"),
            {QStringLiteral("commit"), QStringLiteral("-m"), QStringLiteral("it's done")});
        QCOMPARE(spec.displayCommand(), QStringLiteral("git commit -m 'it'\\''s done'"));
    }

    void commandsRunNicerThanTheRunner()
    {
        // Field 19 of /proc/<pid>/stat is the niceness of the process reading it.
        const QString readNiceness = QStringLiteral("cut -d' ' -f19 /proc/self/stat");
        const int own = ::getpriority(PRIO_PROCESS, 0);
        const auto nicer = run(ProcessSpec::shell(readNiceness));
        QVERIFY(nicer);
        QCOMPARE(nicer->output.trimmed().toInt(),
                 std::min(19, own + ProcessSpec::kDefaultNicenessIncrement));

        ProcessSpec asIs = ProcessSpec::shell(readNiceness);
        asIs.nicenessIncrement = 0;
        const auto same = run(asIs);
        QVERIFY(same);
        QCOMPARE(same->output.trimmed().toInt(), own);
    }

    void reportsAProgramThatCannotStart()
    {
        const auto outcome =
            run(ProcessSpec::command(QStringLiteral("/nonexistent/necrocode-no-such-program"), {}));
        QVERIFY(outcome);
        QVERIFY(outcome->failedToStart);
        QVERIFY(!outcome->succeeded());
        QVERIFY(!outcome->errorMessage.isEmpty());
    }

    void doneIsNeverCalledFromInsideStart()
    {
        ProcessRunner runner;
        bool called = false;
        runner.start(ProcessSpec::command(QStringLiteral("/nonexistent/necrocode-x"), {}),
                     [&called](const ProcessOutcome &) { called = true; });
        QVERIFY(!called);
        QTRY_VERIFY(called);
    }

    void usesWorkingDirectoryAndEnvironment()
    {
        ProcessSpec spec = ProcessSpec::shell(QStringLiteral("pwd; echo \"$NECRO_GREETING\""));
        spec.workingDirectory = m_dir.path();
        spec.environment.insert(QStringLiteral("NECRO_GREETING"), QStringLiteral("hi there"));
        const auto outcome = run(spec);
        QVERIFY(outcome);
        QCOMPARE(outcome->output,
                 QFileInfo(m_dir.path()).canonicalFilePath() + QStringLiteral("\nhi there\n"));
    }

    void credentialVariablesAreNotInheritedByDefault()
    {
        qputenv("NECRO_TEST_API_TOKEN", "inherited-secret");
        ProcessSpec spec =
            ProcessSpec::shell(QStringLiteral("echo \"${NECRO_TEST_API_TOKEN:-unset}\""));
        const auto withheld = run(spec);
        spec.inheritSensitiveEnvironment = true;
        const auto inherited = run(spec);
        qunsetenv("NECRO_TEST_API_TOKEN");
        QVERIFY(withheld && inherited);
        QCOMPARE(withheld->output, QStringLiteral("unset\n"));
        QCOMPARE(inherited->output, QStringLiteral("inherited-secret\n"));
    }

    void stdinIsClosed()
    {
        ProcessSpec spec = ProcessSpec::shell(QStringLiteral("cat; echo done"));
        spec.timeoutMs = 5000;
        const auto outcome = run(spec);
        QVERIFY(outcome);
        QVERIFY(!outcome->timedOut);
        QCOMPARE(outcome->output, QStringLiteral("done\n"));
    }

    void timeoutKillsTheWholeProcessTree()
    {
        const QString pidFile = m_dir.filePath(QStringLiteral("timeout.pid"));
        ProcessSpec spec =
            ProcessSpec::shell(QStringLiteral("sleep 30 & echo $! > '%1'; sleep 30").arg(pidFile));
        spec.timeoutMs = 300;
        QElapsedTimer clock;
        clock.start();
        const auto outcome = run(spec);
        QVERIFY(outcome);
        QVERIFY(outcome->timedOut);
        QVERIFY(!outcome->succeeded());
        QVERIFY(!outcome->crashed);
        QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
        const qint64 grandchild = readPid(pidFile);
        QVERIFY(grandchild > 0);
        QVERIFY(waitUntilGone(grandchild));
    }

    void aTreeIgnoringSigtermIsKilledAfterTheGrace()
    {
        ProcessSpec spec =
            ProcessSpec::shell(QStringLiteral("trap '' TERM; while :; do sleep 0.05; done"));
        spec.timeoutMs = 200;
        spec.killGraceMs = 300;
        QElapsedTimer clock;
        clock.start();
        const auto outcome = run(spec);
        QVERIFY(outcome);
        QVERIFY(outcome->timedOut);
        QVERIFY(clock.elapsed() >= 450);
        QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
    }

    void cancelStopsTheTree()
    {
        const QString pidFile = m_dir.filePath(QStringLiteral("cancel.pid"));
        ProcessRunner runner;
        std::optional<ProcessOutcome> outcome;
        runner.start(
            ProcessSpec::shell(QStringLiteral("sleep 30 & echo $! > '%1'; sleep 30").arg(pidFile)),
            [&outcome](const ProcessOutcome &o) { outcome = o; });
        QTRY_VERIFY(readPid(pidFile) > 0);
        QVERIFY(runner.isRunning());
        runner.cancel();
        QVERIFY(waitFor(outcome, 3000));
        QVERIFY(outcome->cancelled);
        QVERIFY(!outcome->timedOut);
        QVERIFY(!runner.isRunning());
        QVERIFY(waitUntilGone(readPid(pidFile)));
    }

    void backgroundProcessesDoNotOutliveTheCommand()
    {
        const QString pidFile = m_dir.filePath(QStringLiteral("background.pid"));
        QElapsedTimer clock;
        clock.start();
        const auto outcome =
            run(ProcessSpec::shell(QStringLiteral("sleep 30 & echo $! > '%1'").arg(pidFile)));
        QVERIFY(outcome);
        QVERIFY(outcome->succeeded());
        QVERIFY(clock.elapsed() < 3000);
        QVERIFY(waitUntilGone(readPid(pidFile)));
    }

    void destroyingTheRunnerKillsTheTreeWithoutReporting()
    {
        const QString pidFile = m_dir.filePath(QStringLiteral("destroy.pid"));
        bool called = false;
        {
            ProcessRunner runner;
            runner.start(ProcessSpec::shell(
                             QStringLiteral("sleep 30 & echo $! > '%1'; sleep 30").arg(pidFile)),
                         [&called](const ProcessOutcome &) { called = true; });
            QTRY_VERIFY(readPid(pidFile) > 0);
        }
        QVERIFY(waitUntilGone(readPid(pidFile)));
        QTest::qWait(50);
        QVERIFY(!called);
    }

    void startingWhileRunningIsRefused()
    {
        ProcessRunner runner;
        std::optional<ProcessOutcome> first;
        std::optional<ProcessOutcome> second;
        runner.start(ProcessSpec::shell(QStringLiteral("sleep 0.2; echo first")),
                     [&first](const ProcessOutcome &o) { first = o; });
        runner.start(ProcessSpec::shell(QStringLiteral("echo second")),
                     [&second](const ProcessOutcome &o) { second = o; });
        QVERIFY(waitFor(second));
        QVERIFY(second->failedToStart);
        QVERIFY(waitFor(first));
        QCOMPARE(first->output, QStringLiteral("first\n"));
    }

    void reportsACrash()
    {
        const auto outcome = run(ProcessSpec::shell(QStringLiteral("kill -SEGV $$")));
        QVERIFY(outcome);
        QVERIFY(outcome->crashed);
        QVERIFY(!outcome->timedOut);
        QVERIFY(!outcome->succeeded());
    }

    void boundsOutputKeepingHeadAndTail()
    {
        ProcessSpec spec = ProcessSpec::shell(
            QStringLiteral("echo START; head -c 3000000 /dev/zero | tr '\\0' a; echo; echo END"));
        spec.outputLimitBytes = 10000;
        const auto outcome = run(spec);
        QVERIFY(outcome);
        QVERIFY(outcome->succeeded());
        QVERIFY(outcome->outputTruncated);
        QVERIFY(outcome->output.size() < 10200);
        QVERIFY(outcome->output.startsWith(QStringLiteral("START\naaa")));
        QVERIFY(outcome->output.endsWith(QStringLiteral("aaa\nEND\n")));
        QVERIFY(outcome->output.contains(QStringLiteral("output truncated")));
    }

    void masksTheOutput()
    {
        auto masker = std::make_shared<SecretMasker>();
        masker->addKnownSecret(QStringLiteral("hunter2-very-secret"));
        ProcessSpec spec = ProcessSpec::shell(QStringLiteral("echo token=hunter2-very-secret"));
        spec.masker = masker;
        const auto outcome = run(spec);
        QVERIFY(outcome);
        QVERIFY(!outcome->output.contains(QStringLiteral("hunter2")));
        QVERIFY(outcome->output.contains(QStringLiteral("***")));
    }
};

QTEST_GUILESS_MAIN(TestProcessRunner)
#include "test_process_runner.moc"
