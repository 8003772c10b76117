// HealthServer over real HTTP on a loopback port chosen at run time: every endpoint, query
// strings, the 404 body, readiness and health flipping between 200 and 503, the metrics content
// type, and a clear error when the address is in use; with a token, /health, /metrics and /logs
// answer 401 (with WWW-Authenticate) to requests without it or with a wrong one while the probes
// stay open, and an address other machines can reach is refused without a token.
#include "health/HealthServer.h"
#include "log/LogHub.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace necrocode;

namespace {

struct HttpAnswer
{
    int status = 0;
    QByteArray contentType;
    QByteArray authenticate;
    QByteArray body;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

const QByteArray kMetricsText = "# TYPE necrocode_runs_total counter\n"
                                "necrocode_runs_total{outcome=\"completed\"} 3\n";

} // namespace

class TestHealthServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { m_network.setProxy(QNetworkProxy::NoProxy); }

    void init()
    {
        m_healthy = true;
        m_readiness = Readiness{};
        m_readiness.required.insert(QStringLiteral("task_registry"), ServiceState::Up);
        HealthServerProviders providers;
        providers.status = [this] {
            HealthStatus status;
            status.healthy = m_healthy;
            status.runnerId = QStringLiteral("runner-7");
            status.updateServiceStatus(QStringLiteral("llm"), m_healthy, 0.1);
            return status;
        };
        providers.readiness = [this] { return m_readiness; };
        providers.metricsText = [] { return kMetricsText; };
        m_server = std::make_unique<HealthServer>(std::move(providers));
        const Result<quint16> port = m_server->listen();
        QVERIFY2(port.ok(), qPrintable(port.errorMessage()));
        QVERIFY(*port != 0);
        QCOMPARE(m_server->port(), *port);
    }

    void cleanup() { m_server.reset(); }

    void bindsToLoopbackByDefault()
    {
        QVERIFY(m_server->isListening());
        QCOMPARE(m_server->address(), QHostAddress(QHostAddress::LocalHost));
    }

    void endpoints_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("key");

        QTest::newRow("livez") << "/livez" << 200 << "status";
        QTest::newRow("healthz") << "/healthz" << 200 << "status";
        QTest::newRow("readyz") << "/readyz" << 200 << "ready";
        QTest::newRow("ready") << "/ready" << 200 << "ready";
        QTest::newRow("health") << "/health" << 200 << "external_services";
        QTest::newRow("livez with query") << "/livez?verbose=1" << 200 << "status";
        QTest::newRow("readyz with query") << "/readyz?x=1&y=2" << 200 << "ready";
        QTest::newRow("health with query") << "/health?x=1" << 200 << "external_services";
        QTest::newRow("unknown path") << "/nope" << 404 << "error";
        QTest::newRow("prefix of a path") << "/healt" << 404 << "error";
        QTest::newRow("longer than a path") << "/healthzz" << 404 << "error";
        QTest::newRow("below a path") << "/health/extra" << 404 << "error";
    }

    void endpoints()
    {
        QFETCH(QString, path);
        QFETCH(int, status);
        QFETCH(QString, key);
        const HttpAnswer answer = get(path);
        QCOMPARE(answer.status, status);
        QVERIFY2(answer.contentType.startsWith("application/json"), answer.contentType.constData());
        QVERIFY2(answer.json().contains(key), answer.body.constData());
    }

    void livenessSaysAlive()
    {
        QCOMPARE(get(QStringLiteral("/livez")).json().value("status"), QJsonValue("alive"));
        m_healthy = false;
        m_readiness.required.insert(QStringLiteral("llm"), ServiceState::Down);
        QCOMPARE(get(QStringLiteral("/healthz")).status, 200);
    }

    void notFoundNamesThePath()
    {
        const HttpAnswer answer = get(QStringLiteral("/metricz?a=b"));
        QCOMPARE(answer.status, 404);
        QCOMPARE(answer.json().value("error"), QJsonValue("not found"));
        QCOMPARE(answer.json().value("path"), QJsonValue("/metricz"));
    }

    void readinessFlipsBetween200And503()
    {
        QCOMPARE(get(QStringLiteral("/readyz")).status, 200);
        m_readiness.required.insert(QStringLiteral("llm"), ServiceState::Down);
        m_readiness.required.insert(QStringLiteral("repo_pool"), ServiceState::Unknown);
        for (const QString &path : {QStringLiteral("/readyz"), QStringLiteral("/ready")}) {
            const HttpAnswer answer = get(path);
            QCOMPARE(answer.status, 503);
            QCOMPARE(answer.json().value("ready"), QJsonValue(false));
            QCOMPARE(answer.json().value("not_up").toArray(), (QJsonArray{"llm", "repo_pool"}));
        }
        m_readiness.required.insert(QStringLiteral("llm"), ServiceState::Up);
        m_readiness.required.insert(QStringLiteral("repo_pool"), ServiceState::Up);
        const HttpAnswer answer = get(QStringLiteral("/ready"));
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.json().value("ready"), QJsonValue(true));
    }

    void healthIs503WhenUnhealthy()
    {
        HttpAnswer answer = get(QStringLiteral("/health"));
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.json().value("healthy"), QJsonValue(true));
        QCOMPARE(answer.json().value("runner_id"), QJsonValue("runner-7"));
        QCOMPARE(answer.json()
                     .value("external_services")
                     .toObject()
                     .value("llm")
                     .toObject()
                     .value("state"),
                 QJsonValue("UP"));

        m_healthy = false;
        answer = get(QStringLiteral("/health"));
        QCOMPARE(answer.status, 503);
        QCOMPARE(answer.json().value("healthy"), QJsonValue(false));
        QCOMPARE(answer.json()
                     .value("external_services")
                     .toObject()
                     .value("llm")
                     .toObject()
                     .value("state"),
                 QJsonValue("DEGRADED"));
    }

    void metricsAreThePrometheusText()
    {
        for (const QString &path :
             {QStringLiteral("/metrics"), QStringLiteral("/metrics?name[]=x")}) {
            const HttpAnswer answer = get(path);
            QCOMPARE(answer.status, 200);
            QVERIFY2(answer.contentType.startsWith("text/plain; version=0.0.4"),
                     answer.contentType.constData());
            QCOMPARE(answer.body, kMetricsText);
        }
    }

    void missingProvidersAnswerAsIfAllIsWell()
    {
        HealthServer bare(HealthServerProviders{});
        const Result<quint16> port = bare.listen();
        QVERIFY2(port.ok(), qPrintable(port.errorMessage()));
        const QString base = QStringLiteral("http://127.0.0.1:%1").arg(*port);
        QCOMPARE(getUrl(base + QStringLiteral("/readyz")).status, 200);
        QCOMPARE(getUrl(base + QStringLiteral("/health")).status, 200);
        const HttpAnswer metrics = getUrl(base + QStringLiteral("/metrics"));
        QCOMPARE(metrics.status, 200);
        QVERIFY(metrics.body.isEmpty());
    }

    void addressInUseIsAnErrorNamingIt()
    {
        QTcpServer occupant;
        QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
        HealthServer second(HealthServerProviders{});
        const Result<quint16> port = second.listen(QHostAddress::LocalHost, occupant.serverPort());
        QVERIFY(!port.ok());
        const QString expected = QStringLiteral("127.0.0.1:%1").arg(occupant.serverPort());
        QVERIFY2(port.errorMessage().contains(expected), qPrintable(port.errorMessage()));
        QVERIFY(!second.isListening());
        QCOMPARE(second.port(), quint16(0));
        QVERIFY(second.url().isEmpty());
        // The same server can still take another port (the console falls back to a free one).
        const Result<quint16> free = second.listen(QHostAddress::LocalHost, 0);
        QVERIFY2(free.ok(), qPrintable(free.errorMessage()));
        QCOMPARE(second.url(), QUrl(QStringLiteral("http://127.0.0.1:%1").arg(*free)));
    }

    void listeningTwiceIsRefused()
    {
        const Result<quint16> again = m_server->listen();
        QVERIFY(!again.ok());
        QVERIFY2(again.errorMessage().contains(QString::number(m_server->port())),
                 qPrintable(again.errorMessage()));
        QCOMPARE(get(QStringLiteral("/livez")).status, 200);
    }

    void ipv6AddressesAreBracketedInErrors()
    {
        QTcpServer occupant;
        if (!occupant.listen(QHostAddress::LocalHostIPv6, 0))
            QSKIP("no IPv6 loopback on this machine");
        HealthServer second(HealthServerProviders{});
        const Result<quint16> port =
            second.listen(QHostAddress::LocalHostIPv6, occupant.serverPort());
        QVERIFY(!port.ok());
        const QString expected = QStringLiteral("[::1]:%1").arg(occupant.serverPort());
        QVERIFY2(port.errorMessage().contains(expected), qPrintable(port.errorMessage()));
        QVERIFY(second.listen(QHostAddress::LocalHostIPv6, 0).ok());
        QCOMPARE(second.url(), QUrl(QStringLiteral("http://[::1]:%1").arg(second.port())));
    }

    void aTokenGuardsWhatTellsAboutTheWork()
    {
        HealthServerProviders providers;
        providers.logs = std::make_shared<LogHub>();
        HealthServer guarded(std::move(providers));
        guarded.setBearerToken(QStringLiteral("s3cret-token"));
        QVERIFY(guarded.listen().ok());
        const QString base = QStringLiteral("http://127.0.0.1:%1").arg(guarded.port());
        for (const char *open : {"/livez", "/healthz", "/readyz", "/ready"})
            QCOMPARE(getUrl(base + QLatin1String(open)).status, 200);
        for (const char *path : {"/health", "/metrics", "/logs?since=0"}) {
            const QString url = base + QLatin1String(path);
            const HttpAnswer none = getUrl(url);
            QCOMPARE(none.status, 401);
            QCOMPARE(none.authenticate, QByteArray("Bearer realm=\"necrocode\""));
            QVERIFY(!none.body.contains("s3cret"));
            QCOMPARE(getUrl(url, "Bearer wrong-token!").status, 401);
            QCOMPARE(getUrl(url, "Bearer s3cret-toke").status, 401);
            QCOMPARE(getUrl(url, "s3cret-token").status, 401);
        }
        QCOMPARE(getUrl(base + QStringLiteral("/health"), "Bearer s3cret-token").status, 200);
        QCOMPARE(getUrl(base + QStringLiteral("/metrics"), "bearer s3cret-token").status, 200);
    }

    void anAddressOthersCanReachNeedsAToken()
    {
        HealthServer open(HealthServerProviders{});
        const Result<quint16> refused = open.listen(QHostAddress(QHostAddress::AnyIPv4), 0);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, QStringLiteral("config"));
        QVERIFY2(refused.errorMessage().contains(QStringLiteral("without a token")) &&
                     refused.errorMessage().contains(QStringLiteral("health.token_file")),
                 qPrintable(refused.errorMessage()));
        QVERIFY(!open.isListening());
        QVERIFY(open.setBearerToken(QStringLiteral("t")));
        QVERIFY(open.listen(QHostAddress(QHostAddress::AnyIPv4), 0).ok());
        // Listening for every machine, it keeps a token: it may change, not go.
        QVERIFY(!open.setBearerToken(QString()));
        QVERIFY(open.setBearerToken(QStringLiteral("t2")));
    }

private:
    HttpAnswer get(const QString &pathAndQuery)
    {
        return getUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server->port()) % pathAndQuery);
    }

    HttpAnswer getUrl(const QString &url, const QByteArray &authorization = {})
    {
        QNetworkRequest request{QUrl(url)};
        if (!authorization.isEmpty())
            request.setRawHeader("Authorization", authorization);
        std::unique_ptr<QNetworkReply> reply(m_network.get(request));
        if (!reply->isFinished()) {
            QSignalSpy finished(reply.get(), &QNetworkReply::finished);
            if (!finished.wait(5000))
                return {};
        }
        HttpAnswer answer;
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        answer.authenticate = reply->rawHeader("WWW-Authenticate");
        answer.body = reply->readAll();
        return answer;
    }

    QNetworkAccessManager m_network;
    std::unique_ptr<HealthServer> m_server;
    bool m_healthy = true;
    Readiness m_readiness;
};

QTEST_GUILESS_MAIN(TestHealthServer)
#include "test_health_server.moc"
