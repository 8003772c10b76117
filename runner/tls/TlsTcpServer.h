// A TCP server that, given a TLS configuration, hands out QSslSockets that have started server
// encryption (QHttpServer reads the decrypted stream from them as from any socket); without one,
// plain QTcpSockets. Subclasses prepare each socket before it is handed out.
#pragma once

#include <QSslConfiguration>
#include <QTcpServer>

#include <optional>

namespace necrocode {

class TlsTcpServer : public QTcpServer
{
public:
    explicit TlsTcpServer(std::optional<QSslConfiguration> tls, QObject *parent = nullptr)
        : QTcpServer(parent), m_tls(std::move(tls))
    {}
    bool usesTls() const { return m_tls.has_value(); }
    // Why the last handshake that failed on this side failed (empty: none did).
    const QString &lastHandshakeError() const { return m_lastHandshakeError; }

protected:
    void incomingConnection(qintptr descriptor) override;
    virtual void prepare(QTcpSocket *socket, qintptr descriptor)
    {
        Q_UNUSED(socket);
        Q_UNUSED(descriptor);
    }

private:
    std::optional<QSslConfiguration> m_tls;
    QString m_lastHandshakeError;
};

} // namespace necrocode
