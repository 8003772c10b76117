// Shared plumbing of the service clients: base URL, token and timeout of one service, JSON
// requests and answers, and the health check every client offers.
#pragma once

#include "core/Result.h"
#include "core/RunnerConfig.h"
#include "net/HttpClient.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QUrlQuery>

namespace necrocode {

template <typename T> using Reply = std::function<void(Result<T>)>;

class ServiceClient
{
public:
    ServiceClient(HttpClient &http, QString service, ServiceEndpoint endpoint);

    const QString &service() const { return m_service; }
    const ServiceEndpoint &endpoint() const { return m_endpoint; }
    HttpClient &http() const { return m_http; }

    // GET `healthPath`; succeeds with the round-trip latency in seconds on any 2xx.
    HttpCallHandle healthCheck(QObject *context, Reply<double> done,
                               const QString &healthPath = QStringLiteral("/health"));

    // `base` (trailing slashes dropped) followed by `path`, e.g. ("http://h:1/", "/health").
    static QUrl joinUrl(QString base, const QString &path, const QUrlQuery &query = {});

protected:
    QUrl urlFor(const QString &path, const QUrlQuery &query = {}) const;
    HttpRequest request(const QByteArray &method, const QString &operation, const QString &path,
                        const QUrlQuery &query = {}) const;
    // A JSON body; POSTs get a fresh Idempotency-Key that every retry of this call repeats.
    HttpRequest jsonRequest(const QByteArray &method, const QString &operation, const QString &path,
                            const QJsonObject &body) const;

    // The answer body parsed as JSON (an empty body is an empty object).
    HttpCallHandle callJson(HttpRequest request, QObject *context, Reply<QJsonValue> done);
    HttpCallHandle callStatus(HttpRequest request, QObject *context, Reply<Ok> done);

    static Error errorOf(const HttpOutcome &outcome);
    // Path segments are percent-encoded ("1.1" stays, "a/b" becomes "a%2Fb").
    static QString segment(const QString &value);

private:
    HttpClient &m_http;
    QString m_service;
    ServiceEndpoint m_endpoint;
};

} // namespace necrocode
