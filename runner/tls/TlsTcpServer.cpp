#include "tls/TlsTcpServer.h"

#include <QSslSocket>

namespace necrocode {

void TlsTcpServer::incomingConnection(qintptr descriptor)
{
    QTcpSocket *socket = nullptr;
    if (m_tls) {
        auto *ssl = new QSslSocket(this);
        ssl->setSslConfiguration(*m_tls);
        // A client that does not speak TLS, or rejects the certificate, is dropped quietly; so
        // is a connection whose handshake fails on this side (remembered for the caller).
        connect(ssl, &QSslSocket::sslErrors, ssl, [ssl] { ssl->abort(); });
        connect(ssl, &QSslSocket::errorOccurred, ssl, [this, ssl] {
            if (ssl->isEncrypted())
                return;
            m_lastHandshakeError = ssl->errorString();
            ssl->abort();
        });
        socket = ssl;
    } else {
        socket = new QTcpSocket(this);
    }
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    prepare(socket, descriptor);
    if (auto *ssl = qobject_cast<QSslSocket *>(socket))
        ssl->startServerEncryption();
    addPendingConnection(socket);
}

} // namespace necrocode
