// The process's HTTP endpoints for probes, scrapers and attached consoles: /livez, /healthz,
// /readyz, /ready, /health, /metrics and, when given a log hub, the /logs event stream. Lives as
// long as its owner (the process), not only during a run. With a token, /health, /metrics and
// /logs answer only requests that bear it (401 otherwise); without one it listens on loopback
// only.
#pragma once

#include "core/Result.h"
#include "health/HealthStatus.h"
#include "health/LogStream.h"
#include "health/Readiness.h"

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponse;
class QTcpServer;

namespace necrocode {

class LogHub;

// Asked at request time, in the server's thread. A missing provider answers as if all is well:
// a default HealthStatus, ready, and an empty metrics text.
struct HealthServerProviders
{
    std::function<HealthStatus()> status;
    std::function<Readiness()> readiness;
    std::function<QByteArray()> metricsText; // Prometheus text exposition format 0.0.4
    std::shared_ptr<LogHub> logs;            // null: no /logs endpoint
};

class HealthServer : public QObject
{
    Q_OBJECT

public:
    explicit HealthServer(HealthServerProviders providers, QObject *parent = nullptr);
    ~HealthServer() override;

    // Requests to /health, /metrics and /logs must bear this token from now on (empty: none).
    // A server already listening where other machines reach it keeps its token: removing it
    // would open it to anyone (returns false then).
    bool setBearerToken(const QString &token);
    // Serve https with this certificate and key from the next listen() (unset: http).
    void setTls(std::optional<QSslConfiguration> tls) { m_tls = std::move(tls); }

    // Binds to address:port (port 0 picks a free one) and returns the bound port; the error
    // names the address and port. Only one successful listen per server. An address other
    // machines can reach is refused while no token is set.
    Result<quint16> listen(const QHostAddress &address = QHostAddress(QHostAddress::LocalHost),
                           quint16 port = 0);
    bool isListening() const;
    QHostAddress address() const;
    quint16 port() const; // 0 until listening
    // http(s)://<address>:<port> (IPv6 in brackets); empty until listening.
    QUrl url() const;
    // How many /logs streams may be open at once (64 by default); one more is answered 503.
    void setMaxLogStreams(int maximum) { m_logClients->maximum = std::max(1, maximum); }
    int openLogStreams() const { return m_logClients->open; }

private:
    bool allowed(const QHttpServerRequest &request) const;
    static QHttpServerResponse unauthorized();
    QHttpServerResponse liveness() const;
    QHttpServerResponse readiness() const;
    QHttpServerResponse health() const;
    QHttpServerResponse metrics() const;

    HealthServerProviders m_providers;
    QHttpServer *m_http;
    QTcpServer *m_tcp = nullptr; // owned by m_http once bound
    std::optional<QSslConfiguration> m_tls;
    QByteArray m_token;
    std::shared_ptr<LogStreamClients> m_logClients = std::make_shared<LogStreamClients>();
};

} // namespace necrocode
