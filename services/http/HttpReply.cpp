#include "http/HttpReply.h"

#include "http/RequestGuard.h"

#include <QTcpSocket>
#include <QTimer>

namespace necrocode {

struct HttpReply::State
{
    QPointer<QIODevice> device;
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

void finishConnection(QIODevice *device, bool close)
{
    if (!close)
        return;
    if (auto *socket = qobject_cast<QAbstractSocket *>(device))
        socket->disconnectFromHost();
    else
        device->close();
}

void writeThrottled(QIODevice *device, const QByteArray &body, int bytesPerSecond, bool close)
{
    constexpr int ticksPerSecond = 10;
    const qsizetype slice = std::max<qsizetype>(1, bytesPerSecond / ticksPerSecond);
    auto *timer = new QTimer(device);
    timer->setInterval(1000 / ticksPerSecond);
    auto offset = std::make_shared<qsizetype>(0);
    QObject::connect(timer, &QTimer::timeout, device, [device, timer, body, slice, offset, close] {
        device->write(body.mid(*offset, slice));
        *offset += slice;
        if (*offset >= body.size()) {
            timer->stop();
            timer->deleteLater();
            finishConnection(device, close);
        }
    });
    timer->start();
}

} // namespace

HttpReply::HttpReply(QIODevice *connection, bool closeAfterReply) : d(std::make_shared<State>())
{
    d->device = connection;
    d->closeAfterReply = closeAfterReply;
}

bool HttpReply::isConnected() const
{
    if (!d || !d->device)
        return false;
    if (const auto *socket = qobject_cast<const QAbstractSocket *>(d->device.data()))
        return socket->state() == QAbstractSocket::ConnectedState;
    return d->device->isOpen();
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
    RequestGuard::countAnswer(qobject_cast<QTcpSocket *>(d->device.data()));
    QByteArray body = response.body;
    if (d->corrupt)
        body.truncate(body.size() / 2);
    HttpHeaders headers = response.headers;
    headers.append({QByteArrayLiteral("Content-Length"), QByteArray::number(body.size())});
    if (d->closeAfterReply)
        headers.append({QByteArrayLiteral("Connection"), QByteArrayLiteral("close")});
    QIODevice *device = d->device;
    device->write(head(response.status, headers) + "\r\n");
    if (d->bytesPerSecond > 0 && !body.isEmpty()) {
        writeThrottled(device, body, d->bytesPerSecond, d->closeAfterReply);
        return;
    }
    device->write(body);
    finishConnection(device, d->closeAfterReply);
}

void HttpReply::drop()
{
    if (!isPending())
        return;
    d->answered = true;
    RequestGuard::countAnswer(qobject_cast<QTcpSocket *>(d->device.data()));
    if (auto *socket = qobject_cast<QAbstractSocket *>(d->device.data()))
        socket->abort();
    else
        d->device->close();
}

void HttpReply::startStream(int status, const HttpHeaders &headers)
{
    if (!isPending())
        return;
    d->answered = true;
    RequestGuard::countAnswer(qobject_cast<QTcpSocket *>(d->device.data()));
    d->streaming = true;
    HttpHeaders all = headers;
    all.append({QByteArrayLiteral("Transfer-Encoding"), QByteArrayLiteral("chunked")});
    if (d->closeAfterReply)
        all.append({QByteArrayLiteral("Connection"), QByteArrayLiteral("close")});
    d->device->write(head(status, all) + "\r\n");
}

void HttpReply::writeStreamChunk(const QByteArray &bytes)
{
    if (!d || !d->streaming || !isConnected() || bytes.isEmpty())
        return;
    QByteArray chunk = bytes;
    if (d->corrupt && !d->firstChunkWritten)
        chunk.truncate(std::max<qsizetype>(1, chunk.size() / 2));
    d->firstChunkWritten = true;
    d->device->write(QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n");
}

void HttpReply::finishStream()
{
    if (!d || !d->streaming || !isConnected())
        return;
    d->streaming = false;
    d->device->write("0\r\n\r\n");
    finishConnection(d->device, d->closeAfterReply);
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
    return d ? d->device.data() : nullptr;
}

} // namespace necrocode
