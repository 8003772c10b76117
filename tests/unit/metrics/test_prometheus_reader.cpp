// Reading Prometheus text: what the project's own registry exposes reads back with its labels
// and values; sums by name and labels; malformed lines are refused with their number.
#include "metrics/MetricsRegistry.h"
#include "metrics/ProjectMetrics.h"
#include "metrics/PrometheusReader.h"

#include <QTest>

#include <cmath>

using namespace necrocode;

class TestPrometheusReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theRegistrysExpositionReadsBack()
    {
        MetricsRegistry registry;
        ProjectMetrics metrics(registry);
        metrics.recordRun(QStringLiteral("completed"));
        metrics.recordRun(QStringLiteral("completed"));
        metrics.recordRun(QStringLiteral("failed"));
        LlmCallObservation call;
        call.requestModel = QStringLiteral("gpt \"quoted\"");
        call.durationSeconds = 0.5;
        call.inputTokens = 300;
        call.outputTokens = 120;
        call.costUsd = 0.25;
        metrics.recordLlmCall(call);
        const auto samples = parsePrometheusText(registry.exposition());
        QVERIFY2(samples.ok(), qPrintable(samples.errorMessage()));
        QCOMPARE(sumSamples(*samples, QStringLiteral("necrocode_runs_total"),
                            {{"outcome", "completed"}}),
                 2.0);
        QCOMPARE(sumSamples(*samples, QStringLiteral("necrocode_runs_total")), 3.0);
        QCOMPARE(sumSamples(*samples, QStringLiteral("gen_ai_client_token_usage_sum"),
                            {{"gen_ai_token_type", "input"}}),
                 300.0);
        QCOMPARE(sumSamples(
                     *samples, QStringLiteral("gen_ai_client_token_usage_sum"),
                     {{"gen_ai_token_type", "output"}, {"gen_ai_request_model", "gpt \"quoted\""}}),
                 120.0);
        QCOMPARE(sumSamples(*samples, QStringLiteral("necrocode_llm_cost_usd_total")), 0.25);
        QCOMPARE(sumSamples(*samples, QStringLiteral("no_such_metric")), 0.0);
    }

    void specialValuesAndTimestamps()
    {
        const auto samples =
            parsePrometheusText("# HELP x y\n\nx_bucket{le=\"+Inf\"} 4 1700000000000\n"
                                "up 1\nnan_metric NaN\n");
        QVERIFY(samples.ok());
        QCOMPARE(samples->size(), 3);
        QCOMPARE(samples->at(0).labels.value("le"), QStringLiteral("+Inf"));
        QCOMPARE(samples->at(0).value, 4.0);
        QCOMPARE(samples->at(1).name, QStringLiteral("up"));
        QVERIFY(std::isnan(samples->at(2).value));
    }

    void malformedLinesAreRefusedWithTheirNumber_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("line");
        QTest::newRow("no value") << QByteArray("ok 1\nbroken\n") << 2;
        QTest::newRow("unterminated labels") << QByteArray("# c\nx{a=\"1\" 2\n") << 2;
        QTest::newRow("value not a number") << QByteArray("x{a=\"1\"} many\n") << 1;
    }

    void malformedLinesAreRefusedWithTheirNumber()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, line);
        const auto samples = parsePrometheusText(text);
        QVERIFY(!samples.ok());
        QVERIFY2(samples.errorMessage().contains(QStringLiteral("line %1").arg(line)),
                 qPrintable(samples.errorMessage()));
    }
};

QTEST_GUILESS_MAIN(TestPrometheusReader)
#include "test_prometheus_reader.moc"
