// The whole task flow against the local services with real git: the demo task set runs on a
// pool of runners; completed tasks leave a pushed branch, artifacts, a done status and a released
// slot; the instructive failures fail with a clear class and leave nothing allocated.
#include "demo/DemoSeeder.h"
#include "engine/RunnerPool.h"
#include "engine/TaskFeeder.h"
#include "log/LogDispatcher.h"
#include "log/LogHub.h"
#include "metrics/MetricsRegistry.h"
#include "remote/RemoteRunTracker.h"
#include "stack/LocalServiceStack.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;

namespace {

QJsonDocument getJson(const QUrl &url)
{
    QNetworkAccessManager network;
    QNetworkReply *reply = network.get(QNetworkRequest(url));
    QSignalSpy done(reply, &QNetworkReply::finished);
    done.wait(10000);
    const QJsonDocument doc = QJsonDocument::fromJson(reply->readAll());
    reply->deleteLater();
    return doc;
}

QJsonArray listOf(const QJsonDocument &doc, const char *key)
{
    return doc.isArray() ? doc.array() : doc.object().value(QLatin1String(key)).toArray();
}

} // namespace

class TestEngineEndToEnd : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<LocalServiceStack> m_stack;
    ServiceUrls m_urls;
    QHash<QString, RunnerResult> m_results;
    QHash<QString, ExecutionMetrics> m_metrics;
    LogHub m_hub{LogHub::kWholeHistory};
    int m_maxConcurrent = 0;

    QString origin() const
    {
        return getJson(QUrl(m_urls.taskRegistry.toString() +
                            QStringLiteral("/specs/%1/tasks/1.1").arg(DemoSeeder::specName())))
            .object()
            .value(QLatin1String("metadata"))
            .toObject()
            .value(QLatin1String("repo_url"))
            .toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        ServiceStackConfig config;
        config.dataDirectory = m_dir.filePath(QStringLiteral("services"));
        config.demo = true;
        config.slotsPerPool = 2;
        config.llmLatency = LatencySettings{};
        m_stack = std::make_unique<LocalServiceStack>(config);
        const auto urls = m_stack->start();
        QVERIFY2(urls.ok(), qPrintable(urls.errorMessage()));
        m_urls = urls.value();

        RunnerConfig runner;
        runner.runnerId = QStringLiteral("e2e");
        runner.taskRegistry.url = m_urls.taskRegistry.toString();
        runner.repoPool.url = m_urls.repoPool.toString();
        runner.artifactStore.url = m_urls.artifactStore.toString();
        runner.llm.baseUrl = m_urls.llm.toString();
        runner.retry.initialDelaySeconds = 0.05;
        runner.maxParallelRunners = 2;
        runner.logLevel = LogLevel::Debug;
        runner.memoryLimitMb = 1; // exceeded by any process: each run warns once
        auto logs = std::make_shared<LogDispatcher>(LogLevel::Debug);
        std::shared_ptr<LogHub> hubSink(&m_hub, [](LogHub *) {});
        logs->addSink(hubSink);
        MetricsRegistry registry;
        RunnerPool pool(runner, logs, &registry);
        TaskFeeder feeder(pool, runner, Logger(logs, QStringLiteral("feeder")),
                          QStringLiteral("e2e-worker"));
        connect(&pool, &RunnerPool::runChanged, this, [&](const RunSnapshot &) {
            m_maxConcurrent = std::max(m_maxConcurrent, pool.runningCount());
        });
        connect(&pool, &RunnerPool::runFinished, this,
                [this](const RunSnapshot &, const RunnerResult &r, const ExecutionMetrics &m) {
                    m_results.insert(r.taskId, r);
                    m_metrics.insert(r.taskId, m);
                });
        QSignalSpy exhausted(&feeder, &TaskFeeder::exhausted);
        feeder.start(DemoSeeder::specName(), 100);
        QVERIFY(exhausted.wait(240000));
        feeder.stop();
        logs->removeSink(hubSink);
    }

    void everyReadyTaskRan()
    {
        // 1.1, 1.2, 2.1, 3.1 complete; 4.1 fails its tests; 4.2 is rejected.
        for (const char *id : {"1.1", "1.2", "2.1", "3.1", "4.1", "4.2"})
            QVERIFY2(m_results.contains(QString::fromLatin1(id)), id);
        QVERIFY(m_maxConcurrent <= 2);
    }

    void completedTasksArePushedRecordedAndReleased()
    {
        const QString spec = DemoSeeder::specName();
        for (const char *raw : {"1.1", "1.2", "2.1", "3.1"}) {
            const QString id = QString::fromLatin1(raw);
            const RunnerResult r = m_results.value(id);
            QVERIFY2(r.success, qPrintable(id + QStringLiteral(": ") + r.error));
            QVERIFY(r.push && !r.push->commitHash.isEmpty());
            // The branch with the commit is on the origin.
            QProcess git;
            git.start(QStringLiteral("git"),
                      {QStringLiteral("ls-remote"), origin(), r.push->branchName});
            QVERIFY(git.waitForFinished(10000));
            QVERIFY2(git.readAllStandardOutput().startsWith(r.push->commitHash.toLatin1()), raw);
            // Status done, TaskCompleted, four artifacts recorded.
            const QString base =
                m_urls.taskRegistry.toString() + QStringLiteral("/specs/%1/tasks/%2").arg(spec, id);
            QCOMPARE(getJson(QUrl(base)).object().value(QLatin1String("state")).toString(),
                     QStringLiteral("done"));
            QStringList events;
            for (const QJsonValue &e :
                 listOf(getJson(QUrl(base + QStringLiteral("/events"))), "events"))
                events.append(e.toObject().value(QLatin1String("event_type")).toString());
            QVERIFY2(events.contains(QStringLiteral("TaskCompleted")),
                     qPrintable(events.join(u',')));
            QStringList types;
            for (const QJsonValue &a :
                 listOf(getJson(QUrl(base + QStringLiteral("/artifacts"))), "artifacts"))
                types.append(a.toObject().value(QLatin1String("type")).toString());
            for (const char *type : {"diff", "log", "test_results", "transcript"})
                QVERIFY2(types.contains(QString::fromLatin1(type)),
                         qPrintable(id + u' ' + types.join(u',')));
            // Metrics show the LLM call, its tokens and every service.
            const ExecutionMetrics m = m_metrics.value(id);
            QCOMPARE(m.llmCalls, 1);
            QVERIFY(m.llmTotalTokens > 0 && m.llmPromptTokens > 0 && m.llmCompletionTokens > 0);
            QVERIFY(m.taskRegistryCalls >= 4);
            QVERIFY(m.repoPoolCalls >= 2);
            QVERIFY(m.artifactStoreCalls >= 4);
            QVERIFY(m.filesChanged > 0);
            QVERIFY(m.gitCommands >= 4); // at least branch, diff, commit, push
            QVERIFY(m.gitDurationSeconds > 0.0);
            QVERIFY(m.resourceSamples >= 1);
            QVERIFY(m.peakMemoryMb > 1.0);
        }
    }

    void aResourceLimitIsWarnedOncePerRun()
    {
        LogSubscription all = m_hub.subscribeAfter(0);
        const LogBatch batch = all.takeBatch(10'000'000);
        QHash<QString, int> warnings;
        for (const LogEntry &e : batch.entries)
            if (e.message == QLatin1String("resource limit exceeded")) {
                QCOMPARE(e.level, LogLevel::Warning);
                QVERIFY(e.extra.value(QLatin1String("memory_mb")).toDouble() > 1.0);
                ++warnings[e.taskId];
            }
        for (const QString &task : m_results.keys())
            QVERIFY2(warnings.value(task) == 1, qPrintable(task + QStringLiteral(": ") +
                                                           QString::number(warnings.value(task))));
    }

    void theDiffArtifactHoldsNewFiles()
    {
        const RunnerResult r = m_results.value(QStringLiteral("1.1"));
        QVERIFY(r.implementation);
        QVERIFY(
            r.implementation->filesChanged.contains(QStringLiteral("tests/test_arithmetic.py")));
        QVERIFY(r.implementation->diff.contains(QStringLiteral("new file mode")));
        QVERIFY(r.implementation->linesAdded > 0);
    }

    void failuresHaveAClearClass()
    {
        const RunnerResult failingTests = m_results.value(QStringLiteral("4.1"));
        QVERIFY(!failingTests.success);
        QCOMPARE(failingTests.errorType, QStringLiteral("test_failure"));
        QCOMPARE(failingTests.failedPhase, QStringLiteral("test_execution"));
        const RunnerResult rejected = m_results.value(QStringLiteral("4.2"));
        QVERIFY(!rejected.success);
        QCOMPARE(rejected.errorType, QStringLiteral("parse"));
        QVERIFY2(rejected.error.contains(QStringLiteral("leaves the workspace")),
                 qPrintable(rejected.error));
        QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("services/outside.txt"))));
        const QString base = m_urls.taskRegistry.toString() +
                             QStringLiteral("/specs/%1/tasks/4.2").arg(DemoSeeder::specName());
        QCOMPARE(getJson(QUrl(base)).object().value(QLatin1String("state")).toString(),
                 QStringLiteral("failed"));
    }

    void nothingIsLeftAllocated()
    {
        for (const QJsonValue &pool : listOf(
                 getJson(QUrl(m_urls.repoPool.toString() + QStringLiteral("/pools"))), "pools")) {
            const QJsonObject p = pool.toObject();
            QCOMPARE(p.value(QLatin1String("allocated_slots")).toInt(-1), 0);
        }
    }

    void logsCarryEveryRunner()
    {
        LogSubscription all = m_hub.subscribeAfter(0);
        const LogBatch batch = all.takeBatch(10'000'000);
        QSet<QString> runners;
        qsizetype phaseStarts = 0;
        for (const LogEntry &e : batch.entries) {
            if (!e.runnerId.isEmpty())
                runners.insert(e.runnerId);
            if (e.extra.value(QLatin1String("phase")).isString())
                ++phaseStarts;
        }
        QVERIFY2(runners.size() >= 2, qPrintable(QStringList(runners.values()).join(u',')));
        QVERIFY(phaseStarts > 0);
    }

    void aCompletedRunEndsWithOneRegistryCall()
    {
        // The last artifacts, the status and TaskCompleted go in one final report; only the
        // artifacts uploaded while git pushed are recorded on their own, beside the push.
        LogSubscription all = m_hub.subscribeAfter(0);
        const LogBatch batch = all.takeBatch(10'000'000);
        for (const char *raw : {"1.1", "1.2", "2.1", "3.1"}) {
            QHash<QString, int> calls;
            for (const LogEntry &e : batch.entries) {
                if (e.taskId != QLatin1String(raw) ||
                    e.extra.value(QLatin1String("service")).toString() != u"task_registry" ||
                    !e.message.endsWith(QLatin1String(" succeeded")))
                    continue;
                ++calls[e.extra.value(QLatin1String("operation")).toString()];
            }
            QCOMPARE(calls.value(QStringLiteral("final_report")), 1);
            QCOMPARE(calls.value(QStringLiteral("update_status")), 0);
            QCOMPARE(calls.value(QStringLiteral("add_event")), 0);
            QCOMPARE(calls.value(QStringLiteral("add_artifact")), 3);
        }
    }

    void theLogAloneRebuildsEveryRunAndLlmCall()
    {
        // What a console attached to a headless worker sees: the runs and LLM calls rebuilt
        // from the log stream match what the runners themselves reported.
        RemoteRunTracker tracker(QStringLiteral("worker"));
        QHash<QString, RunSnapshot> runs;
        QHash<QString, int> exchanges;
        LogSubscription all = m_hub.subscribeAfter(0);
        for (const LogEntry &e : all.takeBatch(10'000'000).entries) {
            const auto update = tracker.consume(e);
            if (update.run)
                runs.insert(update.run->taskId, *update.run);
            if (update.exchange) {
                QCOMPARE(update.exchange->source, QStringLiteral("worker"));
                QVERIFY(update.exchange->response.totalTokens > 0);
                ++exchanges[update.exchange->taskId];
            }
        }
        QCOMPARE(runs.size(), m_results.size());
        for (auto it = m_results.cbegin(); it != m_results.cend(); ++it) {
            const RunSnapshot run = runs.value(it.key());
            QCOMPARE(run.outcome, it->success ? RunOutcome::Completed : RunOutcome::Failed);
            QCOMPARE(run.phase, RunPhase::Finished);
            QCOMPARE(run.errorType, it->errorType);
            QCOMPARE(run.source, QStringLiteral("worker"));
            const ExecutionMetrics m = m_metrics.value(it.key());
            QCOMPARE(qint64(run.llmCalls), m.llmCalls);
            QCOMPARE(qint64(exchanges.value(it.key())), m.llmCalls);
            QCOMPARE(run.promptTokens, qint64(m.llmPromptTokens));
            QCOMPARE(run.completionTokens, qint64(m.llmCompletionTokens));
        }
    }

    void cleanupTestCase()
    {
        if (m_stack)
            m_stack->stop();
    }
};

QTEST_GUILESS_MAIN(TestEngineEndToEnd)
#include "test_engine_end_to_end.moc"
