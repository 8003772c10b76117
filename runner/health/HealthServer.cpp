#include "health/HealthServer.h"

#include "core/AccessToken.h"
#include "health/LogStream.h"
#include "tls/TlsTcpServer.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QTcpServer>
#include <QUrlQuery>

#include <memory>

namespace necrocode {

namespace {

using StatusCode = QHttpServerResponder::StatusCode;

QString endpointText(const QHostAddress &address, quint16 port)
{
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                             ? QStringLiteral("[%1]").arg(address.toString())
                             : address.toString();
    return host % u':' % QString::number(port);
}

QHttpServerResponse uncached(QHttpServerResponse response)
{
    response.setHeader("Cache-Control", "no-store");
    return response;
}

QHttpServerResponse jsonResponse(const QJsonObject &body, StatusCode status)
{
    return uncached(QHttpServerResponse(body, status));
}

} // namespace

HealthServer::HealthServer(HealthServerProviders providers, QObject *parent)
    : QObject(parent), m_providers(std::move(providers)), m_http(new QHttpServer(this))
{
    for (const char *path : {"/livez", "/healthz"})
        m_http->route(QString::fromLatin1(path), [this] { return liveness(); });
    for (const char *path : {"/readyz", "/ready"})
        m_http->route(QString::fromLatin1(path), [this] { return readiness(); });
    // /livez and /readyz stay open for probes; what tells about the work needs the token.
    m_http->route(QStringLiteral("/health"), [this](const QHttpServerRequest &request) {
        return allowed(request) ? health() : unauthorized();
    });
    m_http->route(QStringLiteral("/metrics"), [this](const QHttpServerRequest &request) {
        return allowed(request) ? metrics() : unauthorized();
    });
    if (m_providers.logs) {
        m_http->route(QStringLiteral("/logs"), [this](const QHttpServerRequest &request,
                                                      QHttpServerResponder &&responder) {
            if (!allowed(request)) {
                unauthorized().write(std::move(responder));
                return;
            }
            const auto parsed =
                parseLogStreamRequest(QUrlQuery(request.url()), request.value("Last-Event-ID"));
            if (!parsed) {
                jsonResponse(QJsonObject{{QStringLiteral("error"), parsed.errorMessage()}},
                             StatusCode::BadRequest)
                    .write(std::move(responder));
                return;
            }
            startLogStream(m_providers.logs, parsed.value(), std::move(responder), m_logClients);
        });
    }
    m_http->setMissingHandler(
        [](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            const QJsonObject body{{QStringLiteral("error"), QStringLiteral("not found")},
                                   {QStringLiteral("path"), request.url().path()}};
            jsonResponse(body, StatusCode::NotFound).write(std::move(responder));
        });
}

HealthServer::~HealthServer() = default;

Result<quint16> HealthServer::listen(const QHostAddress &address, quint16 port)
{
    if (m_tcp) {
        return makeError(QStringLiteral("health server already listens on %1")
                             .arg(endpointText(m_tcp->serverAddress(), m_tcp->serverPort())),
                         QStringLiteral("bind"));
    }
    if (const Status open = requireTokenOffLoopback(
            address.toString(), address.isLoopback(), QString::fromUtf8(m_token),
            QStringLiteral("/health, /metrics and /logs"),
            QStringLiteral("Set health.token_file (or NECROCODE_HEALTH_TOKEN_FILE)"));
        !open)
        return open.error();
    auto tcp = std::make_unique<TlsTcpServer>(m_tls);
    if (!tcp->listen(address, port)) {
        return makeError(QStringLiteral("health server cannot listen on %1: %2")
                             .arg(endpointText(address, port), tcp->errorString()),
                         QStringLiteral("bind"));
    }
    m_tcp = tcp.release();
    m_http->bind(m_tcp);
    return m_tcp->serverPort();
}

bool HealthServer::isListening() const
{
    return m_tcp && m_tcp->isListening();
}

QHostAddress HealthServer::address() const
{
    return m_tcp ? m_tcp->serverAddress() : QHostAddress();
}

quint16 HealthServer::port() const
{
    return m_tcp ? m_tcp->serverPort() : 0;
}

QUrl HealthServer::url() const
{
    if (!isListening())
        return {};
    return QUrl((m_tls ? QStringLiteral("https://") : QStringLiteral("http://")) +
                endpointText(address(), port()));
}

bool HealthServer::setBearerToken(const QString &token)
{
    if (token.isEmpty() && !m_token.isEmpty() && isListening() && !address().isLoopback())
        return false;
    m_token = token.toUtf8();
    return true;
}

bool HealthServer::allowed(const QHttpServerRequest &request) const
{
    return m_token.isEmpty() || bearerTokenMatches(request.value("Authorization"), m_token);
}

QHttpServerResponse HealthServer::unauthorized()
{
    QHttpServerResponse response = jsonResponse(
        QJsonObject{{QStringLiteral("error"),
                     QStringLiteral("this endpoint needs the health server's token (as a bearer "
                                    "token in the Authorization header)")}},
        StatusCode::Unauthorized);
    response.setHeader("WWW-Authenticate", bearerChallenge());
    return response;
}

QHttpServerResponse HealthServer::liveness() const
{
    return jsonResponse(QJsonObject{{QStringLiteral("status"), QStringLiteral("alive")}},
                        StatusCode::Ok);
}

QHttpServerResponse HealthServer::readiness() const
{
    const Readiness readiness = m_providers.readiness ? m_providers.readiness() : Readiness{};
    return jsonResponse(readiness.toJson(),
                        readiness.ready() ? StatusCode::Ok : StatusCode::ServiceUnavailable);
}

QHttpServerResponse HealthServer::health() const
{
    const HealthStatus status = m_providers.status ? m_providers.status() : HealthStatus{};
    QJsonObject body = status.toJson();
    body.insert(QStringLiteral("instance_id"), processInstanceId());
    body.insert(QStringLiteral("started_at"), processStartedAt());
    return jsonResponse(body, status.healthy ? StatusCode::Ok : StatusCode::ServiceUnavailable);
}

QHttpServerResponse HealthServer::metrics() const
{
    QByteArray text = m_providers.metricsText ? m_providers.metricsText() : QByteArray();
    return uncached(QHttpServerResponse(
        QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8"), std::move(text)));
}

} // namespace necrocode
