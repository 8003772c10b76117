// The HTTP front of one local service: routes requests to handlers, injects configured faults,
// and serves the fault admin endpoints (GET/PUT/DELETE /admin/faults).
#pragma once

#include "core/Result.h"
#include "faults/FaultInjector.h"
#include "http/RequestLimits.h"
#include "http/Router.h"

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QUrl>

namespace necrocode {

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
    // Applies to connections accepted after the next listenOn().
    void setRequestLimits(const RequestLimits &limits) { m_limits = limits; }
    const RequestLimits &requestLimits() const { return m_limits; }
    // "http://127.0.0.1:<port>" (loopback when listening on any address); empty before listening.
    QUrl baseUrl() const;

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    void addAdminRoutes();
    void dispatch(const HttpRequestData &request, HttpReply reply);
    void applyFault(const FaultDecision &decision, const HttpRequestData &request, HttpReply reply);

    QString m_serviceName;
    Router m_router;
    FaultInjector m_faults;
    RequestLimits m_limits;
    QUrl m_baseUrl;
};

} // namespace necrocode
