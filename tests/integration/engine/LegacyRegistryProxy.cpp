#include "LegacyRegistryProxy.h"

#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QPointer>
#include <QTcpSocket>

namespace necrocode::test {

LegacyRegistryProxy::LegacyRegistryProxy(QUrl registry) : m_registry(std::move(registry)) {}

QUrl LegacyRegistryProxy::start()
{
    const quint16 port = listen(QHostAddress::LocalHost, 0);
    return port ? QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)) : QUrl();
}

bool LegacyRegistryProxy::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QByteArray body = request.body();
    const QByteArray method = request.method() == QHttpServerRequest::Method::Put    ? "PUT"
                              : request.method() == QHttpServerRequest::Method::Post ? "POST"
                                                                                     : "GET";
    if (method == "PUT" && request.url().path().endsWith(QLatin1String("/status"))) {
        QJsonObject object = QJsonDocument::fromJson(body).object();
        if (object.contains(QStringLiteral("event")))
            ++m_strippedReports;
        object.remove(QStringLiteral("artifacts"));
        object.remove(QStringLiteral("event"));
        body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    }
    QUrl target = m_registry;
    target.setPath(request.url().path());
    target.setQuery(request.url().query());
    QNetworkRequest forwarded(target);
    const QList<QPair<QByteArray, QByteArray>> headers = request.headers();
    for (const auto &[name, value] : headers) {
        const QByteArray lower = name.toLower();
        if (lower != "host" && lower != "content-length" && lower != "connection")
            forwarded.setRawHeader(name, value);
    }
    QNetworkReply *reply = m_network.sendCustomRequest(forwarded, method, body);
    QObject::connect(
        reply, &QNetworkReply::finished, socket, [reply, socket = QPointer<QTcpSocket>(socket)] {
            reply->deleteLater();
            if (!socket)
                return;
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QByteArray answer = reply->readAll();
            socket->write("HTTP/1.1 " + QByteArray::number(status ? status : 502) +
                          " Proxied\r\nContent-Type: " + reply->rawHeader("Content-Type") +
                          "\r\nContent-Length: " + QByteArray::number(answer.size()) + "\r\n\r\n" +
                          answer);
        });
    return true;
}

} // namespace necrocode::test
