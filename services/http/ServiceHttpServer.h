// The HTTP front of one local service: routes requests to handlers, injects configured faults,
// and serves the fault admin endpoints (GET/PUT/DELETE /admin/faults) when they are enabled.
// With a token, every path but the probes (/livez, /readyz) needs 'Authorization: Bearer
// <token>' (401 with WWW-Authenticate otherwise). With a TLS configuration it serves https.
#pragma once

#include "core/Result.h"
#include "faults/FaultInjector.h"
#include "http/RequestLimits.h"
#include "http/Router.h"

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QSslConfiguration>
#include <QUrl>

#include <functional>
#include <optional>

namespace necrocode {

struct ServiceAccess
{
    QString token{};           // empty: no token asked for
    bool adminEnabled = false; // /admin/* (fault injection); off: 404
    // Paths under this first segment check the token themselves, answering in their API's own
    // error format (the scripted model's /v1, as OpenAI does); empty: none.
    QString selfCheckedSegment{};
    // Set: every connection is TLS with this certificate and key; the base URL is https.
    std::optional<QSslConfiguration> tls{};
};

class ServiceHttpServer : public QAbstractHttpServer
{
    Q_OBJECT

public:
    explicit ServiceHttpServer(QString serviceName, QObject *parent = nullptr);

    Router &router() { return m_router; }
    FaultInjector &faults() { return m_faults; }
    const QString &serviceName() const { return m_serviceName; }

    // Port 0 picks a free port; the error names the address and the reason.
    Result<quint16> listenOn(const QHostAddress &address, quint16 port);
    // Limits apply to connections accepted after the next listenOn(), TLS from the next listenOn().
    void setRequestLimits(const RequestLimits &limits) { m_limits = limits; }
    const RequestLimits &requestLimits() const { return m_limits; }
    void setAccess(const ServiceAccess &access);
    // /readyz answers 503 while this says why the service cannot serve (empty: ready).
    void setReadinessCheck(std::function<QString()> check) { m_readiness = std::move(check); }
    const ServiceAccess &access() const { return m_access; }
    // "http(s)://127.0.0.1:<port>" (loopback when listening on any address); empty before
    // listening.
    QUrl baseUrl() const;

    // Answers one request as if it had come over a connection: the token and admin checks, the
    // configured faults, then its route. The reply may be answered now or later.
    void handle(const HttpRequestData &request, HttpReply reply);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    void addAdminRoutes();
    void addProbeRoutes();
    // The answer to a request this server refuses before routing it (no token, admin off).
    std::optional<HttpResponse> refusal(const HttpRequestData &request) const;
    void dispatch(const HttpRequestData &request, HttpReply reply);
    void applyFault(const FaultDecision &decision, const HttpRequestData &request, HttpReply reply);

    QString m_serviceName;
    Router m_router;
    FaultInjector m_faults;
    RequestLimits m_limits;
    ServiceAccess m_access;
    std::function<QString()> m_readiness;
    QByteArray m_token;
    QUrl m_baseUrl;
};

} // namespace necrocode
