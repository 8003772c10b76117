// MetricsCollector: LLM and service calls add up (they were always zero before), phases are
// timed, cost comes from the price table, concurrent recording is exact, and the process
// registry sees the same calls.
#include "metrics/MetricsCollector.h"

#include <QTest>
#include <QThread>

#include <memory>
#include <vector>

using namespace necrocode;

class TestMetricsCollector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void identityAndTimes()
    {
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        MetricsCollector c(QStringLiteral("runner-1"), QStringLiteral("1.1"),
                           QStringLiteral("chat-app"));
        QTest::qSleep(20);
        const ExecutionMetrics live = c.snapshot();
        QCOMPARE(live.runnerId, QStringLiteral("runner-1"));
        QCOMPARE(live.taskId, QStringLiteral("1.1"));
        QCOMPARE(live.specName, QStringLiteral("chat-app"));
        QVERIFY(live.startTimeMs >= before);
        QVERIFY(!live.endTimeMs);
        QVERIFY(live.durationSeconds >= 0.02);

        const ExecutionMetrics done = c.finalize();
        QVERIFY(done.endTimeMs);
        QVERIFY(*done.endTimeMs >= done.startTimeMs + 20);
        QTest::qSleep(20);
        const ExecutionMetrics again = c.finalize();
        QCOMPARE(again.endTimeMs, done.endTimeMs);
        QCOMPARE(again.durationSeconds, done.durationSeconds);
    }

    void llmCallsAddUp()
    {
        MetricsCollector c(QStringLiteral("r"), QStringLiteral("t"), QStringLiteral("s"));
        c.recordLlmCall(1.5, 1000, 500, 500);
        c.recordLlmCall(2.0, 1500, 700, 800, 0.25);
        c.recordLlmCall(0.5, 10, 4, 6, 0.75);
        const ExecutionMetrics m = c.finalize();
        QCOMPARE(m.llmCalls, 3);
        QCOMPARE(m.llmTotalDurationSeconds, 4.0);
        QCOMPARE(m.llmTotalTokens, 2510);
        QCOMPARE(m.llmPromptTokens, 1204);
        QCOMPARE(m.llmCompletionTokens, 1306);
        QCOMPARE(m.llmStreamedCalls, 2);
        QCOMPARE(m.llmTimeToFirstTokenTotalSeconds, 1.0);
        QCOMPARE(m.llmAverageTimeToFirstTokenSeconds().value(), 0.5);
        QVERIFY(!m.llmCostUsd);
        QCOMPARE(m.llmUnpricedCalls, 3);
    }

    void serviceCallsAddUpPerService()
    {
        MetricsCollector c(QStringLiteral("r"), QStringLiteral("t"), QStringLiteral("s"));
        c.recordExternalServiceCall(MetricsCollector::kTaskRegistry, 0.25);
        c.recordExternalServiceCall(MetricsCollector::kTaskRegistry, 0.25,
                                    QStringLiteral("status"));
        c.recordExternalServiceCall(MetricsCollector::kRepoPool, 0.125);
        c.recordExternalServiceCall(MetricsCollector::kArtifactStore, 0.5);
        c.recordExternalServiceCall(MetricsCollector::kArtifactStore, 1.5);
        c.recordExternalServiceCall(MetricsCollector::kArtifactStore, 1.0, QStringLiteral("upload"),
                                    QStringLiteral("timeout"));
        c.recordExternalServiceCall(run_event::kLlmService, 3.0, QStringLiteral("models"));
        const ExecutionMetrics m = c.finalize();
        QCOMPARE(m.taskRegistryCalls, 2);
        QCOMPARE(m.taskRegistryDurationSeconds, 0.5);
        QCOMPARE(m.repoPoolCalls, 1);
        QCOMPARE(m.repoPoolDurationSeconds, 0.125);
        QCOMPARE(m.artifactStoreCalls, 3);
        QCOMPARE(m.artifactStoreDurationSeconds, 3.0);
        QCOMPARE(m.llmCalls, 0); // a request that is not a completion is no LLM call
    }

    void gitCommandsAddUp()
    {
        MetricsCollector c(QStringLiteral("r"), QStringLiteral("t"), QStringLiteral("s"));
        c.recordGitCommand(0.25);
        c.recordGitCommand(0.5);
        const ExecutionMetrics m = c.finalize();
        QCOMPARE(m.gitCommands, 2);
        QCOMPARE(m.gitDurationSeconds, 0.75);
        const ExecutionMetrics back = ExecutionMetrics::fromJson(m.toJson()).value();
        QCOMPARE(back.gitCommands, 2);
        QCOMPARE(back.gitDurationSeconds, 0.75);
    }

    void phasesAreTimedInStartOrder()
    {
        MetricsCollector c(QStringLiteral("r"), QStringLiteral("t"), QStringLiteral("s"));
        QVERIFY(c.startPhase(QStringLiteral("workspace_preparation")));
        QVERIFY(!c.startPhase(QStringLiteral("workspace_preparation")));
        QTest::qSleep(30);
        QVERIFY(c.endPhase(QStringLiteral("workspace_preparation")));
        QVERIFY(!c.endPhase(QStringLiteral("workspace_preparation")));
        {
            PhaseTimer timer(c, QStringLiteral("task_implementation"));
            QTest::qSleep(40);
        }
        {
            PhaseTimer timer(c, QStringLiteral("artifact_upload"));
            QTest::qSleep(10);
            timer.finish();
            QTest::qSleep(50); // not counted
        }
        c.startPhase(QStringLiteral("test_execution")); // still running at finalize
        QTest::qSleep(20);
        const ExecutionMetrics m = c.finalize();
        QCOMPARE(m.phaseTimings.size(), 4);
        QCOMPARE(m.phaseTimings[0].phase, QStringLiteral("workspace_preparation"));
        QCOMPARE(m.phaseTimings[1].phase, QStringLiteral("task_implementation"));
        QCOMPARE(m.phaseTimings[2].phase, QStringLiteral("artifact_upload"));
        QCOMPARE(m.phaseTimings[3].phase, QStringLiteral("test_execution"));
        QVERIFY(m.phaseTimings[0].seconds >= 0.03 && m.phaseTimings[0].seconds < 1.0);
        QVERIFY(m.phaseTimings[1].seconds >= 0.04 && m.phaseTimings[1].seconds < 1.0);
        QVERIFY(m.phaseTimings[2].seconds >= 0.01 && m.phaseTimings[2].seconds < 0.05);
        QVERIFY(m.phaseTimings[3].seconds >= 0.02);
    }

    void repeatedPhaseAddsUp()
    {
        MetricsCollector c(QStringLiteral("r"), QStringLiteral("t"), QStringLiteral("s"));
        for (int i = 0; i < 2; ++i) {
            PhaseTimer timer(c, QStringLiteral("test_execution"));
            QTest::qSleep(20);
        }
        const ExecutionMetrics m = c.finalize();
        QCOMPARE(m.phaseTimings.size(), 1);
        QVERIFY(m.phaseTimings[0].seconds >= 0.04);
    }

    void snapshotCountsARunningPhase()
    {
        MetricsCollector c(QStringLiteral("r"), QStringLiteral("t"), QStringLiteral("s"));
        c.startPhase(QStringLiteral("task_implementation"));
        QTest::qSleep(20);
        const ExecutionMetrics m = c.snapshot();
        QCOMPARE(m.phaseTimings.size(), 1);
        QVERIFY(m.phaseTimings[0].seconds >= 0.02);
    }

    void costComesFromThePriceTable()
    {
        LlmPriceTable prices;
        prices.setPrice(QStringLiteral("gpt-x"), {2.0, 8.0});
        MetricsCollector c(QStringLiteral("r"), QStringLiteral("t"), QStringLiteral("s"));
        c.setLlmPrices(prices);
        c.setLlmProvider(QStringLiteral("openai"), QStringLiteral("gpt-x"));
        c.recordLlmCall(1.0, 1500, 1000, 500);                               // default model
        c.recordLlmCall(1.0, 3000, 2000, 1000, {}, QStringLiteral("gpt-x")); // named
        c.recordLlmCall(1.0, 99, 90, 9, {}, QStringLiteral("local-llama"));  // no price
        const ExecutionMetrics m = c.finalize();
        QVERIFY(m.llmCostUsd);
        // (1000*2 + 500*8)/1e6 + (2000*2 + 1000*8)/1e6 = 0.006 + 0.012
        QCOMPARE(*m.llmCostUsd, 0.018);
        QCOMPARE(m.llmUnpricedCalls, 1);
    }

    void reportedEventsAreCountedByKind()
    {
        LlmPriceTable prices;
        prices.setPrice(QStringLiteral("gpt-x"), {2.0, 8.0});
        MetricsCollector c(QStringLiteral("r"), QStringLiteral("t"), QStringLiteral("s"));
        c.setLlmPrices(prices);
        using namespace run_event;
        c.record(PhaseChanged{RunPhase::TestExecution, true});

        LlmCall call;
        call.model = QStringLiteral("gpt-x");
        call.promptTokens = 1000;
        call.completionTokens = 500;
        call.totalTokens = 1500;
        call.durationSeconds = 2.0;
        const RunEvent priced = c.record(call);
        // The collector hands back the call with its cost, for the log entry.
        QCOMPARE(std::get<LlmCall>(priced).costUsd, std::optional(0.006));

        c.record(ServiceCall{.service = QStringLiteral("repo_pool"),
                             .operation = QStringLiteral("allocate_slot"),
                             .statusCode = 200,
                             .durationSeconds = 0.25});
        c.record(ServiceCall{.service = QStringLiteral("task_registry"),
                             .operation = QStringLiteral("update_task"),
                             .statusCode = 503,
                             .durationSeconds = 0.5,
                             .errorType = QStringLiteral("http_503"),
                             .retryDelaySeconds = 1.0,
                             .maxAttempts = 3});
        c.record(ServiceCall{.service = QStringLiteral("task_registry"),
                             .operation = QStringLiteral("update_task"),
                             .statusCode = 503,
                             .durationSeconds = 0.5,
                             .attempt = 3,
                             .errorType = QStringLiteral("http_503")});
        c.record(ServiceCall{.service = QStringLiteral("task_registry"),
                             .operation = QStringLiteral("get_task"),
                             .statusCode = 404,
                             .durationSeconds = 0.1,
                             .errorType = QStringLiteral("http_404"),
                             .expected = true});
        c.record(GitCommand{.operation = QStringLiteral("git_push"),
                            .command = QStringLiteral("git push"),
                            .durationSeconds = 0.75,
                            .success = true});
        c.record(TestsFinished{5, 4, 1, 3.0, false});
        c.record(PhaseChanged{RunPhase::TestExecution, false});

        const ExecutionMetrics m = c.finalize();
        QCOMPARE(m.llmCalls, 1);
        QCOMPARE(m.llmCostUsd, std::optional(0.006));
        QCOMPARE(m.repoPoolCalls, 1);
        QCOMPARE(m.taskRegistryCalls, 3);
        // The retried attempt is a retry, the last one an error, the expected 404 neither.
        QCOMPARE(m.retriesAttempted, 1);
        QCOMPARE(m.errorsEncountered, 1);
        QCOMPARE(m.errorsByClass.value(QStringLiteral("http_503")), 1);
        QCOMPARE(m.gitCommands, 1);
        QCOMPARE(m.testsRun, 5);
        QCOMPARE(m.testsFailed, 1);
        QCOMPARE(m.phaseTimings.size(), 1);
        QCOMPARE(m.phaseTimings.first().phase, QStringLiteral("test_execution"));
    }

    void priceTableFromConfig()
    {
        const QJsonObject config{
            {QStringLiteral("gpt-x"),
             QJsonObject{{QStringLiteral("input_usd_per_million_tokens"), 2.5},
                         {QStringLiteral("output_usd_per_million_tokens"), 10}}}};
        const Result<LlmPriceTable> table =
            LlmPriceTable::fromJson(config, QStringLiteral("llm.prices"));
        QVERIFY2(table.ok(), qPrintable(table.errorMessage()));
        QCOMPARE(table->costUsd(QStringLiteral("gpt-x"), 1000000, 100000).value(), 3.5);
        QVERIFY(!table->costUsd(QStringLiteral("other"), 1, 1));
        QCOMPARE(LlmPriceTable::fromJson(table->toJson())->price(QStringLiteral("gpt-x")),
                 table->price(QStringLiteral("gpt-x")));

        const QJsonObject missing{
            {QStringLiteral("gpt-x"),
             QJsonObject{{QStringLiteral("input_usd_per_million_tokens"), 1}}}};
        QCOMPARE(LlmPriceTable::fromJson(missing, QStringLiteral("llm.prices")).errorMessage(),
                 QStringLiteral("'llm.prices.gpt-x.output_usd_per_million_tokens' is required"));
        const QJsonObject negative{
            {QStringLiteral("m"),
             QJsonObject{{QStringLiteral("input_usd_per_million_tokens"), -1},
                         {QStringLiteral("output_usd_per_million_tokens"), 1}}}};
        QCOMPARE(LlmPriceTable::fromJson(negative).errorMessage(),
                 QStringLiteral("'m.input_usd_per_million_tokens' must not be negative"));
    }

    void errorsRetriesAndTheRest()
    {
        MetricsCollector c(QStringLiteral("r"), QStringLiteral("t"), QStringLiteral("s"));
        c.recordError(QStringLiteral("timeout"));
        c.recordError(QStringLiteral("timeout"));
        c.recordError(QStringLiteral("http_503"));
        c.recordRetry(QStringLiteral("llm"), QStringLiteral("timeout"));
        c.recordRetry();
        c.recordImplementation(3, 40, 2);
        c.recordTests(10, 9, 1);
        c.recordArtifact(100);
        c.recordArtifact(250);
        c.setConcurrentRunners(3);
        c.addWaitTime(0.5);
        c.addWaitTime(0.25);
        c.recordResourceConflict();
        c.setMetadata(QStringLiteral("llm_model"), QStringLiteral("gpt-x"));
        const ExecutionMetrics m = c.finalize();
        QCOMPARE(m.errorsEncountered, 3);
        QCOMPARE(m.errorsByClass.value(QStringLiteral("timeout")), 2);
        QCOMPARE(m.errorsByClass.value(QStringLiteral("http_503")), 1);
        QCOMPARE(m.retriesAttempted, 2);
        QCOMPARE(m.filesChanged, 3);
        QCOMPARE(m.linesAdded, 40);
        QCOMPARE(m.linesRemoved, 2);
        QCOMPARE(m.testsRun, 10);
        QCOMPARE(m.testsPassed, 9);
        QCOMPARE(m.testsFailed, 1);
        QCOMPARE(m.artifactsUploaded, 2);
        QCOMPARE(m.totalArtifactSizeBytes, 350);
        QCOMPARE(m.concurrentRunners, 3);
        QCOMPARE(m.waitTimeSeconds, 0.75);
        QCOMPARE(m.resourceConflictsDetected, 1);
        QCOMPARE(m.metadata.value(QStringLiteral("llm_model")).toString(), QStringLiteral("gpt-x"));
    }

    void resourceSamplesGivePeakAndAverage()
    {
        MetricsCollector c(QStringLiteral("r"), QStringLiteral("t"), QStringLiteral("s"));
        ResourceSample a;
        a.memoryMb = 100;
        a.memoryPercent = 1;
        ResourceSample b;
        b.memoryMb = 300;
        b.memoryPercent = 3;
        b.cpuPercent = 50;
        ResourceSample d;
        d.memoryMb = 200;
        d.memoryPercent = 2;
        d.cpuPercent = 150;
        c.recordResourceSample(a);
        c.recordResourceSample(b);
        c.recordResourceSample(d);
        const ExecutionMetrics m = c.finalize();
        QCOMPARE(m.resourceSamples, 3);
        QCOMPARE(m.peakMemoryMb, 300.0);
        QCOMPARE(m.averageMemoryMb, 200.0);
        QCOMPARE(m.peakMemoryPercent, 3.0);
        QCOMPARE(m.averageMemoryPercent, 2.0);
        QCOMPARE(m.peakCpuPercent, 150.0);
        QCOMPARE(m.averageCpuPercent, 100.0); // the first sample had no CPU figure
    }

    void concurrentRecordingIsExact()
    {
        MetricsRegistry registry;
        LlmPriceTable prices;
        prices.setPrice(QStringLiteral("m"), {1.0, 1.0});
        MetricsCollector c(QStringLiteral("r"), QStringLiteral("t"), QStringLiteral("s"),
                           &registry);
        c.setLlmPrices(prices);
        c.setLlmProvider(QStringLiteral("openai"), QStringLiteral("m"));
        constexpr int kThreads = 8;
        constexpr int kCalls = 2000;
        std::vector<std::unique_ptr<QThread>> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back(QThread::create([&c] {
                for (int i = 0; i < kCalls; ++i) {
                    c.recordLlmCall(0.5, 3, 1, 2, 0.25);
                    c.recordExternalServiceCall(MetricsCollector::kTaskRegistry, 0.125);
                    c.recordExternalServiceCall(MetricsCollector::kRepoPool, 0.25);
                    c.recordError(QStringLiteral("timeout"));
                    c.recordRetry(QStringLiteral("llm"), QStringLiteral("timeout"));
                }
            }));
            threads.back()->start();
        }
        for (auto &thread : threads)
            QVERIFY(thread->wait(60000));
        const ExecutionMetrics m = c.finalize();
        constexpr qint64 kTotal = qint64(kThreads) * kCalls;
        QCOMPARE(m.llmCalls, kTotal);
        QCOMPARE(m.llmTotalDurationSeconds, 0.5 * kTotal);
        QCOMPARE(m.llmTotalTokens, 3 * kTotal);
        QCOMPARE(m.llmPromptTokens, kTotal);
        QCOMPARE(m.llmCompletionTokens, 2 * kTotal);
        QCOMPARE(m.llmStreamedCalls, kTotal);
        QCOMPARE(m.llmTimeToFirstTokenTotalSeconds, 0.25 * kTotal);
        QCOMPARE(m.taskRegistryCalls, kTotal);
        QCOMPARE(m.taskRegistryDurationSeconds, 0.125 * kTotal);
        QCOMPARE(m.repoPoolCalls, kTotal);
        QCOMPARE(m.repoPoolDurationSeconds, 0.25 * kTotal);
        QCOMPARE(m.errorsEncountered, kTotal);
        QCOMPARE(m.errorsByClass.value(QStringLiteral("timeout")), kTotal);
        QCOMPARE(m.retriesAttempted, kTotal);
        QVERIFY(m.llmCostUsd);
        QVERIFY(qFuzzyCompare(*m.llmCostUsd, 3e-6 * kTotal)); // 3 tokens at $1 per million each

        ProjectMetrics process(registry);
        Q_UNUSED(process);
        const HistogramSnapshot duration =
            registry
                .histogram(ProjectMetrics::kOperationDuration, {},
                           {QStringLiteral("gen_ai_operation_name"),
                            QStringLiteral("gen_ai_provider_name"),
                            QStringLiteral("gen_ai_request_model"), QStringLiteral("error_type")},
                           ProjectMetrics::kGenAiDurationBuckets)
                .value()
                ->snapshot({QStringLiteral("chat"), QStringLiteral("openai"), QStringLiteral("m"),
                            QString()});
        QCOMPARE(duration.count, quint64(kTotal));
        QCOMPARE(duration.sum, 0.5 * kTotal);
        CounterFamily *errors =
            registry.counter(ProjectMetrics::kErrors, {}, {QStringLiteral("error_type")}).value();
        QCOMPARE(errors->value({QStringLiteral("timeout")}), double(kTotal));
    }

    void callsReachTheProcessRegistry()
    {
        MetricsRegistry registry;
        LlmPriceTable prices;
        prices.setPrice(QStringLiteral("gpt-x"), {2.0, 8.0});
        MetricsCollector c(QStringLiteral("r"), QStringLiteral("t"), QStringLiteral("s"),
                           &registry);
        c.setLlmPrices(prices);
        c.setLlmProvider(QStringLiteral("openai"), QStringLiteral("gpt-x"));
        // The HTTP attempt of the completed call is reported too; it must not count twice.
        c.recordExternalServiceCall(run_event::kLlmService, 1.5, run_event::kLlmChatOperation);
        c.recordLlmCall(1.5, 1500, 1000, 500, 0.3);
        c.recordExternalServiceCall(run_event::kLlmService, 120.0, run_event::kLlmChatOperation,
                                    QStringLiteral("timeout"));
        c.recordExternalServiceCall(MetricsCollector::kRepoPool, 0.2, QStringLiteral("allocate"));
        c.recordExternalServiceCall(MetricsCollector::kArtifactStore, 0.4, QStringLiteral("upload"),
                                    QStringLiteral("http_503"));
        c.finalize(QStringLiteral("completed"));
        c.finalize(QStringLiteral("completed")); // counted once

        const QByteArray text = registry.exposition();
        const auto has = [&text](const char *line) {
            if (!text.contains(line))
                qWarning("missing: %s", line);
            return text.contains(line);
        };
        QVERIFY(has("gen_ai_client_token_usage_sum{gen_ai_operation_name=\"chat\","
                    "gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-x\","
                    "gen_ai_token_type=\"input\"} 1000\n"));
        QVERIFY(has("gen_ai_client_token_usage_sum{gen_ai_operation_name=\"chat\","
                    "gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-x\","
                    "gen_ai_token_type=\"output\"} 500\n"));
        QVERIFY(has("gen_ai_client_operation_duration_seconds_count{gen_ai_operation_name=\"chat\","
                    "gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-x\","
                    "error_type=\"timeout\"} 1\n"));
        QVERIFY(has("gen_ai_client_operation_time_to_first_chunk_seconds_sum{"
                    "gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"openai\","
                    "gen_ai_request_model=\"gpt-x\"} 0.3\n"));
        QVERIFY(has("necrocode_llm_cost_usd_total{gen_ai_provider_name=\"openai\","
                    "gen_ai_request_model=\"gpt-x\"} 0.006\n"));
        QVERIFY(has("necrocode_service_requests_total{service=\"llm\",operation=\"chat\","
                    "outcome=\"success\",error_type=\"\"} 1\n"));
        QVERIFY(has("necrocode_service_requests_total{service=\"llm\",operation=\"chat\","
                    "outcome=\"error\",error_type=\"timeout\"} 1\n"));
        QVERIFY(has("necrocode_service_requests_total{service=\"artifact_store\","
                    "operation=\"upload\",outcome=\"error\",error_type=\"http_503\"} 1\n"));
        QVERIFY(has("necrocode_service_request_duration_seconds_count{service=\"repo_pool\","
                    "operation=\"allocate\"} 1\n"));
        QVERIFY(has("necrocode_runs_total{outcome=\"completed\"} 1\n"));
        // The chat's HTTP attempts are not a second series beside the GenAI operation.
        QVERIFY(!text.contains("operation=\"chat_completion\""));
    }
};

QTEST_GUILESS_MAIN(TestMetricsCollector)
#include "test_metrics_collector.moc"
