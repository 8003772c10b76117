#include "net/ServiceClient.h"

#include "log/LogDispatcher.h"
#include "net/ErrorClassifier.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

namespace necrocode {

ServiceClient::ServiceClient(HttpClient &http, QString service, ServiceEndpoint endpoint)
    : m_http(http), m_service(std::move(service)), m_endpoint(std::move(endpoint))
{}

QString ServiceClient::segment(const QString &value)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

QUrl ServiceClient::urlFor(const QString &path, const QUrlQuery &query) const
{
    return joinUrl(m_endpoint.url, path, query);
}

QUrl ServiceClient::joinUrl(QString base, const QString &path, const QUrlQuery &query)
{
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    QUrl url(base + path, QUrl::TolerantMode);
    if (!query.isEmpty())
        url.setQuery(query);
    return url;
}

HttpRequest ServiceClient::request(const QByteArray &method, const QString &operation,
                                   const QString &path, const QUrlQuery &query) const
{
    HttpRequest r;
    r.service = m_service;
    r.operation = operation;
    r.method = method;
    r.url = urlFor(path, query);
    r.timeoutMs = m_endpoint.timeoutSeconds * 1000;
    r.bearerToken = m_endpoint.token;
    if (m_persistence) {
        r.retryOverride = m_persistence->retry;
        r.retryUntil = m_persistence->until;
    }
    return r;
}

void ServiceClient::persistUntil(QDeadlineTimer until, RetryConfig retry)
{
    m_persistence = Persistence{until, retry};
}

HttpRequest ServiceClient::jsonRequest(const QByteArray &method, const QString &operation,
                                       const QString &path, const QJsonObject &body) const
{
    HttpRequest r = request(method, operation, path);
    r.body = QJsonDocument(m_masksBodies ? masked(body) : body).toJson(QJsonDocument::Compact);
    r.contentType = "application/json";
    if (method == "POST")
        r.idempotencyKey = QUuid::createUuid().toString(QUuid::WithoutBraces);
    return r;
}

QJsonObject ServiceClient::masked(const QJsonObject &object) const
{
    const auto &dispatcher = m_http.logger().dispatcher();
    return dispatcher ? dispatcher->masker().maskJsonObject(object) : object;
}

Error ServiceClient::errorOf(const HttpOutcome &outcome)
{
    return makeError(outcome.errorMessage, outcome.errorType);
}

HttpCallHandle ServiceClient::callJson(HttpRequest request, QObject *context,
                                       Reply<QJsonValue> done)
{
    const QString what = QStringLiteral("%1 %2 answer").arg(request.service, request.operation);
    return m_http.send(
        std::move(request), context, [done = std::move(done), what](const HttpOutcome &o) {
            if (!o.ok) {
                done(errorOf(o));
                return;
            }
            if (o.body.trimmed().isEmpty()) {
                done(QJsonValue(QJsonObject{}));
                return;
            }
            QJsonParseError parseError;
            const QJsonDocument doc = QJsonDocument::fromJson(o.body, &parseError);
            if (parseError.error != QJsonParseError::NoError) {
                done(makeError(
                    QStringLiteral("%1 is not valid JSON: %2").arg(what, parseError.errorString()),
                    error_type::Parse));
                return;
            }
            done(doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()));
        });
}

HttpCallHandle ServiceClient::callStatus(HttpRequest request, QObject *context, Reply<Ok> done)
{
    return m_http.send(std::move(request), context, [done = std::move(done)](const HttpOutcome &o) {
        if (o.ok)
            done(Ok{});
        else
            done(errorOf(o));
    });
}

HttpCallHandle ServiceClient::healthCheck(QObject *context, Reply<double> done,
                                          const QString &healthPath)
{
    HttpRequest r = request("GET", QStringLiteral("health_check"), healthPath);
    r.retry = false;
    return m_http.send(std::move(r), context, [done = std::move(done)](const HttpOutcome &o) {
        if (o.ok)
            done(o.lastAttemptDurationSeconds);
        else
            done(errorOf(o));
    });
}

} // namespace necrocode
