// ExecutionMetrics JSON (SPEC §3.2): a full round trip, key order, and errors that name the key.
#include "metrics/ExecutionMetrics.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace necrocode;

namespace {

// Every field set, each to a value no other field has.
ExecutionMetrics distinctMetrics()
{
    ExecutionMetrics m;
    m.runnerId = QStringLiteral("runner-7");
    m.taskId = QStringLiteral("1.1");
    m.specName = QStringLiteral("chat-app");
    m.startTimeMs = 1764265321123;
    m.endTimeMs = 1764265333456;
    m.utcOffsetSeconds = 9 * 3600;
    m.durationSeconds = 12.333;
    m.phaseTimings = {{QStringLiteral("workspace_preparation"), 1.25},
                      {QStringLiteral("task_implementation"), 7.5},
                      {QStringLiteral("commit_and_push"), 0.1}};
    m.peakMemoryMb = 301.5;
    m.peakMemoryPercent = 3.75;
    m.averageMemoryMb = 250.25;
    m.averageMemoryPercent = 3.125;
    m.peakCpuPercent = 180.5;
    m.averageCpuPercent = 42.5;
    m.resourceSamples = 13;
    m.filesChanged = 4;
    m.linesAdded = 120;
    m.linesRemoved = 17;
    m.testsRun = 9;
    m.testsPassed = 8;
    m.testsFailed = 1;
    m.artifactsUploaded = 5;
    m.totalArtifactSizeBytes = 123456789;
    m.errorsEncountered = 3;
    m.errorsByClass = {{QStringLiteral("timeout"), 2}, {QStringLiteral("http_503"), 1}};
    m.retriesAttempted = 6;
    m.concurrentRunners = 2;
    m.waitTimeSeconds = 0.75;
    m.resourceConflictsDetected = 11;
    m.llmCalls = 14;
    m.llmTotalDurationSeconds = 21.0;
    m.llmTotalTokens = 2500;
    m.llmPromptTokens = 1200;
    m.llmCompletionTokens = 1300;
    m.llmStreamedCalls = 10;
    m.llmTimeToFirstTokenTotalSeconds = 2.5;
    m.llmCostUsd = 0.0123;
    m.llmUnpricedCalls = 15;
    m.taskRegistryCalls = 16;
    m.taskRegistryDurationSeconds = 0.5;
    m.repoPoolCalls = 18;
    m.repoPoolDurationSeconds = 0.2;
    m.artifactStoreCalls = 19;
    m.artifactStoreDurationSeconds = 0.3;
    m.metadata.insert(QStringLiteral("llm_model"), QStringLiteral("gpt-4o-mini"));
    return m;
}

QJsonObject distinctObject()
{
    return QJsonDocument::fromJson(distinctMetrics().toJson()).object();
}

} // namespace

class TestExecutionMetrics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripKeepsEveryField()
    {
        const ExecutionMetrics original = distinctMetrics();
        const Result<ExecutionMetrics> back = ExecutionMetrics::fromJson(original.toJson());
        QVERIFY2(back.ok(), qPrintable(back.errorMessage()));
        QCOMPARE(back->toJson(), original.toJson());
        QVERIFY(*back == original);
    }

    void roundTripOfDefaults()
    {
        ExecutionMetrics original;
        const Result<ExecutionMetrics> back = ExecutionMetrics::fromJson(original.toJson());
        QVERIFY2(back.ok(), qPrintable(back.errorMessage()));
        QVERIFY(*back == original);
        QVERIFY(!back->endTimeMs);
        QVERIFY(!back->llmCostUsd);
    }

    void phasesKeepRunOrder()
    {
        // Not alphabetical: a QJsonObject would reorder them.
        const QByteArray json = distinctMetrics().toJson();
        QVERIFY(json.indexOf("workspace_preparation") < json.indexOf("task_implementation"));
        QVERIFY(json.indexOf("task_implementation") < json.indexOf("commit_and_push"));
        const Result<ExecutionMetrics> back = ExecutionMetrics::fromJson(json);
        QVERIFY(back.ok());
        QCOMPARE(back->phaseTimings.at(0).phase, QStringLiteral("workspace_preparation"));
        QCOMPARE(back->phaseTimings.at(2).phase, QStringLiteral("commit_and_push"));
    }

    void keysUseTheEarlierNamesInOrder()
    {
        const QByteArray json = distinctMetrics().toJson();
        const char *keys[] = {"\"runner_id\"",
                              "\"task_id\"",
                              "\"spec_name\"",
                              "\"start_time\"",
                              "\"end_time\"",
                              "\"duration_seconds\"",
                              "\"phase_timings\"",
                              "\"peak_memory_mb\"",
                              "\"files_changed\"",
                              "\"tests_run\"",
                              "\"artifacts_uploaded\"",
                              "\"total_artifact_size_bytes\"",
                              "\"errors_encountered\"",
                              "\"retries_attempted\"",
                              "\"concurrent_runners\"",
                              "\"resource_conflicts_detected\"",
                              "\"llm_calls\"",
                              "\"llm_total_duration_seconds\"",
                              "\"llm_total_tokens\"",
                              "\"llm_prompt_tokens\"",
                              "\"llm_completion_tokens\"",
                              "\"task_registry_calls\"",
                              "\"task_registry_duration_seconds\"",
                              "\"repo_pool_calls\"",
                              "\"repo_pool_duration_seconds\"",
                              "\"artifact_store_calls\"",
                              "\"artifact_store_duration_seconds\""};
        qsizetype previous = -1;
        for (const char *key : keys) {
            const qsizetype at = json.indexOf(key);
            QVERIFY2(at > previous, key);
            previous = at;
        }
        QVERIFY(json.contains("\"start_time\": \"2025-11-28T02:42:01.123+09:00\""));
        QVERIFY(json.contains("\"llm_average_duration_seconds\": 1.5"));
        QVERIFY(json.contains("\"llm_average_time_to_first_token_seconds\": 0.25"));
    }

    void averages()
    {
        const ExecutionMetrics m = distinctMetrics();
        QCOMPARE(m.llmAverageDurationSeconds(), 1.5);
        QCOMPARE(m.llmAverageTimeToFirstTokenSeconds().value(), 0.25);
        QCOMPARE(ExecutionMetrics().llmAverageDurationSeconds(), 0.0);
        QVERIFY(!ExecutionMetrics().llmAverageTimeToFirstTokenSeconds());
    }

    void missingKeyIsNamed_data()
    {
        QTest::addColumn<QString>("key");
        const QJsonObject full = distinctObject();
        const QStringList optional = {QStringLiteral("end_time"), QStringLiteral("llm_cost_usd"),
                                      QStringLiteral("metadata"),
                                      QStringLiteral("llm_average_duration_seconds"),
                                      QStringLiteral("llm_average_time_to_first_token_seconds")};
        for (const QString &key : full.keys()) {
            if (!optional.contains(key))
                QTest::newRow(qPrintable(key)) << key;
        }
    }

    void missingKeyIsNamed()
    {
        QFETCH(QString, key);
        QJsonObject o = distinctObject();
        o.remove(key);
        const Result<ExecutionMetrics> r = ExecutionMetrics::fromJsonObject(o);
        QVERIFY(!r.ok());
        QCOMPARE(r.errorMessage(), QStringLiteral("'%1' is required").arg(key));
    }

    void optionalKeysMayBeAbsent()
    {
        QJsonObject o = distinctObject();
        o.remove(QStringLiteral("end_time"));
        o.remove(QStringLiteral("llm_cost_usd"));
        o.remove(QStringLiteral("metadata"));
        const Result<ExecutionMetrics> r = ExecutionMetrics::fromJsonObject(o);
        QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
        QVERIFY(!r->endTimeMs);
        QVERIFY(!r->llmCostUsd);
    }

    void wrongTypeIsNamed_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("string for integer")
            << QStringLiteral("llm_calls") << QJsonValue(QStringLiteral("3"))
            << QStringLiteral("'llm_calls' must be an integer, got a string");
        QTest::newRow("fraction for integer")
            << QStringLiteral("tests_run") << QJsonValue(2.5)
            << QStringLiteral("'tests_run' must be an integer, got a number");
        QTest::newRow("bool for number")
            << QStringLiteral("repo_pool_duration_seconds") << QJsonValue(true)
            << QStringLiteral("'repo_pool_duration_seconds' must be a number, got a boolean");
        QTest::newRow("number for string")
            << QStringLiteral("runner_id") << QJsonValue(1)
            << QStringLiteral("'runner_id' must be a string, got a number");
        QTest::newRow("array for phases")
            << QStringLiteral("phase_timings") << QJsonValue(QJsonArray{})
            << QStringLiteral("'phase_timings' must be an object, got an array");
        QTest::newRow("bad phase value")
            << QStringLiteral("phase_timings")
            << QJsonValue(QJsonObject{{QStringLiteral("test_execution"), QStringLiteral("x")}})
            << QStringLiteral("'phase_timings.test_execution' must be a number, got a string");
        QTest::newRow("bad error count")
            << QStringLiteral("errors_by_class")
            << QJsonValue(QJsonObject{{QStringLiteral("timeout"), 1.5}})
            << QStringLiteral("'errors_by_class.timeout' must be an integer, got a number");
        QTest::newRow("bad timestamp")
            << QStringLiteral("start_time") << QJsonValue(QStringLiteral("yesterday"))
            << QStringLiteral("'start_time' must be an ISO-8601 timestamp, got \"yesterday\"");
        QTest::newRow("cost as string")
            << QStringLiteral("llm_cost_usd") << QJsonValue(QStringLiteral("$1"))
            << QStringLiteral("'llm_cost_usd' must be a number, got a string");
    }

    void wrongTypeIsNamed()
    {
        QFETCH(QString, key);
        QFETCH(QJsonValue, value);
        QFETCH(QString, expected);
        QJsonObject o = distinctObject();
        o.insert(key, value);
        const Result<ExecutionMetrics> r = ExecutionMetrics::fromJsonObject(o);
        QVERIFY(!r.ok());
        QCOMPARE(r.errorMessage(), expected);
    }

    void epochSecondsAreAcceptedForTimes()
    {
        QJsonObject o = distinctObject();
        o.insert(QStringLiteral("start_time"), QStringLiteral("1764265321.5"));
        const Result<ExecutionMetrics> r = ExecutionMetrics::fromJsonObject(o);
        QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
        QCOMPARE(r->startTimeMs, 1764265321500);
    }

    void syntaxErrorIsReported()
    {
        const Result<ExecutionMetrics> r = ExecutionMetrics::fromJson("{\"runner_id\": ");
        QVERIFY(!r.ok());
        QVERIFY2(r.errorMessage().contains(QStringLiteral("not valid JSON")),
                 qPrintable(r.errorMessage()));
    }
};

QTEST_GUILESS_MAIN(TestExecutionMetrics)
#include "test_execution_metrics.moc"
