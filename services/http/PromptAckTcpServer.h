// A TCP server whose connections acknowledge what they receive at once. HTTP clients that write
// a request's headers and body separately without TCP_NODELAY (Qt's QNetworkAccessManager does)
// otherwise hold the body back until the headers are acknowledged, and the kernel's delayed
// acknowledgement adds about 40 ms to every request with a body.
#pragma once

#include <QTcpServer>

namespace necrocode {

class PromptAckTcpServer : public QTcpServer
{
public:
    using QTcpServer::QTcpServer;

protected:
    void incomingConnection(qintptr descriptor) override;
};

} // namespace necrocode
