#include "remote/LogStreamClient.h"

#include "core/AccessToken.h"
#include "log/JsonLineFormatter.h"
#include "net/ServiceClient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>

namespace necrocode {

namespace {
constexpr int kDefaultReconnectDelayMs = 2000;
}

LogStreamClient::LogStreamClient(QNetworkAccessManager *network, QUrl workerUrl, QObject *parent)
    : QObject(parent), m_network(network), m_workerUrl(std::move(workerUrl))
{
    m_reconnect.setSingleShot(true);
    m_reconnect.setInterval(kDefaultReconnectDelayMs);
    connect(&m_reconnect, &QTimer::timeout, this, &LogStreamClient::connectStream);
}

LogStreamClient::~LogStreamClient()
{
    // Quietly: whoever would hear connectionChanged is being torn down with this client.
    closeStream();
}

void LogStreamClient::start(quint64 since)
{
    stop();
    m_lastSequence = since;
    m_running = true;
    connectStream();
}

void LogStreamClient::stop()
{
    const bool wasConnected = m_connected;
    closeStream();
    if (wasConnected)
        Q_EMIT connectionChanged(false, QStringLiteral("stopped"));
}

void LogStreamClient::closeStream()
{
    m_running = false;
    m_connected = false;
    m_reconnect.stop();
    if (m_reply) {
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void LogStreamClient::connectStream()
{
    if (!m_running)
        return;
    const QUrl url = ServiceClient::joinUrl(
        m_workerUrl.toString(), QStringLiteral("/logs"),
        QUrlQuery{{QStringLiteral("since"), QString::number(m_lastSequence)}});
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "text/event-stream");
    if (!m_bearerToken.isEmpty())
        request.setRawHeader("Authorization", bearerAuthorization(m_bearerToken));
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    m_parser = SseParser();
    m_reply = m_network->get(request);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] {
        const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 200 && !m_connected) {
            m_connected = true;
            Q_EMIT connectionChanged(true, {});
        }
    });
    connect(m_reply, &QNetworkReply::readyRead, this, &LogStreamClient::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &LogStreamClient::onFinished);
}

void LogStreamClient::onReadyRead()
{
    if (m_reply && m_connected)
        handle(m_parser.feed(m_reply->readAll()));
}

void LogStreamClient::onFinished()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    if (!reply)
        return;
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QString error;
    if (status != 0 && status != 200) {
        const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
        error = QStringLiteral("HTTP %1 from %2: %3")
                    .arg(status)
                    .arg(reply->url().toString(), body.value(QLatin1String("error")).toString());
    } else {
        if (m_connected)
            handle(m_parser.feed(reply->readAll()) + m_parser.finish());
        error = reply->error() == QNetworkReply::NoError
                    ? QStringLiteral("the worker closed the stream")
                    : reply->errorString();
    }
    const bool wasConnected = std::exchange(m_connected, false);
    if (wasConnected || status != 200)
        Q_EMIT connectionChanged(false, error);
    if (m_running)
        m_reconnect.start();
}

void LogStreamClient::handle(const QList<SseEvent> &events)
{
    QList<LogEntry> entries;
    for (const SseEvent &event : events) {
        if (event.event == "hello") {
            if (!handleHello(event.data))
                return;
            continue;
        }
        if (event.event == "gap") {
            const quint64 missed = QJsonDocument::fromJson(event.data)
                                       .object()
                                       .value(QLatin1String("missed"))
                                       .toInteger();
            if (!entries.isEmpty())
                Q_EMIT received(std::exchange(entries, {}), m_lastSequence);
            Q_EMIT gap(missed);
            continue;
        }
        if (event.event != "log")
            continue;
        auto entry = parseJsonLine(event.data);
        if (!entry)
            continue;
        bool ok = false;
        const quint64 sequence = event.id.toULongLong(&ok);
        if (ok)
            m_lastSequence = sequence;
        entries.append(std::move(entry).value());
    }
    if (!entries.isEmpty())
        Q_EMIT received(entries, m_lastSequence);
}

bool LogStreamClient::handleHello(const QByteArray &data)
{
    const QString instance =
        QJsonDocument::fromJson(data).object().value(QLatin1String("instance_id")).toString();
    if (instance.isEmpty())
        return true;
    const QString previous = std::exchange(m_instanceId, instance);
    if (previous.isEmpty() || previous == instance)
        return true;
    // A new process on the same address: what we asked for ("after N") belongs to the old one.
    Q_EMIT restarted(instance);
    if (m_lastSequence == 0)
        return true;
    m_lastSequence = 0;
    closeStream();
    m_running = true;
    QMetaObject::invokeMethod(this, &LogStreamClient::connectStream, Qt::QueuedConnection);
    return false;
}

} // namespace necrocode
