#include "http/HttpReply.h"

#include "http/RequestGuard.h"

#include <QTimer>

namespace necrocode {

struct HttpReply::State
{
    QPointer<QTcpSocket> socket;
    bool closeAfterReply = false;
    bool answered = false;
    bool streaming = false;
    bool corrupt = false;
    bool firstChunkWritten = false;
    int bytesPerSecond = 0;
};

namespace {

QByteArray head(int status, const HttpHeaders &headers)
{
    QByteArray out =
        "HTTP/1.1 " + QByteArray::number(status) + ' ' + httpReasonPhrase(status) + "\r\n";
    for (const auto &[name, value] : headers)
        out += name + ": " + value + "\r\n";
    return out;
}

void finishConnection(QTcpSocket *socket, bool close)
{
    if (close)
        socket->disconnectFromHost();
}

void writeThrottled(QTcpSocket *socket, const QByteArray &body, int bytesPerSecond, bool close)
{
    constexpr int ticksPerSecond = 10;
    const qsizetype slice = std::max<qsizetype>(1, bytesPerSecond / ticksPerSecond);
    auto *timer = new QTimer(socket);
    timer->setInterval(1000 / ticksPerSecond);
    auto offset = std::make_shared<qsizetype>(0);
    QObject::connect(timer, &QTimer::timeout, socket, [socket, timer, body, slice, offset, close] {
        socket->write(body.mid(*offset, slice));
        *offset += slice;
        if (*offset >= body.size()) {
            timer->stop();
            timer->deleteLater();
            finishConnection(socket, close);
        }
    });
    timer->start();
}

} // namespace

HttpReply::HttpReply(QTcpSocket *socket, bool closeAfterReply) : d(std::make_shared<State>())
{
    d->socket = socket;
    d->closeAfterReply = closeAfterReply;
}

bool HttpReply::isConnected() const
{
    return d && d->socket && d->socket->state() == QAbstractSocket::ConnectedState;
}

bool HttpReply::isAnswered() const
{
    return !d || d->answered;
}

bool HttpReply::isPending() const
{
    return isConnected() && !isAnswered();
}

void HttpReply::send(const HttpResponse &response)
{
    if (!isPending())
        return;
    d->answered = true;
    RequestGuard::countAnswer(d->socket);
    QByteArray body = response.body;
    if (d->corrupt)
        body.truncate(body.size() / 2);
    HttpHeaders headers = response.headers;
    headers.append({QByteArrayLiteral("Content-Length"), QByteArray::number(body.size())});
    if (d->closeAfterReply)
        headers.append({QByteArrayLiteral("Connection"), QByteArrayLiteral("close")});
    QTcpSocket *socket = d->socket;
    socket->write(head(response.status, headers) + "\r\n");
    if (d->bytesPerSecond > 0 && !body.isEmpty()) {
        writeThrottled(socket, body, d->bytesPerSecond, d->closeAfterReply);
        return;
    }
    socket->write(body);
    finishConnection(socket, d->closeAfterReply);
}

void HttpReply::drop()
{
    if (!isPending())
        return;
    d->answered = true;
    RequestGuard::countAnswer(d->socket);
    d->socket->abort();
}

void HttpReply::startStream(int status, const HttpHeaders &headers)
{
    if (!isPending())
        return;
    d->answered = true;
    RequestGuard::countAnswer(d->socket);
    d->streaming = true;
    HttpHeaders all = headers;
    all.append({QByteArrayLiteral("Transfer-Encoding"), QByteArrayLiteral("chunked")});
    if (d->closeAfterReply)
        all.append({QByteArrayLiteral("Connection"), QByteArrayLiteral("close")});
    d->socket->write(head(status, all) + "\r\n");
}

void HttpReply::writeStreamChunk(const QByteArray &bytes)
{
    if (!d || !d->streaming || !isConnected() || bytes.isEmpty())
        return;
    QByteArray chunk = bytes;
    if (d->corrupt && !d->firstChunkWritten)
        chunk.truncate(std::max<qsizetype>(1, chunk.size() / 2));
    d->firstChunkWritten = true;
    d->socket->write(QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n");
}

void HttpReply::finishStream()
{
    if (!d || !d->streaming || !isConnected())
        return;
    d->streaming = false;
    d->socket->write("0\r\n\r\n");
    finishConnection(d->socket, d->closeAfterReply);
}

void HttpReply::corruptBody()
{
    if (d)
        d->corrupt = true;
}

void HttpReply::throttleBody(int bytesPerSecond)
{
    if (d)
        d->bytesPerSecond = std::max(0, bytesPerSecond);
}

QObject *HttpReply::connection() const
{
    return d ? d->socket.data() : nullptr;
}

} // namespace necrocode
