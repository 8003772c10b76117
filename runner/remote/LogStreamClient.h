// Follows the /logs event stream of a headless worker (`necrocode-runner serve`): parses each
// event into a log entry and, when the connection drops, reconnects from the last sequence it
// saw, so nothing is lost or repeated while the worker still keeps the entries.
#pragma once

#include "log/LogEntry.h"
#include "net/SseParser.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace necrocode {

class LogStreamClient : public QObject
{
    Q_OBJECT

public:
    // `workerUrl` is the worker's base URL, e.g. http://127.0.0.1:9464.
    LogStreamClient(QNetworkAccessManager *network, QUrl workerUrl, QObject *parent = nullptr);
    ~LogStreamClient() override;

    // Streams the entries after sequence `since` (0: every entry the worker still keeps).
    void start(quint64 since = 0);
    void stop();

    bool isConnected() const { return m_connected; }
    quint64 lastSequence() const { return m_lastSequence; }
    QUrl workerUrl() const { return m_workerUrl; }
    void setReconnectDelayMs(int delayMs) { m_reconnect.setInterval(delayMs); }
    // Sent with every request from the next connection on (the worker's health.token).
    void setBearerToken(const QString &token) { m_bearerToken = token.toUtf8(); }

Q_SIGNALS:
    // Entries in the order the worker logged them; `lastSequence` is the newest one's number.
    void received(const QList<necrocode::LogEntry> &entries, quint64 lastSequence);
    // The worker dropped `missed` entries before they could be sent (its history overflowed).
    void gap(quint64 missed);
    // Connected or not; `error` says why a connection ended or could not be made.
    void connectionChanged(bool connected, const QString &error);
    // The worker on this address is a new process (it restarted): its sequence numbers started
    // over, and the stream follows it from its first entry.
    void restarted(const QString &instanceId);

private:
    void connectStream();
    void closeStream();
    void onReadyRead();
    void onFinished();
    // Returns false when the stream was restarted from 0 (a new worker instance).
    bool handleHello(const QByteArray &data);
    void handle(const QList<SseEvent> &events);

    QNetworkAccessManager *m_network;
    QUrl m_workerUrl;
    QPointer<QNetworkReply> m_reply;
    SseParser m_parser;
    QTimer m_reconnect;
    quint64 m_lastSequence = 0;
    QByteArray m_bearerToken;
    QString m_instanceId; // of the worker process last connected to; empty before
    bool m_running = false;
    bool m_connected = false;
};

} // namespace necrocode
