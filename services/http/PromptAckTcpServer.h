// A TCP server whose connections acknowledge what they receive at once. HTTP clients that write
// a request's headers and body separately without TCP_NODELAY (Qt's QNetworkAccessManager does)
// otherwise hold the body back until the headers are acknowledged, and the kernel's delayed
// acknowledgement adds about 40 ms to every request with a body. Every connection gets a
// RequestGuard before the HTTP server reads from it. With a TLS configuration the connections
// are TLS (see TlsTcpServer).
#pragma once

#include "http/RequestLimits.h"

#include "tls/TlsTcpServer.h"

namespace necrocode {

class PromptAckTcpServer : public TlsTcpServer
{
public:
    PromptAckTcpServer(RequestLimits limits, std::optional<QSslConfiguration> tls,
                       QObject *parent = nullptr)
        : TlsTcpServer(std::move(tls), parent), m_limits(limits)
    {}

protected:
    void prepare(QTcpSocket *socket, qintptr descriptor) override;

private:
    RequestLimits m_limits; // enforced by a RequestGuard on every connection
};

} // namespace necrocode
