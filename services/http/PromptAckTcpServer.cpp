#include "http/PromptAckTcpServer.h"

#include "http/RequestGuard.h"

#include <QTcpSocket>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace necrocode {

namespace {

// Linux leaves quick-ack mode again after a while, so it is asked for after every read.
void acknowledgePromptly(qintptr descriptor)
{
#ifdef TCP_QUICKACK
    const int on = 1;
    ::setsockopt(int(descriptor), IPPROTO_TCP, TCP_QUICKACK, &on, sizeof on);
#else
    Q_UNUSED(descriptor);
#endif
}

} // namespace

void PromptAckTcpServer::prepare(QTcpSocket *socket, qintptr descriptor)
{
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    acknowledgePromptly(descriptor);
    connect(socket, &QTcpSocket::readyRead, socket,
            [descriptor] { acknowledgePromptly(descriptor); });
    RequestGuard::attach(socket, m_limits);
}

} // namespace necrocode
