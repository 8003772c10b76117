// The engine's failure cases end to end, against the local services with real git: each one
// fails with a clear error class and phase, is reported to the Task Registry (state failed, a
// TaskFailed event with that class) and leaves no Repo Pool slot allocated. A model that is
// rate limited twice still completes its task, and the retries are counted.
#include "EngineHarness.h"
#include "HttpTestClient.h"
#include "RegistryProxy.h"
#include "engine/AgentRunner.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace necrocode;
using namespace necrocode::test;

namespace {

const QString kSpec = QStringLiteral("engine-failures");

const QString kProseTitle = QStringLiteral("Prose instead of a JSON answer");
const QString kRateLimitedTitle = QStringLiteral("Answered after two rate limits");
const QString kParentTitle = QStringLiteral("Escape to the parent directory");
const QString kHookTitle = QStringLiteral("Plant a git hook");
const QString kFailingTestTitle = QStringLiteral("Add a failing unit test");
const QString kHangingTestTitle = QStringLiteral("Hang in the test command");
const QString kFrozenOriginTitle = QStringLiteral("Push to a frozen origin");
const QString kArtifactsDownTitle = QStringLiteral("Finish while the artifact store is down");
const QString kSlowModelTitle = QStringLiteral("Wait for a slow model past the task budget");
const QString kCancelledTitle = QStringLiteral("Get cancelled while testing");
const QString kOutageTitle = QStringLiteral("Report through a registry outage");
const QString kLegacyRegistryTitle = QStringLiteral("Report to a registry without final reports");
const QString kLateCancelTitle = QStringLiteral("Get cancelled after the final report");
const QString kLongOutageTitle =
    QStringLiteral("Report after a registry outage longer than the task");

// Command lines of the hanging test commands, unique to this test so that a survivor is ours.
const QStringList kHangingSleep{QStringLiteral("sleep"), QStringLiteral("617")};
const QStringList kCancelledSleep{QStringLiteral("sleep"), QStringLiteral("619")};

const QString kNoteContent = QStringLiteral("written by the model\n");
const QString kFrozenMessage = QStringLiteral("pushes are frozen by policy");

QJsonArray escapingChange(const QString &badPath)
{
    return {createFile(QStringLiteral("notes/ok.txt"), kNoteContent),
            createFile(badPath, QStringLiteral("#!/bin/sh\necho planted\n"))};
}

// Warnings Qt and the engine print from any thread while a case runs (a cancelled or timed-out
// call must not leave one behind). Chains to the handler that was installed before.
class WarningRecorder
{
public:
    static void install() { s_previous = qInstallMessageHandler(&WarningRecorder::handle); }
    static void uninstall() { qInstallMessageHandler(s_previous); }
    static QStringList take()
    {
        QMutexLocker lock(&s_mutex);
        return std::exchange(s_warnings, {});
    }

private:
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        if (type == QtWarningMsg || type == QtCriticalMsg) {
            QMutexLocker lock(&s_mutex);
            s_warnings.append(message);
        }
        if (s_previous)
            s_previous(type, context, message);
    }

    static inline QtMessageHandler s_previous = nullptr;
    static inline QMutex s_mutex;
    static inline QStringList s_warnings;
};

QString gitOutput(const QStringList &arguments, const QString &directory)
{
    QProcess git;
    git.setWorkingDirectory(directory);
    git.start(QStringLiteral("git"), arguments);
    git.waitForFinished(30000);
    return QString::fromUtf8(git.readAllStandardOutput());
}

} // namespace

class TestEngineFailures : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<EngineHarness> m_harness;
    QString m_origin;
    QString m_frozenOrigin;

    using During = std::function<void(RunnerPool &, const QString &)>;

    // Runs `task` on a pool of its own; `during` runs once the run is queued.
    FinishedRun runOnOwnPool(const Result<TaskContext> &task, const RunnerConfig &config,
                             const During &during)
    {
        if (!task) {
            qWarning("%s", qPrintable(task.errorMessage()));
            return {};
        }
        RunnerPool pool(config, m_harness->logs());
        RunRecorder recorder(pool);
        const QString runId = pool.enqueue(task.value());
        if (during)
            during(pool, runId);
        if (!recorder.waitForFinished(1, 60000))
            qWarning("task %s did not finish", qPrintable(task->taskId));
        return recorder.finishedRun(task->taskId);
    }

    // Runs one registry task on a pool of its own; `during` runs once the run is queued.
    FinishedRun runTask(const QString &id, const std::function<void(RunnerConfig &)> &adjust = {},
                        const std::function<void(TaskContext &)> &adjustTask = {},
                        const During &during = {})
    {
        Result<TaskContext> task = m_harness->taskContext(kSpec, id);
        if (task && adjustTask)
            adjustTask(task.value());
        RunnerConfig config = m_harness->runnerConfig(QStringLiteral("failures-") + id, 1);
        if (adjust)
            adjust(config);
        return runOnOwnPool(task, config, during);
    }

    // The prose task (its answer is rejected at once) under an id the registry does not know yet.
    Result<TaskContext> proseTaskNamed(const QString &id)
    {
        Result<TaskContext> task = m_harness->taskContext(kSpec, QStringLiteral("prose"));
        if (task)
            task.value().taskId = id;
        return task;
    }

    // Runs the prose task under an id the registry does not know yet, like runTask.
    FinishedRun runProseTaskNamed(const QString &id, const During &during = {})
    {
        return runOnOwnPool(proseTaskNamed(id),
                            m_harness->runnerConfig(QStringLiteral("failures-") + id, 1), during);
    }

    // The registry knows the failure with its class, and no slot stays allocated.
    void verifyReportedFailure(const QString &id, const FinishedRun &run, const QString &errorType,
                               const QString &failedPhase)
    {
        const RunnerResult &r = run.result;
        qInfo().noquote() << id << "failed:" << r.errorType << "in" << r.failedPhase << "-"
                          << r.error;
        QCOMPARE(r.taskId, id);
        QVERIFY(!r.success);
        QCOMPARE(r.finalState, RunnerState::Failed);
        QCOMPARE(r.errorType, errorType);
        QCOMPARE(r.failedPhase, failedPhase);
        QVERIFY(!r.error.isEmpty());
        QVERIFY(run.metrics.errorsByClass.value(errorType) >= 1);

        const Result<QJsonObject> task = m_harness->task(kSpec, id);
        QVERIFY2(task, qPrintable(task.errorMessage()));
        QCOMPARE(task->value(QLatin1String("state")).toString(), QStringLiteral("failed"));
        QCOMPARE(task->value(QLatin1String("status_metadata"))
                     .toObject()
                     .value(QLatin1String("error_type"))
                     .toString(),
                 errorType);
        int failedEvents = 0;
        for (const QJsonObject &event : m_harness->events(kSpec, id)) {
            if (event.value(QLatin1String("event_type")).toString() != QLatin1String("TaskFailed"))
                continue;
            ++failedEvents;
            const QJsonObject data = event.value(QLatin1String("data")).toObject();
            QCOMPARE(data.value(QLatin1String("error_type")).toString(), errorType);
            QCOMPARE(data.value(QLatin1String("phase")).toString(), failedPhase);
        }
        QCOMPARE(failedEvents, 1);
        QCOMPARE(m_harness->allocatedSlots(), 0);
    }

    // The run's log was kept as an artifact of the failed run.
    static void verifyLogKept(const RunnerResult &r)
    {
        const bool hasLog = std::any_of(r.artifacts.begin(), r.artifacts.end(),
                                        [](const ArtifactRecord &a) { return a.type == u"log"; });
        QVERIFY(hasLog);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        WarningRecorder::install();
        m_harness = std::make_unique<EngineHarness>(m_dir.filePath(QStringLiteral("data")));
        const QString failingTest =
            QStringLiteral("import unittest\n\n\nclass BrokenTest(unittest.TestCase):\n"
                           "    def test_arithmetic(self):\n"
                           "        self.assertEqual(1 + 1, 3)\n");
        EngineHarness::Options options;
        options.slotsPerPool = 2;
        options.scenarioRules = {
            rawAnswerRule(kProseTitle,
                          QStringLiteral("Sure! I would add a function that doubles a number and "
                                         "then write a unit test for it. Let me know.")),
            answerRule(kRateLimitedTitle, passingChange(QStringLiteral("doubled"))),
            answerRule(kParentTitle, escapingChange(QStringLiteral("../outside"))),
            answerRule(kHookTitle, escapingChange(QStringLiteral(".git/hooks/x"))),
            answerRule(kFailingTestTitle,
                       {createFile(QStringLiteral("tests/test_broken.py"), failingTest)}),
            answerRule(kHangingTestTitle, passingChange(QStringLiteral("hanging"))),
            answerRule(kFrozenOriginTitle, passingChange(QStringLiteral("frozen"))),
            answerRule(kArtifactsDownTitle, passingChange(QStringLiteral("stored"))),
            answerRule(kSlowModelTitle, passingChange(QStringLiteral("slow"))),
            answerRule(kCancelledTitle, passingChange(QStringLiteral("cancelled"))),
            answerRule(kOutageTitle, passingChange(QStringLiteral("outlasted"))),
            answerRule(kLegacyRegistryTitle, passingChange(QStringLiteral("legacy"))),
            answerRule(kLateCancelTitle, passingChange(QStringLiteral("late"))),
            answerRule(kLongOutageTitle, passingChange(QStringLiteral("kept"))),
        };
        const Status started = m_harness->start(options);
        QVERIFY2(started, qPrintable(started.errorMessage()));

        const Result<QString> origin = m_harness->demoOrigin();
        QVERIFY2(origin, qPrintable(origin.errorMessage()));
        m_origin = origin.value();
        const Result<QString> frozen = m_harness->copyOfDemoOrigin(QStringLiteral("frozen"));
        QVERIFY2(frozen, qPrintable(frozen.errorMessage()));
        m_frozenOrigin = frozen.value();
        const QString hook = QDir(m_frozenOrigin).filePath(QStringLiteral("hooks/pre-receive"));
        QFile hookFile(hook);
        QVERIFY(hookFile.open(QIODevice::WriteOnly));
        hookFile.write("#!/bin/sh\necho '" + kFrozenMessage.toUtf8() + "' >&2\nexit 1\n");
        hookFile.close();
        QVERIFY(hookFile.setPermissions(hookFile.permissions() | QFileDevice::ExeOwner));

        const QJsonObject sleepTest{
            {QStringLiteral("test_commands"),
             QJsonArray{QString(kHangingSleep.join(u' ') + QStringLiteral("; echo never"))}}};
        const QJsonObject cancelledSleep{
            {QStringLiteral("test_commands"),
             QJsonArray{QString(kCancelledSleep.join(u' ') + QStringLiteral("; echo never"))}}};
        const Status created = m_harness->createTasks(
            kSpec,
            {taskDefinition(QStringLiteral("prose"), kProseTitle, m_origin),
             taskDefinition(QStringLiteral("rate-limited"), kRateLimitedTitle, m_origin),
             taskDefinition(QStringLiteral("parent-pool"), kParentTitle, m_origin),
             taskDefinition(QStringLiteral("hook-pool"), kHookTitle, m_origin),
             taskDefinition(QStringLiteral("parent-given"), kParentTitle, QString()),
             taskDefinition(QStringLiteral("hook-given"), kHookTitle, QString()),
             taskDefinition(QStringLiteral("failing-test"), kFailingTestTitle, m_origin),
             taskDefinition(QStringLiteral("hanging-test"), kHangingTestTitle, m_origin, sleepTest),
             taskDefinition(QStringLiteral("frozen-origin"), kFrozenOriginTitle, m_frozenOrigin),
             taskDefinition(QStringLiteral("artifacts-down"), kArtifactsDownTitle, m_origin),
             taskDefinition(QStringLiteral("slow-model"), kSlowModelTitle, m_origin,
                            {{QStringLiteral("timeout_seconds"), 5}}),
             taskDefinition(QStringLiteral("cancelled"), kCancelledTitle, m_origin, cancelledSleep),
             taskDefinition(QStringLiteral("outage"), kOutageTitle, m_origin),
             taskDefinition(QStringLiteral("legacy-registry"), kLegacyRegistryTitle, m_origin),
             taskDefinition(QStringLiteral("legacy-leased"), kLegacyRegistryTitle, m_origin),
             taskDefinition(QStringLiteral("late-cancel"), kLateCancelTitle, m_origin),
             taskDefinition(QStringLiteral("refused-report"), kLongOutageTitle, m_origin,
                            {{QStringLiteral("timeout_seconds"), 10}}),
             taskDefinition(QStringLiteral("long-outage"), kLongOutageTitle, m_origin,
                            {{QStringLiteral("timeout_seconds"), 10}})});
        QVERIFY2(created, qPrintable(created.errorMessage()));
    }

    void init() { WarningRecorder::take(); }

    void cleanup()
    {
        for (ServiceKind service : {ServiceKind::TaskRegistry, ServiceKind::RepoPool,
                                    ServiceKind::ArtifactStore, ServiceKind::Llm})
            QVERIFY(m_harness->clearFaults(service));
        // The next case starts from clean slots.
        QVERIFY(m_harness->waitForIdlePool(30000));
        const QStringList warnings = WarningRecorder::take();
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(u'\n')));
    }

    void proseAnswerIsAParseError()
    {
        const FinishedRun run = runTask(QStringLiteral("prose"));
        verifyReportedFailure(QStringLiteral("prose"), run, QStringLiteral("parse"),
                              QStringLiteral("task_implementation"));
        QVERIFY2(run.result.error.contains(QStringLiteral("answer was rejected")),
                 qPrintable(run.result.error));
        QVERIFY(!run.result.implementation);
        QCOMPARE(run.metrics.llmCalls, 1);
        verifyLogKept(run.result);
    }

    void aPoolThatGoesAwayDeletesItsRunners()
    {
        // Many rounds, the pool going away while its runner is still busy or just after: a
        // deletion queued just before the worker thread quit was lost now and then (a leak
        // AddressSanitizer saw in this suite).
        const int runnersBefore = AgentRunner::liveCount();
        for (int round = 0; round < 24; ++round) {
            const QString id = QStringLiteral("pool-goes-away-%1").arg(round);
            const Result<TaskContext> task = proseTaskNamed(id);
            QVERIFY2(task, qPrintable(task.errorMessage()));
            {
                RunnerPool pool(m_harness->runnerConfig(QStringLiteral("failures-") + id, 1),
                                m_harness->logs());
                RunRecorder recorder(pool);
                pool.enqueue(task.value());
                // Past the slot's allocation, so that cancelling gives the slot back.
                QVERIFY(RunRecorder::waitUntil(
                    [&] {
                        const QList<RunSnapshot> runs = pool.runs();
                        return !runs.isEmpty() &&
                               runs.first().phase >= RunPhase::TaskImplementation;
                    },
                    10000));
                QCOMPARE(AgentRunner::liveCount(), runnersBefore + 1);
                if (round % 3 == 1)
                    QVERIFY(recorder.waitForFinished(1, 60000));
                if (round % 3 == 2) { // an idle runner dropped for a new configuration, too
                    QVERIFY(recorder.waitForFinished(1, 60000));
                    pool.setConfig(m_harness->runnerConfig(QStringLiteral("changed-") + id, 1));
                }
            }
            QCOMPARE(AgentRunner::liveCount(), runnersBefore);
        }
    }

    void aCancelWhileTheSlotsAnswerTravelsGivesTheSlotBack()
    {
        // The pool hands out the slot at once but sends its answer a byte a second: the cancel
        // comes while the slot is the run's on the pool's side and unknown on the run's side.
        QVERIFY(m_harness->setFaults(
            ServiceKind::RepoPool,
            {{QStringLiteral("slow_body_rate"), 1.0},
             {QStringLiteral("slow_body_bytes_per_second"), 1},
             {QStringLiteral("path_prefix"), QStringLiteral("/slots/allocate")}}));
        const QString id = QStringLiteral("cancelled-while-allocating");
        const FinishedRun run =
            runProseTaskNamed(id, [this](RunnerPool &pool, const QString &runId) {
                QVERIFY(RunRecorder::waitUntil([&] { return m_harness->allocatedSlots() == 1; },
                                               20000));
                QCOMPARE(pool.runs().first().phase, RunPhase::WorkspacePreparation);
                pool.cancel(runId);
            });
        verifyReportedFailure(id, run, QStringLiteral("cancelled"),
                              QStringLiteral("workspace_preparation"));
        QCOMPARE(run.run.outcome, RunOutcome::Cancelled);
        bool withdrawn = false;
        for (const LogEntry &e : m_harness->logCapture().entriesOfTask(id))
            withdrawn = withdrawn || e.extra.value(QStringLiteral("reason")).toString() ==
                                         QLatin1String("allocation withdrawn");
        QVERIFY(withdrawn);
    }

    void aMangledAllocationAnswerGivesTheSlotBack()
    {
        // The pool allocated, but what reached the run was not its answer (a broken proxy).
        QVERIFY(m_harness->setFaults(
            ServiceKind::RepoPool,
            {{QStringLiteral("fail_next"),
              QJsonObject{{QStringLiteral("count"), 1},
                          {QStringLiteral("kind"), QStringLiteral("malformed")}}},
             {QStringLiteral("path_prefix"), QStringLiteral("/slots/allocate")}}));
        const QString id = QStringLiteral("mangled-allocation-answer");
        const FinishedRun run = runProseTaskNamed(id);
        verifyReportedFailure(id, run, QStringLiteral("parse"),
                              QStringLiteral("workspace_preparation"));
        QVERIFY2(run.result.error.startsWith(QStringLiteral("slot allocation failed")),
                 qPrintable(run.result.error));
    }

    void aTaskNewToTheRegistryIsCreatedWithoutAnError()
    {
        // A task run from a file is looked up first; "not found" is the expected answer and
        // the run goes on to create it, so nothing of that is an error.
        const QString id = QStringLiteral("prose-from-a-file");
        const FinishedRun run = runProseTaskNamed(id);
        QCOMPARE(run.result.errorType, QStringLiteral("parse"));
        const Result<QJsonObject> created = m_harness->task(kSpec, id);
        QVERIFY2(created, qPrintable(created.errorMessage()));
        bool lookedUp = false;
        for (const LogEntry &e : m_harness->logCapture().entriesOfTask(id)) {
            if (!e.message.contains(QStringLiteral("get_task")))
                continue;
            QVERIFY2(e.level <= LogLevel::Info, qPrintable(e.message));
            lookedUp = lookedUp || e.message.contains(QStringLiteral("answered 404 (expected)"));
        }
        QVERIFY(lookedUp);
        QVERIFY(!run.metrics.errorsByClass.contains(QStringLiteral("http_404")));
    }

    void rateLimitedTwiceThenAnswered()
    {
        QVERIFY(m_harness->setFaults(
            ServiceKind::Llm, {{QStringLiteral("fail_next"),
                                QJsonObject{{QStringLiteral("count"), 2},
                                            {QStringLiteral("kind"), QStringLiteral("rate_limit")},
                                            {QStringLiteral("status"), 429}}},
                               {QStringLiteral("retry_after_seconds"), 0},
                               {QStringLiteral("path_prefix"), QStringLiteral("/v1/chat")}}));
        const FinishedRun run = runTask(QStringLiteral("rate-limited"));
        QVERIFY2(run.result.success, qPrintable(run.result.error));
        // Two 429 answers, two retries, one completed call.
        const QJsonObject faults = m_harness->faultStatus(ServiceKind::Llm);
        QCOMPARE(faults.value(QLatin1String("injected"))
                     .toObject()
                     .value(QLatin1String("rate_limit"))
                     .toInt(),
                 2);
        QCOMPARE(run.metrics.retriesAttempted, 2);
        QCOMPARE(run.metrics.llmCalls, 1);
        QCOMPARE(run.metrics.errorsEncountered, 0);
        QList<int> retriedAttempts;
        for (const LogEntry &e :
             m_harness->logCapture().entriesOfTask(QStringLiteral("rate-limited"))) {
            if (e.level == LogLevel::Warning &&
                e.extra.value(QLatin1String("service")).toString() == u"llm" &&
                e.extra.value(QLatin1String("error_type")).toString() == u"rate_limit")
                retriedAttempts.append(e.extra.value(QLatin1String("attempt")).toInt());
        }
        QCOMPARE(retriedAttempts, (QList<int>{1, 2}));
        const Result<QJsonObject> task = m_harness->task(kSpec, QStringLiteral("rate-limited"));
        QVERIFY(task);
        QCOMPARE(task->value(QLatin1String("state")).toString(), QStringLiteral("done"));
        QCOMPARE(m_harness->allocatedSlots(), 0);
    }

    void changesOutsideTheWorkspaceAreRejected_data()
    {
        QTest::addColumn<QString>("taskId");
        QTest::addColumn<QString>("badPath");
        QTest::addColumn<bool>("givenWorkingCopy");
        QTest::newRow("../outside, pool slot")
            << QStringLiteral("parent-pool") << QStringLiteral("../outside") << false;
        QTest::newRow(".git/hooks/x, pool slot")
            << QStringLiteral("hook-pool") << QStringLiteral(".git/hooks/x") << false;
        QTest::newRow("../outside, given working copy")
            << QStringLiteral("parent-given") << QStringLiteral("../outside") << true;
        QTest::newRow(".git/hooks/x, given working copy")
            << QStringLiteral("hook-given") << QStringLiteral(".git/hooks/x") << true;
    }

    void changesOutsideTheWorkspaceAreRejected()
    {
        QFETCH(QString, taskId);
        QFETCH(QString, badPath);
        QFETCH(bool, givenWorkingCopy);
        // A given working copy stays as the run left it, so it can be compared afterwards.
        const QString copy =
            m_dir.filePath(QStringLiteral("copies/") + taskId + QStringLiteral("/work"));
        if (givenWorkingCopy)
            QVERIFY(runGit({QStringLiteral("clone"), QStringLiteral("--quiet"), m_origin, copy}));
        const QString headBefore =
            givenWorkingCopy
                ? gitOutput({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}, copy)
                : QString();

        const FinishedRun run = runTask(taskId, {}, [&](TaskContext &task) {
            if (givenWorkingCopy) {
                task.slotId = taskId;
                task.slotPath = copy;
            }
        });
        verifyReportedFailure(taskId, run, QStringLiteral("parse"),
                              QStringLiteral("task_implementation"));
        const QString expected = badPath.startsWith(QLatin1String(".."))
                                     ? QStringLiteral("leaves the workspace")
                                     : QStringLiteral("inside .git/");
        QVERIFY2(run.result.error.contains(expected), qPrintable(run.result.error));
        QVERIFY2(run.result.error.contains(badPath), qPrintable(run.result.error));
        // Nothing was applied: not even the harmless change next to the bad one.
        QVERIFY(!run.result.implementation);

        QString workspace = copy;
        if (!givenWorkingCopy) {
            for (const LogEntry &e : m_harness->logCapture().entriesOfTask(taskId))
                if (e.message == u"slot allocated")
                    workspace = e.extra.value(QLatin1String("slot_path")).toString();
            QVERIFY(!workspace.isEmpty());
        }
        QVERIFY2(!QFileInfo::exists(QDir(workspace).filePath(badPath)),
                 qPrintable(QDir(workspace).filePath(badPath)));
        QVERIFY(!QFileInfo::exists(QDir(workspace).filePath(QStringLiteral(".git/hooks/x"))));
        QVERIFY(!QFileInfo::exists(QDir(workspace).filePath(QStringLiteral("../outside"))));
        if (givenWorkingCopy) {
            QVERIFY(!QFileInfo::exists(QDir(copy).filePath(QStringLiteral("notes/ok.txt"))));
            QCOMPARE(gitOutput({QStringLiteral("status"), QStringLiteral("--porcelain"),
                                QStringLiteral("--ignored")},
                               copy),
                     QString());
            QCOMPARE(gitOutput({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}, copy),
                     headBefore);
        }
    }

    void failingTestIsATestFailure()
    {
        const FinishedRun run = runTask(QStringLiteral("failing-test"));
        verifyReportedFailure(QStringLiteral("failing-test"), run, QStringLiteral("test_failure"),
                              QStringLiteral("test_execution"));
        QVERIFY(run.result.tests);
        QVERIFY(!run.result.tests->success);
        QCOMPARE(run.result.tests->failedCount(), 1);
        QVERIFY2(run.result.tests->results.constFirst().output.contains(u"test_arithmetic"),
                 qPrintable(run.result.tests->results.constFirst().output));
        QVERIFY(!run.result.push);
        verifyLogKept(run.result);
    }

    void hangingTestIsKilledAtItsTimeout()
    {
        QElapsedTimer clock;
        clock.start();
        const FinishedRun run = runTask(QStringLiteral("hanging-test"), [](RunnerConfig &config) {
            config.testTimeoutSeconds = 1;
        });
        verifyReportedFailure(QStringLiteral("hanging-test"), run, QStringLiteral("test_timeout"),
                              QStringLiteral("test_execution"));
        QVERIFY2(run.result.error.contains(QStringLiteral("timed out")),
                 qPrintable(run.result.error));
        QVERIFY(run.result.tests);
        QVERIFY(run.result.tests->results.constFirst().timedOut);
        QVERIFY2(clock.elapsed() < 20000, qPrintable(QString::number(clock.elapsed())));
        // The shell and the sleep it started are both gone.
        QCOMPARE(processesRunning(kHangingSleep), QList<qint64>());
        verifyLogKept(run.result);
    }

    void pushRejectedByTheOriginKeepsGitsError()
    {
        const FinishedRun run = runTask(QStringLiteral("frozen-origin"));
        verifyReportedFailure(QStringLiteral("frozen-origin"), run, QStringLiteral("push"),
                              QStringLiteral("commit_and_push"));
        QVERIFY2(run.result.error.contains(kFrozenMessage), qPrintable(run.result.error));
        QVERIFY2(run.result.error.contains(QStringLiteral("pre-receive hook declined")),
                 qPrintable(run.result.error));
        QVERIFY(run.result.push);
        QVERIFY(!run.result.push->success);
        QCOMPARE(run.result.push->retryCount, 0); // a rejection is not retried
        QCOMPARE(gitOutput({QStringLiteral("ls-remote"), m_frozenOrigin,
                            QStringLiteral("refs/heads/feature/*")},
                           m_dir.path()),
                 QString());
        verifyLogKept(run.result);
        // The diff, test results and transcript went up while git pushed; the failure added the
        // log. Each is kept once, in the result and in the registry.
        QStringList kept;
        for (const ArtifactRecord &a : run.result.artifacts)
            kept.append(a.type);
        QStringList recorded;
        for (const QJsonObject &a : m_harness->artifacts(kSpec, QStringLiteral("frozen-origin")))
            recorded.append(a.value(QLatin1String("type")).toString());
        kept.sort();
        recorded.sort();
        const QStringList expected{QStringLiteral("diff"), QStringLiteral("log"),
                                   QStringLiteral("test_results"), QStringLiteral("transcript")};
        QCOMPARE(kept, expected);
        QCOMPARE(recorded, expected);
    }

    void artifactStoreDownFailsTheTaskClearly()
    {
        QVERIFY(m_harness->setFaults(ServiceKind::ArtifactStore,
                                     {{QStringLiteral("error_rate"), 1.0},
                                      {QStringLiteral("error_status"), 503},
                                      {QStringLiteral("retry_after_seconds"), 0}}));
        const FinishedRun run = runTask(QStringLiteral("artifacts-down"));
        verifyReportedFailure(QStringLiteral("artifacts-down"), run, QStringLiteral("http_503"),
                              QStringLiteral("artifact_upload"));
        QVERIFY2(run.result.error.contains(QStringLiteral("artifact upload failed")),
                 qPrintable(run.result.error));
        QVERIFY(run.result.artifacts.isEmpty());
        QVERIFY(run.metrics.retriesAttempted >= 2); // the store was retried before giving up
        QVERIFY(run.result.push && run.result.push->success);
    }

    void aTwelveSecondRegistryOutageDuringTheReportLosesNothing()
    {
        QElapsedTimer outage;
        const FinishedRun run = runTask(
            QStringLiteral("outage"), {}, {}, [this, &outage](RunnerPool &pool, const QString &) {
                QObject context;
                bool committing = false;
                QObject::connect(&pool, &RunnerPool::runChanged, &context,
                                 [&committing](const RunSnapshot &snapshot) {
                                     if (snapshot.phase == RunPhase::CommitAndPush)
                                         committing = true;
                                 });
                QVERIFY(RunRecorder::waitUntil([&] { return committing; }, 60000));
                QVERIFY(m_harness->setFaults(
                    ServiceKind::TaskRegistry,
                    {{QStringLiteral("error_rate"), 1.0},
                     {QStringLiteral("error_status"), 503},
                     {QStringLiteral("path_prefix"), QStringLiteral("/specs/")}}));
                outage.start();
                QTimer::singleShot(12000, this, [this] {
                    QVERIFY(m_harness->clearFaults(ServiceKind::TaskRegistry));
                });
            });
        QVERIFY2(run.result.success, qPrintable(run.result.error));
        QVERIFY2(outage.elapsed() >= 12000, qPrintable(QString::number(outage.elapsed())));
        const Result<QJsonObject> task = m_harness->task(kSpec, QStringLiteral("outage"));
        QVERIFY2(task, qPrintable(task.errorMessage()));
        QCOMPARE(task->value(QLatin1String("state")).toString(), QStringLiteral("done"));
        int completed = 0;
        for (const QJsonObject &event : m_harness->events(kSpec, QStringLiteral("outage")))
            completed += event.value(QLatin1String("event_type")).toString() == u"TaskCompleted";
        QCOMPARE(completed, 1);
        QCOMPARE(m_harness->artifacts(kSpec, QStringLiteral("outage")).size(),
                 run.result.artifacts.size());
        QVERIFY(run.metrics.retriesAttempted > 5);
    }

    void aReportTheRegistryNeverTookIsDeliveredWhenItIsBack()
    {
        Result<TaskContext> task = m_harness->taskContext(kSpec, QStringLiteral("long-outage"));
        QVERIFY2(task, qPrintable(task.errorMessage()));
        RunnerConfig config = m_harness->runnerConfig(QStringLiteral("failures-long-outage"), 1);
        config.reportGraceSeconds = 2;
        RunnerPool pool(config, m_harness->logs());
        pool.outbox().setRetryIntervalMs(200);
        RunRecorder recorder(pool);
        QObject context;
        bool committing = false;
        QObject::connect(&pool, &RunnerPool::runChanged, &context,
                         [&committing](const RunSnapshot &snapshot) {
                             committing = committing || snapshot.phase == RunPhase::CommitAndPush;
                         });
        pool.enqueue(task.value());
        QVERIFY(RunRecorder::waitUntil([&] { return committing; }, 60000));
        QVERIFY(m_harness->setFaults(ServiceKind::TaskRegistry,
                                     {{QStringLiteral("error_rate"), 1.0},
                                      {QStringLiteral("error_status"), 503},
                                      {QStringLiteral("path_prefix"), QStringLiteral("/specs/")}}));
        QVERIFY(recorder.waitForFinished(1, 60000));
        const FinishedRun run = recorder.finishedRun(QStringLiteral("long-outage"));
        QVERIFY(!run.result.success);
        QCOMPARE(run.result.errorType, QStringLiteral("http_503"));
        QCOMPARE(pool.outbox().pendingCount(), 1);

        QVERIFY(m_harness->clearFaults(ServiceKind::TaskRegistry));
        QVERIFY(RunRecorder::waitUntil([&] { return pool.outbox().pendingCount() == 0; }, 10000));
        const Result<QJsonObject> reported = m_harness->task(kSpec, QStringLiteral("long-outage"));
        QVERIFY2(reported, qPrintable(reported.errorMessage()));
        QCOMPARE(reported->value(QLatin1String("state")).toString(), QStringLiteral("failed"));
        QCOMPARE(reported->value(QLatin1String("status_metadata"))
                     .toObject()
                     .value(QLatin1String("error_type"))
                     .toString(),
                 QStringLiteral("http_503"));
        int failed = 0;
        for (const QJsonObject &event : m_harness->events(kSpec, QStringLiteral("long-outage")))
            failed += event.value(QLatin1String("event_type")).toString() == u"TaskFailed";
        QCOMPARE(failed, 1);
    }

    // The registry has the task done, with one TaskCompleted and each artifact once.
    void verifyCompletedOnce(const QString &id)
    {
        const Result<QJsonObject> task = m_harness->task(kSpec, id);
        QVERIFY2(task, qPrintable(task.errorMessage()));
        QCOMPARE(task->value(QLatin1String("state")).toString(), QStringLiteral("done"));
        int completedEvents = 0;
        for (const QJsonObject &event : m_harness->events(kSpec, id))
            completedEvents += event.value(QLatin1String("event_type")).toString() ==
                               QLatin1String("TaskCompleted");
        QCOMPARE(completedEvents, 1);
        QStringList types;
        for (const QJsonObject &artifact : m_harness->artifacts(kSpec, id))
            types << artifact.value(QLatin1String("type")).toString();
        types.sort();
        QCOMPARE(types,
                 (QStringList{QStringLiteral("diff"), QStringLiteral("log"),
                              QStringLiteral("test_results"), QStringLiteral("transcript")}));
        QCOMPARE(m_harness->allocatedSlots(), 0);
    }

    // Claims `id` in the registry as the runner runTask() names, with a lease of `seconds`.
    QString claimWithLease(const QString &id, int seconds)
    {
        HttpTestClient http;
        const TestResponse claimed = http.post(
            m_harness->urls().taskRegistry.resolved(
                QUrl(QStringLiteral("/specs/%1/tasks/%2/claim").arg(kSpec, id))),
            QJsonObject{{QStringLiteral("runner_id"), QString(QStringLiteral("failures-") + id)},
                        {QStringLiteral("lease_seconds"), seconds}});
        return claimed.json().value(QStringLiteral("lease_id")).toString();
    }

    void aRegistryWithoutFinalReportsGetsTheRecordsOneByOne()
    {
        RegistryProxy proxy(m_harness->urls().taskRegistry);
        proxy.setStripsFinalReports(true);
        const QUrl proxied = proxy.start();
        QVERIFY(!proxied.isEmpty());
        const QString id = QStringLiteral("legacy-registry");
        const FinishedRun run = runTask(
            id, [&](RunnerConfig &config) { config.taskRegistry.url = proxied.toString(); });
        QVERIFY2(run.result.success, qPrintable(run.result.error));
        QCOMPARE(proxy.strippedReports(), 1);
        verifyCompletedOnce(id);
    }

    void aLeaseEndedByTheFinalReportDoesNotStopTheRun()
    {
        // The registry ends the lease with the status done; while the artifacts follow one by
        // one (slowly), a renewal is refused for that reason, and the run goes on.
        RegistryProxy proxy(m_harness->urls().taskRegistry);
        proxy.setStripsFinalReports(true);
        proxy.delayAnswers("POST", QStringLiteral("/artifacts"), 1500);
        const QUrl proxied = proxy.start();
        QVERIFY(!proxied.isEmpty());
        const QString id = QStringLiteral("legacy-leased");
        const QString leaseId = claimWithLease(id, 3);
        QVERIFY(!leaseId.isEmpty());
        const FinishedRun run = runTask(
            id, [&](RunnerConfig &config) { config.taskRegistry.url = proxied.toString(); },
            [&](TaskContext &task) {
                task.leaseId = leaseId;
                task.leaseSeconds = 3;
            });
        QVERIFY2(run.result.success, qPrintable(run.result.error));
        QCOMPARE(proxy.strippedReports(), 1);
        verifyCompletedOnce(id);
    }

    void aCancelAfterTheFinalReportWasSentComesTooLate()
    {
        // The registry has recorded the final report; its answer is on the way when the cancel
        // comes. The run completes, and nothing is recorded twice.
        RegistryProxy proxy(m_harness->urls().taskRegistry);
        proxy.delayAnswers("PUT", QStringLiteral("/status"), 1000);
        const QUrl proxied = proxy.start();
        QVERIFY(!proxied.isEmpty());
        const QString id = QStringLiteral("late-cancel");
        const FinishedRun run = runTask(
            id, [&](RunnerConfig &config) { config.taskRegistry.url = proxied.toString(); }, {},
            [&proxy](RunnerPool &pool, const QString &runId) {
                QVERIFY(
                    RunRecorder::waitUntil([&] { return proxy.finalReportsSeen() > 0; }, 60000));
                pool.cancel(runId);
            });
        QVERIFY2(run.result.success, qPrintable(run.result.error));
        verifyCompletedOnce(id);
    }

    void aKeptReportTheTaskNoLongerAllowsIsDropped()
    {
        // A failure report waits in the outbox through an outage; meanwhile the task was done by
        // other means, so the registry refuses the report as a change it no longer allows.
        const QString id = QStringLiteral("refused-report");
        Result<TaskContext> task = m_harness->taskContext(kSpec, id);
        QVERIFY2(task, qPrintable(task.errorMessage()));
        RunnerConfig config = m_harness->runnerConfig(QStringLiteral("failures-") + id, 1);
        config.reportGraceSeconds = 2;
        RunnerPool pool(config, m_harness->logs());
        pool.outbox().setRetryIntervalMs(200);
        RunRecorder recorder(pool);
        QObject context;
        bool committing = false;
        QObject::connect(&pool, &RunnerPool::runChanged, &context,
                         [&committing](const RunSnapshot &snapshot) {
                             committing = committing || snapshot.phase == RunPhase::CommitAndPush;
                         });
        pool.enqueue(task.value());
        QVERIFY(RunRecorder::waitUntil([&] { return committing; }, 60000));
        QVERIFY(m_harness->setFaults(ServiceKind::TaskRegistry,
                                     {{QStringLiteral("error_rate"), 1.0},
                                      {QStringLiteral("error_status"), 503},
                                      {QStringLiteral("path_prefix"), QStringLiteral("/specs/")}}));
        QVERIFY(recorder.waitForFinished(1, 60000));
        QCOMPARE(pool.outbox().pendingCount(), 1);

        // The legacy path is not under the outage.
        HttpTestClient http;
        const TestResponse done =
            http.put(m_harness->urls().taskRegistry.resolved(
                         QUrl(QStringLiteral("/tasks/%1/status").arg(id))),
                     QJsonObject{{QStringLiteral("status"), QStringLiteral("done")}});
        QVERIFY2(done.status == 200, done.body.constData());
        QVERIFY(m_harness->clearFaults(ServiceKind::TaskRegistry));
        QVERIFY(RunRecorder::waitUntil([&] { return pool.outbox().pendingCount() == 0; }, 10000));
        const Result<QJsonObject> after = m_harness->task(kSpec, id);
        QVERIFY2(after, qPrintable(after.errorMessage()));
        QCOMPARE(after->value(QLatin1String("state")).toString(), QStringLiteral("done"));
    }

    void taskTimeoutStopsTheRunMidStep()
    {
        QVERIFY(m_harness->setFaults(
            ServiceKind::Llm, {{QStringLiteral("latency_ms"), 20000},
                               {QStringLiteral("path_prefix"), QStringLiteral("/v1/chat")}}));
        const FinishedRun run = runTask(QStringLiteral("slow-model"));
        verifyReportedFailure(QStringLiteral("slow-model"), run, QStringLiteral("timeout"),
                              QStringLiteral("task_implementation"));
        QVERIFY2(run.result.error.contains(QStringLiteral("timed out after 5 s")),
                 qPrintable(run.result.error));
        QVERIFY2(run.result.durationSeconds < 15,
                 qPrintable(QString::number(run.result.durationSeconds)));
        verifyLogKept(run.result);
    }

    void cancellationStopsTheRunAndReportsIt()
    {
        const FinishedRun run = runTask(
            QStringLiteral("cancelled"), {}, {}, [](RunnerPool &pool, const QString &runId) {
                QVERIFY(RunRecorder::waitUntil(
                    [] { return !processesRunning(kCancelledSleep).isEmpty(); }, 30000));
                pool.cancel(runId);
            });
        verifyReportedFailure(QStringLiteral("cancelled"), run, QStringLiteral("cancelled"),
                              QStringLiteral("test_execution"));
        QCOMPARE(run.run.outcome, RunOutcome::Cancelled);
        QCOMPARE(processesRunning(kCancelledSleep), QList<qint64>());
        verifyLogKept(run.result);
    }

    void cleanupTestCase()
    {
        if (m_harness)
            m_harness->stop();
        WarningRecorder::uninstall();
    }
};

QTEST_GUILESS_MAIN(TestEngineFailures)
#include "test_engine_failures.moc"
