// MetricsRegistry and ProjectMetrics: exact Prometheus text, cumulative buckets, escaping,
// registration rules, concurrency, and promtool's verdict on every project metric.
#include "metrics/MetricsRegistry.h"
#include "metrics/ProjectMetrics.h"
#include "metrics/PrometheusText.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTest>
#include <QThread>

#include <memory>
#include <vector>

using namespace necrocode;

class TestMetricsRegistry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void exactExpositionOfASmallRegistry()
    {
        MetricsRegistry registry;
        CounterFamily *requests =
            registry
                .counter(QStringLiteral("demo_requests_total"), QStringLiteral("Requests handled."),
                         {QStringLiteral("method")})
                .value();
        GaugeFamily *busy =
            registry.gauge(QStringLiteral("demo_busy_workers"), QStringLiteral("Busy workers."))
                .value();
        HistogramFamily *latency = registry
                                       .histogram(QStringLiteral("demo_latency_seconds"),
                                                  QStringLiteral("Latency."), {}, {0.1, 1})
                                       .value();
        requests->inc({QStringLiteral("post")});
        requests->inc({QStringLiteral("get")}, 2);
        busy->set({}, 3);
        busy->add({}, -1);
        latency->observe({}, 0.05);
        latency->observe({}, 0.5);
        latency->observe({}, 7);
        QCOMPARE(registry.exposition(), QByteArray("# HELP demo_busy_workers Busy workers.\n"
                                                   "# TYPE demo_busy_workers gauge\n"
                                                   "demo_busy_workers 2\n"
                                                   "# HELP demo_latency_seconds Latency.\n"
                                                   "# TYPE demo_latency_seconds histogram\n"
                                                   "demo_latency_seconds_bucket{le=\"0.1\"} 1\n"
                                                   "demo_latency_seconds_bucket{le=\"1\"} 2\n"
                                                   "demo_latency_seconds_bucket{le=\"+Inf\"} 3\n"
                                                   "demo_latency_seconds_sum 7.55\n"
                                                   "demo_latency_seconds_count 3\n"
                                                   "# HELP demo_requests_total Requests handled.\n"
                                                   "# TYPE demo_requests_total counter\n"
                                                   "demo_requests_total{method=\"get\"} 2\n"
                                                   "demo_requests_total{method=\"post\"} 1\n"));
    }

    void labelLessFamiliesStartAtZero()
    {
        MetricsRegistry registry;
        QVERIFY(registry.counter(QStringLiteral("x_total"), QStringLiteral("X.")).ok());
        QVERIFY(registry.exposition().endsWith("x_total 0\n"));
        MetricsRegistry labelled;
        QVERIFY(
            labelled.counter(QStringLiteral("y_total"), QStringLiteral("Y."), {QStringLiteral("a")})
                .ok());
        QCOMPARE(labelled.exposition(), QByteArray("# HELP y_total Y.\n# TYPE y_total counter\n"));
    }

    void histogramBucketsAreCumulative_data()
    {
        QTest::addColumn<QList<double>>("values");
        QTest::addColumn<QList<quint64>>("cumulative");
        QTest::newRow("empty") << QList<double>{} << QList<quint64>{0, 0, 0, 0};
        QTest::newRow("on the bounds") << QList<double>{1, 2, 5} << QList<quint64>{1, 2, 3, 3};
        QTest::newRow("spread") << QList<double>{0.5, 1, 2, 100, -3} << QList<quint64>{3, 4, 4, 5};
        QTest::newRow("only overflow") << QList<double>{6, 7} << QList<quint64>{0, 0, 0, 2};
    }

    void histogramBucketsAreCumulative()
    {
        QFETCH(QList<double>, values);
        QFETCH(QList<quint64>, cumulative);
        MetricsRegistry registry;
        HistogramFamily *h = registry
                                 .histogram(QStringLiteral("h"), QStringLiteral("H."),
                                            {QStringLiteral("k")}, {1, 2, 5})
                                 .value();
        double sum = 0;
        for (const double v : values) {
            h->observe({QStringLiteral("v")}, v);
            sum += v;
        }
        h->observe({QStringLiteral("v")}, qQNaN()); // ignored
        const HistogramSnapshot s = h->snapshot({QStringLiteral("v")});
        QCOMPARE(s.cumulativeCounts, cumulative);
        QCOMPARE(s.count, quint64(values.size()));
        QCOMPARE(s.sum, sum);
        if (values.isEmpty())
            return;
        const QByteArray text = registry.exposition();
        const char *les[] = {"1", "2", "5", "+Inf"};
        for (int i = 0; i < 4; ++i) {
            const QByteArray line = "h_bucket{k=\"v\",le=\"" + QByteArray(les[i]) + "\"} " +
                                    QByteArray::number(cumulative[i]) + '\n';
            QVERIFY2(text.contains(line), line.constData());
        }
    }

    void labelValuesAndHelpAreEscaped()
    {
        MetricsRegistry registry;
        CounterFamily *c = registry
                               .counter(QStringLiteral("esc_total"),
                                        QStringLiteral("Back\\slash and\nnew line \"quoted\"."),
                                        {QStringLiteral("path")})
                               .value();
        c->inc({QStringLiteral("C:\\dir\n\"x\" é")});
        QCOMPARE(registry.exposition(),
                 QByteArray("# HELP esc_total Back\\\\slash and\\nnew line \"quoted\".\n"
                            "# TYPE esc_total counter\n"
                            "esc_total{path=\"C:\\\\dir\\n\\\"x\\\" \xc3\xa9\"} 1\n"));
    }

    void specialValuesAreSpelledForPrometheus()
    {
        QByteArray out;
        prometheus::appendSampleValue(out, qInf());
        out.append(' ');
        prometheus::appendSampleValue(out, -qInf());
        out.append(' ');
        prometheus::appendSampleValue(out, qQNaN());
        out.append(' ');
        prometheus::appendSampleValue(out, 67108864);
        out.append(' ');
        prometheus::appendSampleValue(out, 0.01);
        QCOMPARE(out, QByteArray("+Inf -Inf NaN 67108864 0.01"));
    }

    void countersOnlyGoUp()
    {
        MetricsRegistry registry;
        CounterFamily *c =
            registry.counter(QStringLiteral("up_total"), QStringLiteral("U.")).value();
        c->inc({}, 2);
        c->inc({}, -1);
        c->inc({}, qQNaN());
        QCOMPARE(c->value(), 2.0);
    }

    void wrongLabelCountIsIgnored()
    {
        MetricsRegistry registry;
        CounterFamily *c =
            registry.counter(QStringLiteral("l_total"), QStringLiteral("L."), {QStringLiteral("a")})
                .value();
        QTest::ignoreMessage(QtWarningMsg,
                             "metric l_total expects 1 label values, got 2; sample ignored");
        c->inc({QStringLiteral("x"), QStringLiteral("y")});
        QVERIFY(!registry.exposition().contains("l_total{"));
    }

    void registrationRules()
    {
        MetricsRegistry registry;
        auto first = registry.counter(QStringLiteral("a_total"), QStringLiteral("A."),
                                      {QStringLiteral("x")});
        QVERIFY(first.ok());
        auto again = registry.counter(QStringLiteral("a_total"), QStringLiteral("A."),
                                      {QStringLiteral("x")});
        QVERIFY(again.ok());
        QCOMPARE(*again, *first);

        QCOMPARE(
            registry.gauge(QStringLiteral("a_total"), {}, {QStringLiteral("x")}).errorMessage(),
            QStringLiteral("metric 'a_total': already registered as a counter"));
        QCOMPARE(
            registry.counter(QStringLiteral("a_total"), {}, {QStringLiteral("y")}).errorMessage(),
            QStringLiteral("metric 'a_total': already registered with labels [x]"));
        QCOMPARE(registry.counter(QStringLiteral("1abc"), {}).errorMessage(),
                 QStringLiteral("metric '1abc': invalid metric name"));
        QCOMPARE(registry.counter(QStringLiteral("b_total"), {}, {QStringLiteral("bad-label")})
                     .errorMessage(),
                 QStringLiteral("metric 'b_total': invalid label name 'bad-label'"));
        QVERIFY(
            !registry.counter(QStringLiteral("b_total"), {}, {QStringLiteral("__reserved")}).ok());
        QCOMPARE(
            registry.histogram(QStringLiteral("h"), {}, {QStringLiteral("le")}, {1}).errorMessage(),
            QStringLiteral("metric 'h': a histogram cannot have a label 'le'"));
        QCOMPARE(
            registry.histogram(QStringLiteral("h"), {}, {}, {2, 1}).errorMessage(),
            QStringLiteral("metric 'h': bucket bounds must be finite and strictly increasing"));
        QVERIFY(registry.histogram(QStringLiteral("h"), {}, {}, {1, 2, qInf()}).ok());
        QVERIFY(registry.histogram(QStringLiteral("h"), {}, {}, {1, 2}).ok()); // +Inf implied
        QCOMPARE(registry.histogram(QStringLiteral("h"), {}, {}, {1, 3}).errorMessage(),
                 QStringLiteral("metric 'h': already registered with other buckets"));
        QCOMPARE(registry.counter(QStringLiteral("h_count"), {}).errorMessage(),
                 QStringLiteral("metric 'h_count': its samples would clash with metric 'h'"));
    }

    void concurrentUpdatesAreExact()
    {
        MetricsRegistry registry;
        CounterFamily *c =
            registry.counter(QStringLiteral("c_total"), QStringLiteral("C."), {QStringLiteral("t")})
                .value();
        HistogramFamily *h =
            registry.histogram(QStringLiteral("d_seconds"), QStringLiteral("D."), {}, {1}).value();
        constexpr int kThreads = 8;
        constexpr int kOps = 5000;
        std::vector<std::unique_ptr<QThread>> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back(QThread::create([&, t] {
                for (int i = 0; i < kOps; ++i) {
                    c->inc({QString::number(t % 2)});
                    h->observe({}, 0.5);
                    if (i % 1000 == 0)
                        (void)registry.exposition();
                }
            }));
            threads.back()->start();
        }
        for (auto &thread : threads)
            QVERIFY(thread->wait(60000));
        QCOMPARE(c->value({QStringLiteral("0")}) + c->value({QStringLiteral("1")}),
                 double(kThreads * kOps));
        QCOMPARE(h->snapshot().count, quint64(kThreads * kOps));
    }

    void projectMetricsUseOtelNamesAndBuckets()
    {
        MetricsRegistry registry;
        ProjectMetrics metrics(registry);
        LlmCallObservation call;
        call.requestModel = QStringLiteral("gpt-4o-mini");
        call.durationSeconds = 1.0;
        call.inputTokens = 300;
        call.outputTokens = 20;
        metrics.recordLlmCall(call);
        const QByteArray text = registry.exposition();
        QVERIFY(text.contains("# TYPE gen_ai_client_token_usage histogram\n"));
        QVERIFY(text.contains("# TYPE gen_ai_client_operation_duration_seconds histogram\n"));
        QVERIFY(text.contains(
            "gen_ai_client_token_usage_bucket{gen_ai_operation_name=\"chat\",gen_ai_provider_name="
            "\"openai\",gen_ai_request_model=\"gpt-4o-mini\",gen_ai_token_type=\"input\","
            "le=\"256\"} 0\n"));
        QVERIFY(text.contains(
            "gen_ai_client_token_usage_bucket{gen_ai_operation_name=\"chat\",gen_ai_provider_name="
            "\"openai\",gen_ai_request_model=\"gpt-4o-mini\",gen_ai_token_type=\"input\","
            "le=\"1024\"} 1\n"));
        QVERIFY(text.contains("le=\"67108864\"} 1\n"));
        QVERIFY(text.contains("le=\"81.92\"} 1\n"));
        QCOMPARE(ProjectMetrics::kTokenBuckets.size(), 14);
        QCOMPARE(ProjectMetrics::kGenAiDurationBuckets.first(), 0.01);
        QCOMPARE(ProjectMetrics::kGenAiDurationBuckets.last(), 81.92);
        // A second handle on the same registry shares the families.
        ProjectMetrics other(registry);
        other.recordLlmCall(call);
        QVERIFY(registry.exposition().contains(
            "gen_ai_client_token_usage_count{gen_ai_operation_name=\"chat\",gen_ai_provider_name="
            "\"openai\",gen_ai_request_model=\"gpt-4o-mini\",gen_ai_token_type=\"output\"} 2\n"));
    }

    void activeRunnersGauge()
    {
        MetricsRegistry registry;
        ProjectMetrics metrics(registry);
        metrics.setActiveRunners(3);
        metrics.addActiveRunners(-1);
        QVERIFY(registry.exposition().contains("\nnecrocode_active_runners 2\n"));
    }

    void globalRegistryIsOneInstance()
    {
        QCOMPARE(&MetricsRegistry::global(), &MetricsRegistry::global());
    }

    void promtoolAcceptsEveryProjectMetric()
    {
        // promtool comes with the Debian package "prometheus", installed by the project's setup.
        const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
        if (promtool.isEmpty())
            QFAIL("promtool not found: install the Debian package 'prometheus'");

        MetricsRegistry registry;
        ProjectMetrics metrics(registry);
        LlmCallObservation call;
        call.requestModel = QStringLiteral("gpt-4o-mini");
        call.durationSeconds = 2.5;
        call.inputTokens = 1200;
        call.outputTokens = 300;
        call.timeToFirstChunkSeconds = 0.4;
        call.costUsd = 0.00042;
        metrics.recordLlmCall(call);
        call.errorType = QStringLiteral("timeout");
        metrics.recordLlmCall(call);
        metrics.recordServiceRequest(QStringLiteral("task_registry"),
                                     QStringLiteral("update_status"), 0.012);
        metrics.recordServiceRequest(QStringLiteral("repo_pool"), QStringLiteral("allocate"), 3.0,
                                     QStringLiteral("http_503"));
        metrics.recordServiceRequest(QStringLiteral("artifact_store"), QStringLiteral("upload"),
                                     0.2);
        metrics.recordRun(QStringLiteral("completed"));
        metrics.recordRun(QStringLiteral("failed"));
        metrics.recordRetry(QStringLiteral("llm"), QStringLiteral("rate_limit"));
        metrics.recordError(QStringLiteral("parse"));
        metrics.setActiveRunners(2);
        const QByteArray text = registry.exposition();
        for (const QString &name :
             {ProjectMetrics::kTokenUsage, ProjectMetrics::kOperationDuration,
              ProjectMetrics::kTimeToFirstChunk, ProjectMetrics::kServiceRequestDuration,
              ProjectMetrics::kServiceRequests, ProjectMetrics::kRuns, ProjectMetrics::kRetries,
              ProjectMetrics::kErrors, ProjectMetrics::kActiveRunners, ProjectMetrics::kLlmCost})
            QVERIFY2(text.contains(QByteArray("# TYPE " + name.toUtf8() + ' ')), qPrintable(name));

        QProcess process;
        process.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
        QVERIFY(process.waitForStarted(10000));
        process.write(text);
        process.closeWriteChannel();
        QVERIFY(process.waitForFinished(30000));
        const QByteArray output = process.readAllStandardOutput() + process.readAllStandardError();
        // No lint problem is tolerated: any output is a finding.
        QVERIFY2(output.isEmpty(), output.constData());
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
    }

    void promtoolRejectsABrokenExposition()
    {
        // Shows that the check above can fail: a counter without _total is a lint finding.
        const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
        if (promtool.isEmpty())
            QFAIL("promtool not found: install the Debian package 'prometheus'");
        MetricsRegistry registry;
        registry.counter(QStringLiteral("requests"), QStringLiteral("R.")).value()->inc();
        QProcess process;
        process.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
        QVERIFY(process.waitForStarted(10000));
        process.write(registry.exposition());
        process.closeWriteChannel();
        QVERIFY(process.waitForFinished(30000));
        const QByteArray output = process.readAllStandardOutput() + process.readAllStandardError();
        QVERIFY2(output.contains("_total"), output.constData());
        QVERIFY(process.exitCode() != 0);
    }
};

QTEST_GUILESS_MAIN(TestMetricsRegistry)
#include "test_metrics_registry.moc"
