// Fault injection shared by the local services: deterministic next-N failures, 429 with
// Retry-After, dropped connections, malformed and slow bodies, latency, path filters, and the
// /admin/faults endpoint.
#include "HttpTestClient.h"
#include "http/ServiceHttpServer.h"
#include "registry/TaskRegistryService.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;
using namespace necrocode::test;

namespace {

using Method = QHttpServerRequest::Method;

QJsonObject bigObject()
{
    QJsonObject o;
    for (int i = 0; i < 200; ++i)
        o.insert(QStringLiteral("key%1").arg(i, 3, 10, QLatin1Char('0')),
                 QStringLiteral("value-%1").arg(i));
    return o;
}

} // namespace

class TestFaultInjection : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ServiceHttpServer> m_server;
    HttpTestClient m_http;

    QUrl url(const QString &path) const { return urlOf(m_server->baseUrl(), path); }

    TestResponse setFaults(const QJsonObject &faults)
    {
        return m_http.put(url(QStringLiteral("/admin/faults")), faults);
    }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<ServiceHttpServer>(QStringLiteral("test_service"));
        m_server->setAccess({{}, true});
        m_server->router().route(Method::Get, QStringLiteral("/data"),
                                 [](const HttpRequestData &, const PathParams &) {
                                     return HttpResponse::json(200, bigObject());
                                 });
        m_server->router().route(
            Method::Get, QStringLiteral("/v1/thing"),
            [](const HttpRequestData &, const PathParams &) {
                return HttpResponse::json(200, QJsonObject{{QStringLiteral("ok"), true}});
            });
        QVERIFY(m_server->listenOn(QHostAddress::LocalHost, 0).ok());
    }

    void cleanup() { m_server.reset(); }

    void theNextNRequestsFailWithTheChosenStatus()
    {
        QCOMPARE(
            setFaults({{QStringLiteral("fail_next"), QJsonObject{{QStringLiteral("count"), 2},
                                                                 {QStringLiteral("status"), 502}}}})
                .status,
            200);
        const TestResponse first = m_http.get(url(QStringLiteral("/data")));
        QCOMPARE(first.status, 502);
        QCOMPARE(first.json().value(QStringLiteral("injected")).toBool(), true);
        QCOMPARE(m_http.get(url(QStringLiteral("/data"))).status, 502);
        QCOMPARE(m_http.get(url(QStringLiteral("/data"))).status, 200);
        const QJsonObject status = m_http.get(url(QStringLiteral("/admin/faults"))).json();
        QCOMPARE(status.value(QStringLiteral("fail_next_remaining")).toInt(), 0);
        QCOMPARE(status.value(QStringLiteral("injected"))
                     .toObject()
                     .value(QStringLiteral("error"))
                     .toInt(),
                 2);
    }

    void anInjected503CarriesRetryAfter()
    {
        setFaults({{QStringLiteral("retry_after_seconds"), 4},
                   {QStringLiteral("fail_next"), QJsonObject{{QStringLiteral("count"), 1}}}});
        const TestResponse r = m_http.get(url(QStringLiteral("/data")));
        QCOMPARE(r.status, 503);
        QCOMPARE(r.header("Retry-After"), QByteArray("4"));
    }

    void rateLimitsAnswer429WithRetryAfter()
    {
        setFaults({{QStringLiteral("retry_after_seconds"), 7},
                   {QStringLiteral("fail_next"),
                    QJsonObject{{QStringLiteral("count"), 1},
                                {QStringLiteral("kind"), QStringLiteral("rate_limit")}}}});
        const TestResponse r = m_http.get(url(QStringLiteral("/data")));
        QCOMPARE(r.status, 429);
        QCOMPARE(r.header("Retry-After"), QByteArray("7"));
        setFaults({{QStringLiteral("rate_limit_rate"), 1.0}});
        QCOMPARE(m_http.get(url(QStringLiteral("/data"))).status, 429);
    }

    void aDroppedConnectionGetsNoAnswer()
    {
        setFaults({{QStringLiteral("fail_next"),
                    QJsonObject{{QStringLiteral("count"), 2},
                                {QStringLiteral("kind"), QStringLiteral("drop")}}}});
        // Qt resends a request once when the connection closes before any answer byte.
        const TestResponse r = m_http.get(url(QStringLiteral("/data")));
        QCOMPARE(r.status, 0);
        QVERIFY(r.networkError != QNetworkReply::NoError);
        QCOMPARE(m_http.get(url(QStringLiteral("/admin/faults")))
                     .json()
                     .value(QStringLiteral("injected"))
                     .toObject()
                     .value(QStringLiteral("drop"))
                     .toInt(),
                 2);
        QCOMPARE(m_http.get(url(QStringLiteral("/data"))).status, 200);
    }

    void aMalformedBodyIsCutInHalf()
    {
        const QByteArray whole = m_http.get(url(QStringLiteral("/data"))).body;
        setFaults({{QStringLiteral("fail_next"),
                    QJsonObject{{QStringLiteral("count"), 1},
                                {QStringLiteral("kind"), QStringLiteral("malformed")}}}});
        const TestResponse r = m_http.get(url(QStringLiteral("/data")));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, whole.left(whole.size() / 2));
        QJsonParseError error;
        QJsonDocument::fromJson(r.body, &error);
        QVERIFY(error.error != QJsonParseError::NoError);
    }

    void aSlowBodyArrivesIntactButLate()
    {
        const QByteArray whole = m_http.get(url(QStringLiteral("/data"))).body;
        QVERIFY(whole.size() > 2000);
        setFaults({{QStringLiteral("slow_body_bytes_per_second"), 5000},
                   {QStringLiteral("fail_next"),
                    QJsonObject{{QStringLiteral("count"), 1},
                                {QStringLiteral("kind"), QStringLiteral("slow_body")}}}});
        QElapsedTimer timer;
        timer.start();
        const TestResponse r = m_http.get(url(QStringLiteral("/data")));
        QCOMPARE(r.body, whole);
        QVERIFY2(timer.elapsed() >= 300, qPrintable(QString::number(timer.elapsed())));
    }

    void latencyIsAdded()
    {
        setFaults({{QStringLiteral("latency_ms"), 250}});
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(m_http.get(url(QStringLiteral("/data"))).status, 200);
        QVERIFY(timer.elapsed() >= 240);
    }

    void aPathPrefixLimitsTheFaults()
    {
        setFaults({{QStringLiteral("error_rate"), 1.0},
                   {QStringLiteral("path_prefix"), QStringLiteral("/v1/")}});
        QCOMPARE(m_http.get(url(QStringLiteral("/v1/thing"))).status, 500);
        QCOMPARE(m_http.get(url(QStringLiteral("/data"))).status, 200);
    }

    void theAdminEndpointIsNeverFaultedAndDeleteClears()
    {
        setFaults({{QStringLiteral("error_rate"), 1.0}, {QStringLiteral("latency_ms"), 5000}});
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(m_http.get(url(QStringLiteral("/admin/faults"))).status, 200);
        QVERIFY(timer.elapsed() < 2000);
        QCOMPARE(m_http.del(url(QStringLiteral("/admin/faults"))).status, 200);
        QCOMPARE(m_http.get(url(QStringLiteral("/data"))).status, 200);
        const QJsonObject faults = m_http.get(url(QStringLiteral("/admin/faults")))
                                       .json()
                                       .value(QStringLiteral("faults"))
                                       .toObject();
        QCOMPARE(faults.value(QStringLiteral("error_rate")).toDouble(), 0.0);
    }

    void invalidFaultSettingsAreRejectedByName_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("key");
        QTest::newRow("rate above 1") << QByteArray("{\"error_rate\":2}") << "'error_rate'";
        QTest::newRow("unknown key") << QByteArray("{\"eror_rate\":0.5}") << "'eror_rate'";
        QTest::newRow("status not an error")
            << QByteArray("{\"error_status\":200}") << "'error_status'";
        QTest::newRow("unknown kind")
            << QByteArray("{\"fail_next\":{\"kind\":\"explode\"}}") << "'fail_next.kind'";
        QTest::newRow("not json") << QByteArray("[") << "body";
    }

    void invalidFaultSettingsAreRejectedByName()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, key);
        const TestResponse r = m_http.send("PUT", url(QStringLiteral("/admin/faults")), body,
                                           {{"Content-Type", "application/json"}});
        QCOMPARE(r.status, 400);
        QVERIFY2(r.json().value(QStringLiteral("error")).toString().contains(key),
                 r.body.constData());
    }

    void seededRandomFaultsRepeat()
    {
        FaultConfig config;
        config.errorRate = 0.5;
        config.seed = 11;
        FaultInjector a;
        FaultInjector b;
        a.configure(config);
        b.configure(config);
        QList<int> kindsA;
        QList<int> kindsB;
        for (int i = 0; i < 200; ++i) {
            kindsA.append(int(a.decide(QStringLiteral("/x")).kind));
            kindsB.append(int(b.decide(QStringLiteral("/x")).kind));
        }
        QCOMPARE(kindsA, kindsB);
        const auto errors = kindsA.count(int(FaultKind::Error));
        QVERIFY(errors > 60 && errors < 140);
    }

    void aRetriedPostWithAnIdempotencyKeyIsRecordedOnce()
    {
        QTemporaryDir dir;
        Result<std::unique_ptr<TaskRegistryService>> opened = TaskRegistryService::open(dir.path());
        QVERIFY(opened.ok());
        TaskRegistryService &registry = *opened.value();
        registry.setAccess({{}, true});
        QVERIFY(registry.listen().ok());
        const QUrl base = registry.baseUrl();
        const TestResponse created = m_http.post(
            urlOf(base, QStringLiteral("/specs/s/tasks")),
            {{QStringLiteral("tasks"),
              QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("t")},
                                     {QStringLiteral("title"), QStringLiteral("T")}}}}});
        QVERIFY2(created.status == 201, created.body.constData());
        QCOMPARE(
            m_http
                .put(urlOf(base, QStringLiteral("/admin/faults")),
                     {{QStringLiteral("fail_next"), QJsonObject{{QStringLiteral("count"), 1}}}})
                .status,
            200);
        const QJsonObject event{{QStringLiteral("event_type"), QStringLiteral("TaskCompleted")}};
        const Headers key{{"Idempotency-Key", "retry-1"}};
        QCOMPARE(m_http.post(urlOf(base, QStringLiteral("/tasks/t/events")), event, key).status,
                 503);
        QCOMPARE(m_http.post(urlOf(base, QStringLiteral("/tasks/t/events")), event, key).status,
                 201);
        QCOMPARE(m_http.post(urlOf(base, QStringLiteral("/tasks/t/events")), event, key).status,
                 201);
        const QJsonArray events = m_http.get(urlOf(base, QStringLiteral("/tasks/t/events")))
                                      .json()
                                      .value(QStringLiteral("events"))
                                      .toArray();
        qsizetype completed = 0;
        for (const QJsonValue &e : events)
            completed += e.toObject().value(QStringLiteral("event_type")).toString() ==
                         QLatin1String("TaskCompleted");
        QCOMPARE(completed, qsizetype(1));
    }
};

QTEST_GUILESS_MAIN(TestFaultInjection)
#include "test_fault_injection.moc"
