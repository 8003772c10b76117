// The engine host on its own: it serves /health and /readyz for the engine it built, says when
// it is stopping, refuses an address that is not one, and takes new settings while it serves.
#include "engine/RunnerPool.h"
#include "health/HealthServer.h"
#include "health/RunnerServiceChecks.h"
#include "health/ServiceHealthMonitor.h"
#include "host/EngineHost.h"
#include "log/LogDispatcher.h"
#include "log/LogHub.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace necrocode;

namespace {

RunnerConfig deadServices()
{
    // Nothing listens on the discard port: every service is down, and nothing runs.
    RunnerConfig config;
    config.taskRegistry.url = QStringLiteral("http://127.0.0.1:9");
    config.repoPool.url = QStringLiteral("http://127.0.0.1:9");
    config.artifactStore.url = QStringLiteral("http://127.0.0.1:9");
    config.llm.baseUrl = QStringLiteral("http://127.0.0.1:9/v1");
    return config;
}

struct Answer
{
    int status = 0;
    QJsonObject body;
};

Answer get(const QUrl &url)
{
    QNetworkAccessManager network;
    QNetworkReply *reply = network.get(QNetworkRequest(url));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(5000);
    Answer answer{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                  QJsonDocument::fromJson(reply->readAll()).object()};
    reply->deleteLater();
    return answer;
}

} // namespace

class TestEngineHost : public QObject
{
    Q_OBJECT

    std::shared_ptr<LogDispatcher> m_logs = std::make_shared<LogDispatcher>();
    std::shared_ptr<LogHub> m_hub = std::make_shared<LogHub>();

    std::unique_ptr<EngineHost> makeHost(const RunnerConfig &config)
    {
        return std::make_unique<EngineHost>(config, m_logs, m_hub, QStringLiteral("worker-7"),
                                            healthThresholdsFor(config),
                                            Logger(m_logs, QStringLiteral("test")));
    }

private Q_SLOTS:
    void servesTheHealthOfTheEngineItBuilt()
    {
        const auto host = makeHost(deadServices());
        const auto url = host->listen(QStringLiteral("127.0.0.1"), 0);
        QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
        QVERIFY(host->server().isListening());

        const Answer health = get(url->resolved(QUrl(QStringLiteral("/health"))));
        QCOMPARE(health.status, 200);
        const QString text = QString::fromUtf8(QJsonDocument(health.body).toJson());
        QVERIFY2(text.contains(QStringLiteral("worker-7")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("\"stopping\": false")), qPrintable(text));
        QCOMPARE(get(url->resolved(QUrl(QStringLiteral("/readyz")))).status, 503);

        host->setStopping(true);
        const QString stopping = QString::fromUtf8(
            QJsonDocument(get(url->resolved(QUrl(QStringLiteral("/health")))).body).toJson());
        QVERIFY2(stopping.contains(QStringLiteral("\"stopping\": true")), qPrintable(stopping));
    }

    void refusesAnAddressThatIsNotOne()
    {
        const auto host = makeHost(deadServices());
        const auto url = host->listen(QStringLiteral("not-an-address"), 0);
        QVERIFY(!url.ok());
        QCOMPARE(url.error().kind, QStringLiteral("config"));
        QVERIFY(url.errorMessage().contains(QStringLiteral("not-an-address")));
    }

    void takesNewSettingsWhileServing()
    {
        const auto host = makeHost(deadServices());
        RunnerConfig changed = deadServices();
        changed.maxParallelRunners = 5;
        changed.taskRegistry.url = QStringLiteral("http://127.0.0.1:19");
        HealthThresholds thresholds = healthThresholdsFor(changed);
        thresholds.checkIntervalMs = 1234;
        host->applyConfig(changed, thresholds);
        // Runs started from now on, and the health checks, use the new settings.
        QCOMPARE(host->pool().config().taskRegistry.url, QStringLiteral("http://127.0.0.1:19"));
        QCOMPARE(host->pool().config().maxParallelRunners, 5);
        QCOMPARE(host->health().thresholds().checkIntervalMs, 1234);
    }
};

QTEST_GUILESS_MAIN(TestEngineHost)
#include "test_engine_host.moc"
