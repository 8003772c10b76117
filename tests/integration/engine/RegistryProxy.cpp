#include "RegistryProxy.h"

#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

namespace necrocode::test {

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    default:
        return "GET";
    }
}

} // namespace

RegistryProxy::RegistryProxy(QUrl registry) : m_registry(std::move(registry)) {}

QUrl RegistryProxy::start()
{
    const quint16 port = listen(QHostAddress::LocalHost, 0);
    return port ? QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)) : QUrl();
}

void RegistryProxy::delayAnswers(const QByteArray &method, const QString &pathSuffix, int delayMs)
{
    m_delayedMethod = method;
    m_delayedSuffix = pathSuffix;
    m_delayMs = delayMs;
}

bool RegistryProxy::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QByteArray body = request.body();
    const QByteArray method = methodName(request.method());
    const QString path = request.url().path();
    if (method == "PUT" && path.endsWith(QLatin1String("/status"))) {
        ++m_statusUpdatesSeen;
        QJsonObject object = QJsonDocument::fromJson(body).object();
        m_finalReportsSeen += object.contains(QStringLiteral("event"));
        if (m_stripsFinalReports && object.contains(QStringLiteral("event"))) {
            ++m_strippedReports;
            object.remove(QStringLiteral("artifacts"));
            object.remove(QStringLiteral("event"));
            body = QJsonDocument(object).toJson(QJsonDocument::Compact);
        }
    }
    const int delayMs =
        method == m_delayedMethod && !m_delayedSuffix.isEmpty() && path.endsWith(m_delayedSuffix)
            ? m_delayMs
            : 0;
    QUrl target = m_registry;
    target.setPath(path);
    target.setQuery(request.url().query());
    QNetworkRequest forwarded(target);
    const QList<QPair<QByteArray, QByteArray>> headers = request.headers();
    for (const auto &[name, value] : headers) {
        const QByteArray lower = name.toLower();
        if (lower != "host" && lower != "content-length" && lower != "connection")
            forwarded.setRawHeader(name, value);
    }
    QNetworkReply *reply = m_network.sendCustomRequest(forwarded, method, body);
    QObject::connect(reply, &QNetworkReply::finished, socket,
                     [reply, delayMs, socket = QPointer<QTcpSocket>(socket)] {
                         reply->deleteLater();
                         const int status =
                             reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                         const QByteArray answer = reply->readAll();
                         const QByteArray response =
                             "HTTP/1.1 " + QByteArray::number(status ? status : 502) +
                             " Proxied\r\nContent-Type: " + reply->rawHeader("Content-Type") +
                             "\r\nContent-Length: " + QByteArray::number(answer.size()) +
                             "\r\n\r\n" + answer;
                         QTimer::singleShot(delayMs, socket, [socket, response] {
                             if (socket)
                                 socket->write(response);
                         });
                     });
    return true;
}

} // namespace necrocode::test
