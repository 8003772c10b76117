// httpProbe against a tiny loopback HTTP server that answers 200, 500, 401, 429 or never, alone
// and driven by a ServiceHealthMonitor.
#include "health/HealthProbe.h"
#include "health/ServiceHealthMonitor.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <optional>

using namespace necrocode;

namespace {

// Answers "GET /<code>" with that status and "GET /hang" never; remembers the last request head.
class TinyHttpServer : public QObject
{
public:
    TinyHttpServer()
    {
        QVERIFY(m_server.listen(QHostAddress::LocalHost, 0));
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                connect(socket, &QTcpSocket::readyRead, socket,
                        [this, socket] { onReadyRead(socket); });
            }
        });
    }

    QUrl url(const QString &path) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path));
    }

    QByteArray lastRequestHead;

private:
    void onReadyRead(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        if (!buffer.contains("\r\n\r\n"))
            return;
        lastRequestHead = buffer.left(buffer.indexOf("\r\n\r\n"));
        const QByteArray path = buffer.split(' ').value(1);
        buffer.clear();
        if (path == "/hang")
            return;
        const int code = path.mid(1).toInt();
        const QByteArray body = "{}";
        socket->write("HTTP/1.1 " + QByteArray::number(code) +
                      " Status\r\nContent-Type: "
                      "application/json\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\n\r\n" + body);
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

std::optional<ProbeOutcome> runProbe(const HealthProbe &probe)
{
    std::optional<ProbeOutcome> result;
    probe([&result](ProbeOutcome outcome) { result = std::move(outcome); });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 5000))
        return std::nullopt;
    return result;
}

} // namespace

class TestHttpProbe : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { m_network.setProxy(QNetworkProxy::NoProxy); }

    void classifiesAnswers_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("statusCode");
        QTest::addColumn<QString>("errorType");

        QTest::newRow("200") << "/200" << true << 200 << "";
        QTest::newRow("204") << "/204" << true << 204 << "";
        QTest::newRow("500") << "/500" << false << 500 << "http_500";
        QTest::newRow("503") << "/503" << false << 503 << "http_503";
        QTest::newRow("404") << "/404" << false << 404 << "http_404";
        QTest::newRow("401") << "/401" << false << 401 << "auth";
        QTest::newRow("403") << "/403" << false << 403 << "auth";
        QTest::newRow("429") << "/429" << false << 429 << "rate_limit";
    }

    void classifiesAnswers()
    {
        QFETCH(QString, path);
        QFETCH(bool, ok);
        QFETCH(int, statusCode);
        QFETCH(QString, errorType);

        TinyHttpServer server;
        const auto outcome = runProbe(httpProbe(&m_network, server.url(path), 2000));
        QVERIFY(outcome.has_value());
        QCOMPARE(outcome->ok, ok);
        QCOMPARE(outcome->statusCode, statusCode);
        QCOMPARE(outcome->errorType, errorType);
        QCOMPARE(outcome->error.isEmpty(), ok);
        if (!ok)
            QVERIFY(outcome->error.contains(QString::number(statusCode)));
        QVERIFY(outcome->latencySeconds.has_value());
        QVERIFY(*outcome->latencySeconds > 0.0 && *outcome->latencySeconds < 2.0);
    }

    void noAnswerIsATimeout()
    {
        TinyHttpServer server;
        const auto outcome =
            runProbe(httpProbe(&m_network, server.url(QStringLiteral("/hang")), 150));
        QVERIFY(outcome.has_value());
        QVERIFY(!outcome->ok);
        QCOMPARE(outcome->errorType, QStringLiteral("timeout"));
        QCOMPARE(outcome->statusCode, 0);
        QVERIFY(outcome->error.contains(QStringLiteral("150 ms")));
        QVERIFY2(*outcome->latencySeconds >= 0.1 && *outcome->latencySeconds < 2.0,
                 qPrintable(QString::number(*outcome->latencySeconds)));
    }

    void refusedConnectionIsAConnectionError()
    {
        quint16 closedPort = 0;
        {
            QTcpServer probeForPort;
            QVERIFY(probeForPort.listen(QHostAddress::LocalHost, 0));
            closedPort = probeForPort.serverPort();
        }
        const QUrl url(QStringLiteral("http://127.0.0.1:%1/health").arg(closedPort));
        const auto outcome = runProbe(httpProbe(&m_network, url, 2000));
        QVERIFY(outcome.has_value());
        QVERIFY(!outcome->ok);
        QCOMPARE(outcome->errorType, QStringLiteral("connection"));
        QVERIFY(!outcome->error.isEmpty());
    }

    void bearerTokenIsSentOnlyWhenGiven()
    {
        TinyHttpServer server;
        QVERIFY(runProbe(httpProbe(&m_network, server.url(QStringLiteral("/200")), 2000,
                                   QStringLiteral("s3cret")))
                    .has_value());
        QVERIFY2(server.lastRequestHead.contains("Authorization: Bearer s3cret"),
                 server.lastRequestHead.constData());
        QVERIFY(server.lastRequestHead.startsWith("GET /200 "));

        QVERIFY(
            runProbe(httpProbe(&m_network, server.url(QStringLiteral("/200")), 2000)).has_value());
        QVERIFY(!server.lastRequestHead.contains("Authorization"));
    }

    void goneNetworkManagerFailsAtOnce()
    {
        auto network = std::make_unique<QNetworkAccessManager>();
        const HealthProbe probe =
            httpProbe(network.get(), QUrl(QStringLiteral("http://127.0.0.1:1/")), 100);
        network.reset();
        std::optional<ProbeOutcome> outcome;
        probe([&outcome](ProbeOutcome o) { outcome = std::move(o); });
        QVERIFY(outcome.has_value());
        QVERIFY(!outcome->ok);
    }

    void monitorWithHttpProbes()
    {
        TinyHttpServer server;
        HealthThresholds thresholds;
        thresholds.failuresToDown = 1;
        thresholds.checkTimeoutMs = 2000;
        ServiceHealthMonitor monitor(thresholds);
        monitor.registerService(QStringLiteral("task_registry"),
                                httpProbe(&m_network, server.url(QStringLiteral("/200")), 1000));
        monitor.registerService(QStringLiteral("repo_pool"),
                                httpProbe(&m_network, server.url(QStringLiteral("/500")), 1000));
        monitor.registerService(QStringLiteral("llm"),
                                httpProbe(&m_network, server.url(QStringLiteral("/hang")), 100));
        QSignalSpy checked(&monitor, &ServiceHealthMonitor::checked);
        monitor.checkNow();
        QTRY_COMPARE(checked.count(), 3);

        QCOMPARE(monitor.serviceHealth(QStringLiteral("task_registry")).state, ServiceState::Up);
        const ServiceHealth repoPool = monitor.serviceHealth(QStringLiteral("repo_pool"));
        QCOMPARE(repoPool.state, ServiceState::Down);
        QCOMPARE(repoPool.lastStatusCode, 500);
        QCOMPARE(repoPool.lastErrorType, QStringLiteral("http_500"));
        const ServiceHealth llm = monitor.serviceHealth(QStringLiteral("llm"));
        QCOMPARE(llm.state, ServiceState::Down);
        QCOMPARE(llm.lastErrorType, QStringLiteral("timeout"));
        QVERIFY(monitor.isReady({QStringLiteral("task_registry")}));
        QVERIFY(!monitor.isReady({QStringLiteral("task_registry"), QStringLiteral("llm")}));
    }

private:
    QNetworkAccessManager m_network;
};

QTEST_GUILESS_MAIN(TestHttpProbe)
#include "test_http_probe.moc"
