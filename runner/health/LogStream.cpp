#include "health/LogStream.h"

#include "log/JsonLineFormatter.h"
#include "log/LogHub.h"

#include <QDateTime>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>
#include <QUuid>

#include <malloc.h>

namespace necrocode {

namespace {

constexpr int kPumpIntervalMs = 50;
constexpr int kHeartbeatIntervalMs = 15000;
constexpr std::size_t kBatchEntries = 256;
// A client that reads slower than the process logs is not allowed to grow the send buffer
// without bound: while this much waits to be sent, entries stay in the subscription (whose
// overflow is reported to the client as a gap).
// Small, because it is per stream: 64 slow readers hold 32 MiB at most.
constexpr qint64 kMaxPendingBytes = qint64{512} * 1024;

QByteArray chunk(const QByteArray &payload)
{
    return QByteArray::number(payload.size(), 16) + "\r\n" + payload + "\r\n";
}

// One open stream: a subscription to the hub drained into the socket on a short timer.
// Owned by the socket, so it ends with the connection.
class LogStreamConnection : public QObject
{
public:
    LogStreamConnection(QTcpSocket *socket, LogSubscription subscription, LogLevel minimumLevel,
                        std::shared_ptr<LogStreamClients> clients)
        : QObject(socket), m_socket(socket), m_subscription(std::move(subscription)),
          m_minimumLevel(minimumLevel), m_clients(std::move(clients))
    {
        ++m_clients->open;
        connect(&m_pump, &QTimer::timeout, this, &LogStreamConnection::pump);
        connect(&m_heartbeat, &QTimer::timeout, this,
                [this] { m_socket->write(chunk(QByteArrayLiteral(": keep-alive\n\n"))); });
        connect(socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
        m_pump.start(kPumpIntervalMs);
        m_heartbeat.start(kHeartbeatIntervalMs);
        pump();
    }

    ~LogStreamConnection() override
    {
        m_subscription = LogSubscription();
        // The backlogs of many streams are freed in bits the allocator keeps for itself:
        // with the last stream gone, give them back to the system.
        if (--m_clients->open == 0)
            ::malloc_trim(0);
    }

private:
    // Over TLS, what is encrypted already waits in a buffer of its own.
    qint64 pendingBytes() const
    {
        const auto *tls = qobject_cast<const QSslSocket *>(m_socket);
        return m_socket->bytesToWrite() + (tls ? tls->encryptedBytesToWrite() : 0);
    }

    void pump()
    {
        while (pendingBytes() < kMaxPendingBytes) {
            const LogBatch batch = m_subscription.takeBatch(kBatchEntries);
            QByteArray events;
            if (batch.missed > 0)
                events +=
                    "event: gap\ndata: {\"missed\":" + QByteArray::number(batch.missed) + "}\n\n";
            for (std::size_t i = 0; i < batch.entries.size(); ++i) {
                const LogEntry &entry = batch.entries[i];
                if (entry.level < m_minimumLevel)
                    continue;
                events += "id: " + QByteArray::number(batch.sequenceAt(i)) + "\nevent: log\ndata: ";
                appendJsonLine(events, entry);
                if (events.endsWith('\n'))
                    events.chop(1);
                events += "\n\n";
            }
            if (!events.isEmpty()) {
                m_socket->write(chunk(events));
                m_heartbeat.start(kHeartbeatIntervalMs);
            }
            if (batch.entries.size() < kBatchEntries)
                break;
        }
    }

    QTcpSocket *m_socket;
    LogSubscription m_subscription;
    LogLevel m_minimumLevel;
    std::shared_ptr<LogStreamClients> m_clients;
    QTimer m_pump;
    QTimer m_heartbeat;
};

Result<quint64> parseSequence(const QString &text, const QString &what)
{
    bool ok = false;
    const quint64 value = text.trimmed().toULongLong(&ok);
    if (!ok)
        return makeError(QStringLiteral("%1 must be a log sequence number (0 or more), got '%2'")
                             .arg(what, text),
                         QStringLiteral("bad_request"));
    return value;
}

} // namespace

const QString &processInstanceId()
{
    static const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    return id;
}

const QString &processStartedAt()
{
    static const QString at = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    return at;
}

Result<LogStreamRequest> parseLogStreamRequest(const QUrlQuery &query,
                                               const QByteArray &lastEventId)
{
    LogStreamRequest request;
    if (query.hasQueryItem(QStringLiteral("since"))) {
        quint64 since = 0;
        NECRO_TRY_ASSIGN(since, parseSequence(query.queryItemValue(QStringLiteral("since")),
                                              QStringLiteral("since")));
        request.since = since;
    } else if (!lastEventId.isEmpty()) {
        quint64 since = 0;
        NECRO_TRY_ASSIGN(since, parseSequence(QString::fromLatin1(lastEventId),
                                              QStringLiteral("Last-Event-ID")));
        request.since = since;
    }
    if (query.hasQueryItem(QStringLiteral("level"))) {
        const QString level = query.queryItemValue(QStringLiteral("level"));
        const auto parsed = parseLogLevel(level);
        if (!parsed)
            return makeError(
                QStringLiteral("level must be DEBUG, INFO, WARNING, ERROR or CRITICAL, got '%1'")
                    .arg(level),
                QStringLiteral("bad_request"));
        request.minimumLevel = *parsed;
    }
    return request;
}

void startLogStream(const std::shared_ptr<LogHub> &hub, const LogStreamRequest &request,
                    QHttpServerResponder &&responder, std::shared_ptr<LogStreamClients> clients)
{
    if (clients->open >= clients->maximum) {
        const QByteArray body =
            QJsonDocument(
                QJsonObject{{QStringLiteral("error"),
                             QStringLiteral("too many log streams are open (%1); try again later")
                                 .arg(clients->maximum)}})
                .toJson(QJsonDocument::Compact);
        responder.write(body, {{"Content-Type", "application/json"}, {"Retry-After", "5"}},
                        QHttpServerResponder::StatusCode::ServiceUnavailable);
        return;
    }
    QTcpSocket *socket = responder.socket();
    responder.writeStatusLine(QHttpServerResponder::StatusCode::Ok);
    responder.writeHeaders({{"Content-Type", "text/event-stream; charset=utf-8"},
                            {"Cache-Control", "no-store"},
                            {"Transfer-Encoding", "chunked"},
                            {"X-Accel-Buffering", "no"}});
    // The first body write ends the header block; later chunks go to the socket directly.
    const QByteArray hello =
        QJsonDocument(QJsonObject{{QStringLiteral("instance_id"), processInstanceId()},
                                  {QStringLiteral("started_at"), processStartedAt()},
                                  {QStringLiteral("last_sequence"), qint64(hub->lastSequence())}})
            .toJson(QJsonDocument::Compact);
    responder.writeBody(
        chunk(QByteArrayLiteral("retry: 2000\n\nevent: hello\ndata: ") + hello + "\n\n"));
    LogSubscription subscription =
        request.since ? hub->subscribeAfter(*request.since, LogStreamClients::kReplayEntries)
                      : hub->subscribe(LogStreamClients::kReplayEntries);
    new LogStreamConnection(socket, std::move(subscription), request.minimumLevel,
                            std::move(clients));
}

} // namespace necrocode
