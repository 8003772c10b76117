// Attaching the console to a headless worker: the demo task set runs in a `necrocode-runner
// serve` process; the console side sees every run with its final state, one LLM call per call
// the worker made, the worker's log entries labelled, its services and itself UP, its /metrics
// totals; when the worker goes away, the worker turns DOWN and the user is told. The same demo
// run by an engine in this process reads the same in runs and LLM calls.
#include "TestCertificates.h"
#include "demo/DemoSeeder.h"
#include "engine/RunnerPool.h"
#include "engine/TaskFeeder.h"
#include "fleet/WorkerAttachment.h"
#include "health/HealthServer.h"
#include "health/RunnerServiceChecks.h"
#include "host/EngineHost.h"
#include "log/LogDispatcher.h"
#include "log/LogHub.h"
#include "metrics/PrometheusReader.h"
#include "stack/LocalServiceStack.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;

namespace {

// How many entries of the hub's history contain `text` in their message.
int messagesIn(const LogHub &hub, const QString &text)
{
    LogSubscription all = hub.subscribeAfter(0);
    const LogBatch batch = all.takeBatch(1'000'000);
    return int(std::count_if(batch.entries.begin(), batch.entries.end(),
                             [&](const LogEntry &e) { return e.message.contains(text); }));
}

// The local services with the demo task set, a scripted model of fixed latency.
ServiceStackConfig demoStackConfig(const QTemporaryDir &dir)
{
    ServiceStackConfig config;
    config.dataDirectory = dir.filePath(QStringLiteral("services"));
    config.demo = true;
    config.slotsPerPool = 2;
    config.llmLatency = LatencySettings{100.0, 0.0, 0, 24, std::nullopt};
    return config;
}

// Starts `necrocode-runner serve` on `urls`; `workerUrl` is set once it says where it serves.
void startWorker(QProcess &worker, const ServiceUrls &urls, QUrl &workerUrl)
{
    auto output = std::make_shared<QByteArray>();
    QObject::connect(
        &worker, &QProcess::readyReadStandardOutput, &worker, [&worker, &workerUrl, output] {
            *output += worker.readAllStandardOutput();
            const qsizetype at = output->indexOf("serving on http://");
            if (workerUrl.isEmpty() && at >= 0) {
                const qsizetype start = at + qsizetype(strlen("serving on "));
                workerUrl = QUrl(
                    QString::fromLatin1(output->mid(start, output->indexOf('"', start) - start)));
            }
        });
    // What the worker says on stderr (a crash, a sanitizer's report) lands in the test's log.
    worker.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    worker.start(QStringLiteral(NECROCODE_RUNNER_EXECUTABLE),
                 {QStringLiteral("serve"), QStringLiteral("--spec"), DemoSeeder::specName(),
                  QStringLiteral("--parallel"), QStringLiteral("2"),
                  QStringLiteral("--health-port"), QStringLiteral("0"),
                  QStringLiteral("--poll-interval"), QStringLiteral("50"),
                  QStringLiteral("--task-registry-url"), urls.taskRegistry.toString(),
                  QStringLiteral("--repo-pool-url"), urls.repoPool.toString(),
                  QStringLiteral("--artifact-store-url"), urls.artifactStore.toString(),
                  QStringLiteral("--llm-base-url"), urls.llm.toString()});
}

// Every run of the demo task set has its final state.
bool allFinished(const QHash<QString, RunSnapshot> &runs)
{
    if (runs.size() < 6)
        return false;
    return std::all_of(runs.begin(), runs.end(),
                       [](const RunSnapshot &run) { return run.phase == RunPhase::Finished; });
}

// Waits until the worker has run the whole demo; a worker that exits first fails the wait at
// once, saying how it ended (its stderr is already in the test's log).
bool waitForTheDemo(const QProcess &worker, const QHash<QString, RunSnapshot> &runs)
{
    QElapsedTimer waited;
    waited.start();
    while (!allFinished(runs) && worker.state() != QProcess::NotRunning &&
           waited.elapsed() < 240000)
        QTest::qWait(50);
    if (worker.state() == QProcess::NotRunning) {
        qWarning("the worker exited before the demo finished: %s, exit code %d",
                 worker.exitStatus() == QProcess::CrashExit ? "crashed" : "exited",
                 worker.exitCode());
        return false;
    }
    return allFinished(runs);
}

// What the console shows of a run and of its LLM calls, whoever ran it.
QString shownOf(const RunSnapshot &run, const QList<LlmExchange> &calls)
{
    QStringList shown{QStringLiteral("%1 %2 %3 calls=%4 prompt=%5 completion=%6")
                          .arg(run.taskId, runOutcomeName(run.outcome), run.errorType)
                          .arg(run.llmCalls)
                          .arg(run.promptTokens)
                          .arg(run.completionTokens)};
    for (const LlmExchange &call : calls)
        if (call.taskId == run.taskId)
            shown.append(QStringLiteral("  call %1 %2+%3 %4")
                             .arg(call.response.model)
                             .arg(call.response.promptTokens)
                             .arg(call.response.completionTokens)
                             .arg(call.response.finishReason));
    return shown.join(u'\n');
}

} // namespace

class TestWorkerAttachment : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theSummaryShowsACostOnlyWhenAPriceIsConfigured()
    {
        const auto unpriced =
            parsePrometheusText("necrocode_runs_total{outcome=\"completed\"} 3\n"
                                "gen_ai_client_token_usage_sum{gen_ai_token_type=\"input\"} 120\n");
        QVERIFY(unpriced);
        const QString without = WorkerAttachment::summarizeMetrics(unpriced.value());
        QVERIFY2(without.startsWith(QStringLiteral("Runs: 3 completed, 0 failed")),
                 qPrintable(without));
        QVERIFY2(without.contains(QStringLiteral("no price configured")), qPrintable(without));
        QVERIFY(!without.contains(u'$'));

        const auto priced =
            parsePrometheusText("necrocode_llm_cost_usd_total{gen_ai_request_model=\"m\"} 0.25\n"
                                "necrocode_llm_cost_usd_total{gen_ai_request_model=\"n\"} 0.5\n");
        QVERIFY(priced);
        const QString with = WorkerAttachment::summarizeMetrics(priced.value());
        QVERIFY2(with.contains(QStringLiteral("cost $0.7500")), qPrintable(with));
    }

    void followsAWorkerThroughTheDemoAndNoticesWhenItLeaves()
    {
        QTemporaryDir dir;
        LocalServiceStack stack(demoStackConfig(dir));
        const auto urls = stack.start();
        QVERIFY2(urls.ok(), qPrintable(urls.errorMessage()));

        QProcess worker;
        QUrl workerUrl;
        startWorker(worker, urls.value(), workerUrl);
        QTRY_VERIFY_WITH_TIMEOUT(!workerUrl.isEmpty(), 20000);

        auto hub = std::make_shared<LogHub>();
        WorkerAttachment attachment(workerUrl, hub);
        QHash<QString, RunSnapshot> runs;
        QList<LlmExchange> calls;
        QHash<QString, ServiceHealth> health;
        QStringList notices;
        connect(&attachment, &WorkerAttachment::runChanged, this,
                [&](const RunSnapshot &run) { runs.insert(run.taskId, run); });
        connect(&attachment, &WorkerAttachment::llmExchangeRecorded, this,
                [&](const LlmExchange &exchange) { calls.append(exchange); });
        connect(&attachment, &WorkerAttachment::serviceHealthChanged, this,
                [&](const QString &source, const QString &service, const ServiceHealth &h) {
                    QCOMPARE(source, attachment.label());
                    health.insert(service, h);
                });
        connect(&attachment, &WorkerAttachment::notice, this,
                [&](const QString &text, bool) { notices.append(text); });
        attachment.start(200);

        QVERIFY(waitForTheDemo(worker, runs));
        for (const char *id : {"1.1", "1.2", "2.1", "3.1"})
            QCOMPARE(runs.value(QLatin1String(id)).outcome, RunOutcome::Completed);
        for (const char *id : {"4.1", "4.2"})
            QCOMPARE(runs.value(QLatin1String(id)).outcome, RunOutcome::Failed);
        QCOMPARE(runs.value(QStringLiteral("4.1")).errorType, QStringLiteral("test_failure"));

        int expectedCalls = 0;
        for (const RunSnapshot &run : std::as_const(runs)) {
            expectedCalls += run.llmCalls;
            QCOMPARE(run.source, attachment.label());
        }
        QCOMPARE(calls.size(), expectedCalls);
        QVERIFY(calls.size() >= 6);

        QTRY_VERIFY_WITH_TIMEOUT(health.size() == 5, 10000);
        for (const QString &service : {QStringLiteral("task_registry"), QStringLiteral("repo_pool"),
                                       QStringLiteral("artifact_store"), QStringLiteral("llm"),
                                       WorkerAttachment::workerServiceName()})
            QVERIFY2(health.value(service).isUp(), qPrintable(service));

        // The worker's /metrics totals reach the tooltip of its health row.
        QTRY_VERIFY_WITH_TIMEOUT(
            attachment.metricsSummary().startsWith(QStringLiteral("Runs: 4 completed, 2 failed")),
            15000);
        QVERIFY2(attachment.metricsSummary().contains(QStringLiteral("LLM tokens: ")),
                 qPrintable(attachment.metricsSummary()));
        // The demo worker has no price for its model: no "$0.0000" that looks like free calls.
        QVERIFY2(attachment.metricsSummary().contains(QStringLiteral("no price configured")),
                 qPrintable(attachment.metricsSummary()));
        QTRY_VERIFY_WITH_TIMEOUT(health.value(WorkerAttachment::workerServiceName()).details ==
                                     attachment.metricsSummary(),
                                 5000);

        // The hub holds the worker's entries; its own (non-runner) entries carry its label.
        LogSubscription all = hub->subscribeAfter(0);
        const LogBatch batch = all.takeBatch(1'000'000);
        QVERIFY(batch.entries.size() > 50);
        bool labelled = false;
        for (const LogEntry &entry : batch.entries) {
            QCOMPARE(entry.extra.value(QLatin1String("source")).toString(), attachment.label());
            labelled = labelled || entry.runnerId == attachment.label();
        }
        QVERIFY(labelled);

        worker.kill();
        worker.waitForFinished(5000);
        QTRY_VERIFY_WITH_TIMEOUT(
            health.value(WorkerAttachment::workerServiceName()).state == ServiceState::Down, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!notices.filter(QStringLiteral("Lost the log stream")).isEmpty(),
                                 10000);
        // Its services are not UP for ever: they turn UNKNOWN, stale since its last report.
        for (const QString &service : {QStringLiteral("task_registry"), QStringLiteral("repo_pool"),
                                       QStringLiteral("artifact_store"), QStringLiteral("llm")}) {
            QTRY_COMPARE_WITH_TIMEOUT(health.value(service).state, ServiceState::Unknown, 5000);
            QCOMPARE(health.value(service).lastErrorType, QStringLiteral("stale"));
            QVERIFY2(health.value(service).lastError.startsWith(QStringLiteral("no report since")),
                     qPrintable(health.value(service).lastError));
        }
        QCOMPARE(messagesIn(*hub, QStringLiteral("lost contact with the worker ")), 1);

        // The same worker comes back on the same address as a new process: its sequence numbers
        // start over, and the console follows it from its first entry.
        const int servingBefore = messagesIn(*hub, QStringLiteral("serving on"));
        QProcess restarted;
        QByteArray restartedOutput;
        connect(&restarted, &QProcess::readyReadStandardOutput, this,
                [&] { restartedOutput += restarted.readAllStandardOutput(); });
        QStringList arguments = worker.arguments();
        arguments[arguments.indexOf(QStringLiteral("--health-port")) + 1] =
            QString::number(workerUrl.port());
        restarted.start(QStringLiteral(NECROCODE_RUNNER_EXECUTABLE), arguments);
        QTRY_VERIFY2_WITH_TIMEOUT(restartedOutput.contains("serving on"),
                                  restarted.readAllStandardError().constData(), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(messagesIn(*hub, QStringLiteral("serving on")), servingBefore + 1,
                                  15000);
        QTRY_VERIFY_WITH_TIMEOUT(!notices.filter(QStringLiteral("restarted")).isEmpty(), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(messagesIn(*hub, QStringLiteral("answers again")), 1, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(health.value(QStringLiteral("llm")).isUp(), 10000);
        restarted.terminate();
        restarted.waitForFinished(10000);
        stack.stop();
    }

    void anAttachedWorkersRunsReadTheSameAsLocalOnes()
    {
        // The demo run here, on an engine of this process...
        QTemporaryDir localDir;
        LocalServiceStack localStack(demoStackConfig(localDir));
        const auto localUrls = localStack.start();
        QVERIFY2(localUrls.ok(), qPrintable(localUrls.errorMessage()));
        RunnerConfig config;
        config.taskRegistry.url = localUrls->taskRegistry.toString();
        config.repoPool.url = localUrls->repoPool.toString();
        config.artifactStore.url = localUrls->artifactStore.toString();
        config.llm.baseUrl = localUrls->llm.toString();
        config.maxParallelRunners = 2;
        auto logs = std::make_shared<LogDispatcher>();
        auto localHub = std::make_shared<LogHub>();
        logs->addSink(localHub);
        QHash<QString, RunSnapshot> localRuns;
        QList<LlmExchange> localCalls;
        {
            EngineHost host(config, logs, localHub, QStringLiteral("local-worker"),
                            healthThresholdsFor(config), Logger(logs, QStringLiteral("test")));
            connect(&host.pool(), &RunnerPool::runChanged, this,
                    [&](const RunSnapshot &run) { localRuns.insert(run.taskId, run); });
            connect(&host.pool(), &RunnerPool::llmExchangeRecorded, this,
                    [&](const LlmExchange &call) { localCalls.append(call); });
            host.feeder().start(DemoSeeder::specName(), 50);
            QTRY_VERIFY_WITH_TIMEOUT(allFinished(localRuns), 240000);
            host.feeder().stop();
        }
        logs->removeSink(localHub);
        localStack.stop();

        // ... and the same demo in a `serve` worker, followed from here.
        QTemporaryDir remoteDir;
        LocalServiceStack remoteStack(demoStackConfig(remoteDir));
        const auto remoteUrls = remoteStack.start();
        QVERIFY2(remoteUrls.ok(), qPrintable(remoteUrls.errorMessage()));
        QProcess worker;
        QUrl workerUrl;
        startWorker(worker, remoteUrls.value(), workerUrl);
        QTRY_VERIFY_WITH_TIMEOUT(!workerUrl.isEmpty(), 20000);
        WorkerAttachment attachment(workerUrl, std::make_shared<LogHub>());
        QHash<QString, RunSnapshot> remoteRuns;
        QList<LlmExchange> remoteCalls;
        connect(&attachment, &WorkerAttachment::runChanged, this,
                [&](const RunSnapshot &run) { remoteRuns.insert(run.taskId, run); });
        connect(&attachment, &WorkerAttachment::llmExchangeRecorded, this,
                [&](const LlmExchange &call) { remoteCalls.append(call); });
        attachment.start(200);
        QVERIFY(waitForTheDemo(worker, remoteRuns));
        worker.terminate();
        worker.waitForFinished(10000);
        remoteStack.stop();

        // The runs panel, the calls list and the charts read the same from both.
        QCOMPARE(remoteRuns.size(), localRuns.size());
        QCOMPARE(remoteCalls.size(), localCalls.size());
        for (const RunSnapshot &local : std::as_const(localRuns)) {
            QVERIFY2(remoteRuns.contains(local.taskId), qPrintable(local.taskId));
            QCOMPARE(shownOf(remoteRuns.value(local.taskId), remoteCalls),
                     shownOf(local, localCalls));
        }
    }

    void aWorkerThatCannotBeReachedIsReportedOnceAndDown()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close(); // nothing listens there any more
        auto hub = std::make_shared<LogHub>();
        WorkerAttachment attachment(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)), hub);
        QStringList notices;
        ServiceHealth worker;
        connect(&attachment, &WorkerAttachment::notice, this,
                [&](const QString &text, bool) { notices.append(text); });
        connect(&attachment, &WorkerAttachment::serviceHealthChanged, this,
                [&](const QString &, const QString &service, const ServiceHealth &h) {
                    if (service == WorkerAttachment::workerServiceName())
                        worker = h;
                });
        attachment.start(200);
        QTRY_COMPARE_WITH_TIMEOUT(worker.state, ServiceState::Down, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(notices.size(), 1, 5000);
        QVERIFY2(notices.first().startsWith(
                     QStringLiteral("Cannot reach the worker 127.0.0.1:%1").arg(port)),
                 qPrintable(notices.first()));
        QTest::qWait(2500); // the stream retries every two seconds without repeating the notice
        QCOMPARE(notices.size(), 1);
    }

    void aWorkerWithATokenIsFollowedWithItAndSaysSoWithout()
    {
        auto workerHub = std::make_shared<LogHub>();
        HealthServer server(HealthServerProviders{{}, {}, {}, workerHub});
        server.setBearerToken(QStringLiteral("fleet-token"));
        QVERIFY(server.listen().ok());
        workerHub->post(
            LogEntry::now(LogLevel::Info, QStringLiteral("w"), QStringLiteral("hello")));

        const auto follow = [&](const QString &token, ServiceHealth &worker, int &entries) {
            auto hub = std::make_shared<LogHub>();
            auto attachment = std::make_unique<WorkerAttachment>(server.url(), hub);
            attachment->setBearerToken(token);
            connect(attachment.get(), &WorkerAttachment::serviceHealthChanged, this,
                    [&worker](const QString &, const QString &service, const ServiceHealth &h) {
                        if (service == WorkerAttachment::workerServiceName())
                            worker = h;
                    });
            attachment->start(200);
            // Both settle within a few polls: the worker's state and its entry (or none).
            QTRY_VERIFY_WITH_TIMEOUT(worker.state != ServiceState::Unknown, 5000);
            QTest::qWait(600);
            entries = messagesIn(*hub, QStringLiteral("hello"));
        };
        ServiceHealth with;
        int withEntries = 0;
        follow(QStringLiteral("fleet-token"), with, withEntries);
        QCOMPARE(with.state, ServiceState::Up);
        QCOMPARE(withEntries, 1);

        ServiceHealth without;
        int withoutEntries = 0;
        follow(QString(), without, withoutEntries);
        QCOMPARE(without.state, ServiceState::Down);
        QVERIFY2(without.lastError.contains(QStringLiteral("NECROCODE_HEALTH_TOKEN_FILE")),
                 qPrintable(without.lastError));
        QCOMPARE(withoutEntries, 0);
    }

    void aSelfSignedWorkerIsFollowedOnlyOnceItsCertificateIsPinned()
    {
        test::TestCertificates certificates;
        const QString made = certificates.create();
        QVERIFY2(made.isEmpty(), qPrintable(made));
        const Result<QSslConfiguration> tls = certificates.selfSignedServerTls();
        QVERIFY2(tls.ok(), qPrintable(tls.errorMessage()));
        auto workerHub = std::make_shared<LogHub>();
        HealthServer server(HealthServerProviders{{}, {}, {}, workerHub});
        server.setTls(*tls);
        QVERIFY(server.listen().ok());
        QCOMPARE(server.url().scheme(), QStringLiteral("https"));
        workerHub->post(
            LogEntry::now(LogLevel::Info, QStringLiteral("w"), QStringLiteral("over tls")));

        auto hub = std::make_shared<LogHub>();
        WorkerAttachment attachment(server.url(), hub);
        ServiceHealth worker;
        connect(&attachment, &WorkerAttachment::serviceHealthChanged, this,
                [&worker](const QString &, const QString &service, const ServiceHealth &h) {
                    if (service == WorkerAttachment::workerServiceName())
                        worker = h;
                });
        QSignalSpy untrusted(&attachment, &WorkerAttachment::certificateUntrusted);
        QStringList notices;
        connect(&attachment, &WorkerAttachment::notice, this,
                [&notices](const QString &text, bool) { notices.append(text); });
        // A pin for some other certificate does not open the door.
        attachment.setPinnedCertificate(QStringLiteral("00:11:22"));
        attachment.start(200);
        QTRY_VERIFY_WITH_TIMEOUT(worker.state == ServiceState::Down, 5000);
        QTest::qWait(2500);            // the stream retries, the health polls go on
        QCOMPARE(untrusted.size(), 1); // asked once, not on every poll
        const QString fingerprint = untrusted.first().at(0).toString();
        QCOMPARE(fingerprint, certificates.selfSignedFingerprint());
        QVERIFY2(untrusted.first().at(1).toString().contains(QStringLiteral("self-signed worker")),
                 qPrintable(untrusted.first().at(1).toString()));
        QVERIFY2(worker.lastError.contains(QStringLiteral("not trusted")),
                 qPrintable(worker.lastError));
        QCOMPARE(messagesIn(*hub, QStringLiteral("over tls")), 0);
        QVERIFY2(notices.isEmpty(), qPrintable(notices.join(u'|')));

        attachment.setPinnedCertificate(fingerprint);
        QTRY_COMPARE_WITH_TIMEOUT(worker.state, ServiceState::Up, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(messagesIn(*hub, QStringLiteral("over tls")), 1, 5000);
    }
};

QTEST_MAIN(TestWorkerAttachment)
#include "test_worker_attachment.moc"
