#include "http/RequestGuard.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

#include <sys/socket.h>

namespace necrocode {

namespace {

const char kAnswersProperty[] = "necrocode_answers";
// How long a refused connection keeps draining what the client still sends.
constexpr int kLingerMs = 5000;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 431:
        return "Request Header Fields Too Large";
    default:
        return "Error";
    }
}

bool allDigits(const QByteArray &text)
{
    return !text.isEmpty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

void RequestGuard::attach(QTcpSocket *socket, const RequestLimits &limits)
{
    new RequestGuard(socket, limits);
}

void RequestGuard::countAnswer(QTcpSocket *socket)
{
    if (socket)
        socket->setProperty(kAnswersProperty, socket->property(kAnswersProperty).toLongLong() + 1);
}

RequestGuard::RequestGuard(QTcpSocket *socket, const RequestLimits &limits)
    : QObject(socket), m_socket(socket), m_limits(limits)
{
    connect(socket, &QTcpSocket::readyRead, this, &RequestGuard::onReadyRead);
    if (m_limits.idleTimeoutMs > 0) {
        m_idle.setSingleShot(true);
        connect(&m_idle, &QTimer::timeout, this, &RequestGuard::onIdle);
        connect(socket, &QTcpSocket::bytesWritten, &m_idle, [this] { m_idle.start(); });
        m_idle.start(m_limits.idleTimeoutMs);
    }
}

RequestGuard::Verdict RequestGuard::judge(const QByteArray &headerBlock,
                                          const RequestLimits &limits)
{
    Verdict verdict;
    const QList<QByteArray> lines = headerBlock.split('\n');
    QList<QByteArray> lengths;
    bool transferEncoding = false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length")
            lengths.append(value);
        else if (name == "transfer-encoding")
            transferEncoding = true;
    }
    if (transferEncoding && !lengths.isEmpty())
        return {400, QStringLiteral("the request has both Content-Length and Transfer-Encoding"),
                0};
    if (transferEncoding)
        return {411, QStringLiteral("send the request body with a Content-Length"), 0};
    for (const QByteArray &length : lengths) {
        if (!allDigits(length))
            return {400,
                    QStringLiteral("Content-Length '%1' is not a non-negative whole number")
                        .arg(QString::fromLatin1(length.left(40))),
                    0};
        if (length != lengths.first())
            return {400, QStringLiteral("the request has conflicting Content-Length values"), 0};
    }
    if (lengths.isEmpty())
        return verdict;
    bool ok = false;
    const qint64 bytes = lengths.first().toLongLong(&ok);
    if (!ok || bytes > limits.maxBodyBytes)
        return {413,
                QStringLiteral("the request body of %1 bytes is larger than this service's limit "
                               "of %2 bytes")
                    .arg(QString::fromLatin1(lengths.first().left(40)))
                    .arg(limits.maxBodyBytes),
                0};
    verdict.bodyBytes = bytes;
    return verdict;
}

void RequestGuard::onReadyRead()
{
    if (m_refused) {
        m_socket->readAll(); // whatever still comes is dropped, never buffered
        return;
    }
    if (m_limits.idleTimeoutMs > 0)
        m_idle.start(m_limits.idleTimeoutMs);
    const QByteArray data = m_socket->peek(m_socket->bytesAvailable());
    qsizetype at = 0;
    while (at < data.size()) {
        if (m_bodyRemaining > 0) {
            const qint64 take = std::min<qint64>(m_bodyRemaining, data.size() - at);
            m_bodyRemaining -= take;
            at += take;
            continue;
        }
        // Blank lines may stand between requests.
        if (m_header.isEmpty() && (data.at(at) == '\r' || data.at(at) == '\n')) {
            ++at;
            continue;
        }
        const qsizetype before = m_header.size();
        m_header.append(data.constData() + at, data.size() - at);
        const qsizetype end = m_header.indexOf("\r\n\r\n", std::max<qsizetype>(0, before - 3));
        if (end < 0) {
            if (m_header.size() > m_limits.maxHeaderBytes)
                return refuse(431, QStringLiteral("the request headers are larger than %1 bytes")
                                       .arg(m_limits.maxHeaderBytes));
            return;
        }
        if (end > m_limits.maxHeaderBytes)
            return refuse(431, QStringLiteral("the request headers are larger than %1 bytes")
                                   .arg(m_limits.maxHeaderBytes));
        at += end + 4 - before;
        const Verdict verdict = judge(m_header.left(end), m_limits);
        m_header.clear();
        ++m_requests;
        if (verdict.status != 0)
            return refuse(verdict.status, verdict.message);
        m_bodyRemaining = verdict.bodyBytes;
    }
}

void RequestGuard::refuse(int status, const QString &message)
{
    m_refused = true;
    m_idle.stop();
    m_socket->readAll();
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("error"), message}})
                                .toJson(QJsonDocument::Compact);
    m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) +
                    "\r\nContent-Type: application/json\r\nContent-Length: " +
                    QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    // Closing at once while the client still sends its body would reset the connection and
    // lose the answer: send it, end our side, and keep dropping what arrives for a while.
    connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
        if (m_socket->bytesToWrite() == 0)
            ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
    });
    m_socket->flush();
    if (m_socket->bytesToWrite() == 0)
        ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
    QTimer::singleShot(kLingerMs, m_socket, [socket = m_socket] { socket->abort(); });
}

void RequestGuard::onIdle()
{
    const qint64 answers = m_socket->property(kAnswersProperty).toLongLong();
    if (answers < m_requests || m_bodyRemaining > 0 || !m_header.isEmpty()) {
        m_idle.start(m_limits.idleTimeoutMs); // a request is still on its way or waiting
        return;
    }
    m_socket->disconnectFromHost();
}

} // namespace necrocode
