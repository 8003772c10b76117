// A service answers a request handed to it without a connection (ServiceHttpServer::handle, what
// the request fuzzer drives) exactly as it answers one from a socket: the token check, the route,
// deferred answers, chunked streams and Connection: close, written to any open device.
#include "http/HttpReply.h"
#include "http/HttpRequestData.h"
#include "http/ServiceHttpServer.h"

#include <QBuffer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimer>

using namespace necrocode;

namespace {

using Method = QHttpServerRequest::Method;

HttpRequestData requestFor(Method method, const char *target,
                           QList<QPair<QByteArray, QByteArray>> headers = {})
{
    return HttpRequestData::fromParts(
        method, QUrl::fromEncoded(QByteArray("http://localhost") + target), std::move(headers), {});
}

QByteArray bodyOf(const QByteArray &answer)
{
    return answer.mid(answer.indexOf("\r\n\r\n") + 4);
}

} // namespace

class TestServiceRequestHandling : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ServiceHttpServer> m_server;
    int m_routeCalls = 0;
    HttpReply m_deferred;

private Q_SLOTS:
    void init()
    {
        m_routeCalls = 0;
        m_deferred = {};
        m_server = std::make_unique<ServiceHttpServer>(QStringLiteral("test_service"));
        Router &router = m_server->router();
        router.route(Method::Get, QStringLiteral("/things/{id}"),
                     [this](const HttpRequestData &request, const PathParams &params) {
                         ++m_routeCalls;
                         return HttpResponse::json(
                             200, QJsonObject{{QStringLiteral("id"), params.value("id")},
                                              {QStringLiteral("x"), request.queryValue("x")}});
                     });
        router.routeAsync(Method::Post, QStringLiteral("/later"),
                          [this](const HttpRequestData &, const PathParams &, HttpReply reply) {
                              ++m_routeCalls;
                              m_deferred = reply;
                          });
        router.routeAsync(Method::Get, QStringLiteral("/stream"),
                          [](const HttpRequestData &, const PathParams &, HttpReply reply) {
                              reply.startStream(200, {{"Content-Type", "text/event-stream"}});
                              reply.writeStreamChunk("data: one\n\n");
                              reply.writeStreamChunk("data: two\n\n");
                              reply.finishStream();
                          });
    }

    void cleanup() { m_server.reset(); }

    void theAnswerIsWrittenToTheDeviceWithItsDecodedPath()
    {
        QBuffer device;
        device.open(QIODevice::WriteOnly);
        m_server->handle(requestFor(Method::Get, "/things/a%2Fb?x=%C3%A9t%C3%A9"),
                         HttpReply(&device, false));
        const QByteArray answer = device.data();
        QVERIFY2(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer.constData());
        const QJsonObject body = QJsonDocument::fromJson(bodyOf(answer)).object();
        QCOMPARE(body.value("id").toString(), QStringLiteral("a/b"));
        QCOMPARE(body.value("x").toString(), QStringLiteral("été"));
        const QByteArray length = "Content-Length: " + QByteArray::number(bodyOf(answer).size());
        QVERIFY(answer.contains(length));
        QVERIFY2(device.isOpen(), "a keep-alive answer leaves the connection open");
    }

    void connectionCloseClosesTheDeviceAfterTheAnswer()
    {
        QBuffer device;
        device.open(QIODevice::WriteOnly);
        m_server->handle(requestFor(Method::Get, "/things/1"), HttpReply(&device, true));
        QVERIFY(device.data().contains("\r\nConnection: close\r\n"));
        QVERIFY(!device.isOpen());
    }

    void withATokenARequestWithoutItIsRefusedBeforeItsRoute()
    {
        m_server->setAccess({QStringLiteral("s3cret")});
        QBuffer refused;
        refused.open(QIODevice::WriteOnly);
        m_server->handle(requestFor(Method::Get, "/things/1"), HttpReply(&refused, false));
        QVERIFY2(refused.data().startsWith("HTTP/1.1 401 "), refused.data().constData());
        QVERIFY(refused.data().contains("WWW-Authenticate: Bearer"));
        QCOMPARE(m_routeCalls, 0);

        QBuffer allowed;
        allowed.open(QIODevice::WriteOnly);
        m_server->handle(requestFor(Method::Get, "/things/1", {{"Authorization", "Bearer s3cret"}}),
                         HttpReply(&allowed, false));
        QVERIFY2(allowed.data().startsWith("HTTP/1.1 200 "), allowed.data().constData());
        QCOMPARE(m_routeCalls, 1);
    }

    void aDeferredAnswerIsWrittenWhenItComes()
    {
        QBuffer device;
        device.open(QIODevice::WriteOnly);
        m_server->handle(requestFor(Method::Post, "/later"), HttpReply(&device, false));
        QCOMPARE(m_routeCalls, 1);
        QVERIFY(device.data().isEmpty());
        QVERIFY(m_deferred.isPending());
        m_deferred.send(HttpResponse::empty(204));
        QVERIFY2(device.data().startsWith("HTTP/1.1 204 "), device.data().constData());
        QVERIFY(!m_deferred.isPending());
    }

    void nothingIsWrittenOnceTheClientIsGone()
    {
        QBuffer device;
        device.open(QIODevice::WriteOnly);
        m_server->handle(requestFor(Method::Post, "/later"), HttpReply(&device, false));
        device.close();
        QVERIFY(!m_deferred.isConnected());
        QVERIFY(!m_deferred.isPending());
        m_deferred.send(HttpResponse::empty(204));
        QVERIFY(device.data().isEmpty());
    }

    void aStreamIsWrittenInChunksAndEnds()
    {
        QBuffer device;
        device.open(QIODevice::WriteOnly);
        m_server->handle(requestFor(Method::Get, "/stream"), HttpReply(&device, false));
        const QByteArray answer = device.data();
        QVERIFY2(answer.contains("\r\nTransfer-Encoding: chunked\r\n"), answer.constData());
        QCOMPARE(bodyOf(answer),
                 QByteArray("b\r\ndata: one\n\n\r\nb\r\ndata: two\n\n\r\n0\r\n\r\n"));
    }

    void anUnknownPathIsNotFound()
    {
        QBuffer device;
        device.open(QIODevice::WriteOnly);
        m_server->handle(requestFor(Method::Get, "/nowhere"), HttpReply(&device, false));
        QVERIFY2(device.data().startsWith("HTTP/1.1 404 "), device.data().constData());
    }
};

QTEST_GUILESS_MAIN(TestServiceRequestHandling)
#include "test_service_request_handling.moc"
