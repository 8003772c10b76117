#include "http/ServiceHttpServer.h"

#include "core/AccessToken.h"
#include "core/JsonFields.h"
#include "http/PromptAckTcpServer.h"

#include <QTcpServer>
#include <QTimer>

namespace necrocode {

namespace {

using Method = QHttpServerRequest::Method;

HttpResponse injectedError(const FaultDecision &decision, const QString &serviceName)
{
    HttpResponse response = HttpResponse::error(
        decision.status,
        QStringLiteral("%1: injected fault (HTTP %2)").arg(serviceName).arg(decision.status),
        QJsonObject{{QStringLiteral("injected"), true}});
    if (decision.retryAfterSeconds > 0)
        response.withHeader("Retry-After", QByteArray::number(decision.retryAfterSeconds));
    return response;
}

} // namespace

ServiceHttpServer::ServiceHttpServer(QString serviceName, QObject *parent)
    : QAbstractHttpServer(parent), m_serviceName(std::move(serviceName))
{
    addAdminRoutes();
    addProbeRoutes();
}

void ServiceHttpServer::setAccess(const ServiceAccess &access)
{
    m_access = access;
    m_token = access.token.toUtf8();
}

std::optional<HttpResponse> ServiceHttpServer::refusal(const HttpRequestData &request) const
{
    if (request.path == QLatin1String("/livez") || request.path == QLatin1String("/readyz"))
        return std::nullopt; // probes stay open
    const bool selfChecked = !m_access.selfCheckedSegment.isEmpty() &&
                             request.segments.value(0) == m_access.selfCheckedSegment;
    if (!m_token.isEmpty() && !selfChecked &&
        !bearerTokenMatches(request.header("Authorization"), m_token)) {
        HttpResponse response = HttpResponse::error(
            401,
            QStringLiteral("%1 needs its token (as a bearer token in the Authorization header)")
                .arg(m_serviceName));
        response.withHeader("WWW-Authenticate", bearerChallenge());
        return response;
    }
    // By segment, as the router matches: "//admin/faults" is /admin/faults too.
    if (!m_access.adminEnabled && request.segments.value(0) == QLatin1String("admin"))
        return HttpResponse::error(
            404, QStringLiteral("%1: fault injection is off (enable it with admin_faults in the "
                                "services' configuration, or --demo)")
                     .arg(m_serviceName));
    return std::nullopt;
}

void ServiceHttpServer::addProbeRoutes()
{
    m_router.route(Method::Get, QStringLiteral("/livez"),
                   [](const HttpRequestData &, const PathParams &) {
                       return HttpResponse::json(
                           200, QJsonObject{{QStringLiteral("status"), QStringLiteral("alive")}});
                   });
    m_router.route(
        Method::Get, QStringLiteral("/readyz"),
        [this](const HttpRequestData &, const PathParams &) {
            if (const QString problem = m_readiness ? m_readiness() : QString(); !problem.isEmpty())
                return HttpResponse::json(
                    503, QJsonObject{{QStringLiteral("status"), QStringLiteral("not_ready")},
                                     {QStringLiteral("service"), m_serviceName},
                                     {QStringLiteral("reason"), problem}});
            return HttpResponse::json(
                200, QJsonObject{{QStringLiteral("status"), QStringLiteral("ready")},
                                 {QStringLiteral("service"), m_serviceName}});
        });
}

Result<quint16> ServiceHttpServer::listenOn(const QHostAddress &address, quint16 port)
{
    auto *tcpServer = new PromptAckTcpServer(m_limits, m_access.tls, this);
    if (!tcpServer->listen(address, port)) {
        const QString reason = tcpServer->errorString();
        delete tcpServer;
        return makeError(QStringLiteral("%1 cannot listen on %2:%3: %4")
                             .arg(m_serviceName, address.toString())
                             .arg(port)
                             .arg(reason),
                         QStringLiteral("listen"));
    }
    bind(tcpServer);
    QHostAddress host = address;
    // A wildcard address is reached on the loopback of its family (the dual-stack one on IPv4's).
    if (host == QHostAddress::AnyIPv6)
        host = QHostAddress::LocalHostIPv6;
    else if (host.isEqual(QHostAddress::AnyIPv4, QHostAddress::ConvertUnspecifiedAddress))
        host = QHostAddress::LocalHost;
    m_baseUrl = QUrl();
    m_baseUrl.setScheme(m_access.tls ? QStringLiteral("https") : QStringLiteral("http"));
    m_baseUrl.setHost(host.toString());
    m_baseUrl.setPort(tcpServer->serverPort());
    return tcpServer->serverPort();
}

QUrl ServiceHttpServer::baseUrl() const
{
    return m_baseUrl;
}

bool ServiceHttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const HttpRequestData data = HttpRequestData::copyOf(request);
    const bool close = data.header("Connection").compare("close", Qt::CaseInsensitive) == 0;
    handle(data, HttpReply(socket, close));
    return true;
}

void ServiceHttpServer::handle(const HttpRequestData &request, HttpReply reply)
{
    if (std::optional<HttpResponse> refused = refusal(request)) {
        reply.send(*refused);
        return;
    }
    const FaultDecision decision = m_faults.decide(request.path);
    if (decision.delayMs > 0) {
        QTimer::singleShot(decision.delayMs, reply.connection(), [this, decision, request, reply] {
            applyFault(decision, request, reply);
        });
    } else {
        applyFault(decision, request, reply);
    }
}

void ServiceHttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    HttpReply(socket, false)
        .send(
            HttpResponse::error(404, QStringLiteral("no route for %1").arg(request.url().path())));
}

void ServiceHttpServer::applyFault(const FaultDecision &decision, const HttpRequestData &request,
                                   HttpReply reply)
{
    switch (decision.kind) {
    case FaultKind::None:
        break;
    case FaultKind::Error:
    case FaultKind::RateLimit:
        reply.send(injectedError(decision, m_serviceName));
        return;
    case FaultKind::Drop:
        reply.drop();
        return;
    case FaultKind::Malformed:
        reply.corruptBody();
        break;
    case FaultKind::SlowBody:
        reply.throttleBody(decision.bytesPerSecond);
        break;
    }
    dispatch(request, reply);
}

void ServiceHttpServer::dispatch(const HttpRequestData &request, HttpReply reply)
{
    const Router::Lookup found = m_router.lookup(request.method, request.segments);
    switch (found.outcome) {
    case Router::Outcome::Matched:
        found.handler(request, found.params, reply);
        return;
    case Router::Outcome::MethodNotAllowed:
        reply.send(
            HttpResponse::error(405, QStringLiteral("%1 does not accept %2 on %3")
                                         .arg(m_serviceName, request.methodName(), request.path))
                .withHeader("Allow", found.allowedMethods.join(QStringLiteral(", ")).toLatin1()));
        return;
    case Router::Outcome::NotFound:
        reply.send(
            HttpResponse::error(404, QStringLiteral("%1 has no route for %2 %3")
                                         .arg(m_serviceName, request.methodName(), request.path)));
        return;
    }
}

void ServiceHttpServer::addAdminRoutes()
{
    const QString path = QStringLiteral("/admin/faults");
    m_router.route(Method::Get, path, [this](const HttpRequestData &, const PathParams &) {
        return HttpResponse::json(200, m_faults.statusJson());
    });
    m_router.route(Method::Put, path, [this](const HttpRequestData &request, const PathParams &) {
        const Result<QJsonObject> body = json::parseObject(request.body, QStringLiteral("body"));
        if (!body)
            return HttpResponse::error(400, body.errorMessage());
        const Result<FaultConfig> config = FaultConfig::fromJson(*body);
        if (!config)
            return HttpResponse::error(400, config.errorMessage());
        m_faults.configure(*config);
        return HttpResponse::json(200, m_faults.statusJson());
    });
    m_router.route(Method::Delete, path, [this](const HttpRequestData &, const PathParams &) {
        m_faults.clear();
        return HttpResponse::json(200, m_faults.statusJson());
    });
}

} // namespace necrocode
