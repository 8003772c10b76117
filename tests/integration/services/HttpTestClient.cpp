#include "HttpTestClient.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkProxy>
#include <QTimer>

namespace necrocode::test {

QJsonObject TestResponse::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QByteArray TestResponse::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

HttpTestClient::HttpTestClient()
{
    m_manager.setProxy(QNetworkProxy::NoProxy);
}

QNetworkReply *HttpTestClient::start(const QByteArray &verb, const QUrl &url,
                                     const QByteArray &body, const Headers &headers)
{
    QNetworkRequest request(url);
    bool hasContentType = false;
    for (const auto &[name, value] : headers) {
        request.setRawHeader(name, value);
        hasContentType = hasContentType || name.compare("Content-Type", Qt::CaseInsensitive) == 0;
    }
    if (!body.isEmpty() && !hasContentType)
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
    return m_manager.sendCustomRequest(request, verb, body);
}

TestResponse HttpTestClient::finish(QNetworkReply *reply, int timeoutMs)
{
    if (!reply->isFinished()) {
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    TestResponse response = read(reply);
    if (!reply->isFinished())
        response.networkError = QNetworkReply::TimeoutError;
    reply->abort();
    reply->deleteLater();
    return response;
}

TestResponse HttpTestClient::read(QNetworkReply *reply)
{
    TestResponse response;
    response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    response.body = reply->readAll();
    response.headers = reply->rawHeaderPairs();
    response.networkError = reply->error();
    return response;
}

TestResponse HttpTestClient::send(const QByteArray &verb, const QUrl &url, const QByteArray &body,
                                  const Headers &headers)
{
    return finish(start(verb, url, body, headers));
}

TestResponse HttpTestClient::get(const QUrl &url, const Headers &headers)
{
    return send("GET", url, {}, headers);
}

TestResponse HttpTestClient::del(const QUrl &url)
{
    return send("DELETE", url, {});
}

TestResponse HttpTestClient::post(const QUrl &url, const QJsonObject &body, const Headers &headers)
{
    return send("POST", url, jsonBytes(body), headers);
}

TestResponse HttpTestClient::put(const QUrl &url, const QJsonObject &body, const Headers &headers)
{
    return send("PUT", url, jsonBytes(body), headers);
}

QUrl urlOf(const QUrl &base, const QString &path)
{
    QString root = base.toString();
    while (root.endsWith(QLatin1Char('/')))
        root.chop(1);
    return QUrl(root + path);
}

QByteArray jsonBytes(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace necrocode::test
