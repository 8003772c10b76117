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

    // Until `until`, every request keeps retrying with `retry` (retryable failures only): the
    // final reports of a run, which must outlast an outage of the service. stopPersisting()
    // goes back to the client's own policy.
    void persistUntil(QDeadlineTimer until, RetryConfig retry);
    void stopPersisting() { m_persistence.reset(); }

    // GET `healthPath`; succeeds with the round-trip latency in seconds on any 2xx.
    HttpCallHandle healthCheck(QObject *context, Reply<double> done,
                               const QString &healthPath = QStringLiteral("/health"));

    // `base` (trailing slashes dropped) followed by `path`, e.g. ("http://h:1/", "/health").
    static QUrl joinUrl(QString base, const QString &path, const QUrlQuery &query = {});

protected:
    QUrl urlFor(const QString &path, const QUrlQuery &query = {}) const;
    HttpRequest request(const QByteArray &method, const QString &operation, const QString &path,
                        const QUrlQuery &query = {}) const;
    // `object` with every secret masked by the log dispatcher's SecretMasker: what a service
    // stores (reports, events, artifact metadata) never holds a secret.
    QJsonObject masked(const QJsonObject &object) const;

    // A JSON body, masked unless the client opted out; POSTs get a fresh Idempotency-Key that
    // every retry of this call repeats.
    HttpRequest jsonRequest(const QByteArray &method, const QString &operation, const QString &path,
                            const QJsonObject &body) const;

    // The answer body parsed as JSON (an empty body is an empty object).
    HttpCallHandle callJson(HttpRequest request, QObject *context, Reply<QJsonValue> done);
    HttpCallHandle callStatus(HttpRequest request, QObject *context, Reply<Ok> done);

    static Error errorOf(const HttpOutcome &outcome);
    // Path segments are percent-encoded ("1.1" stays, "a/b" becomes "a%2Fb").
    static QString segment(const QString &value);

    // The LLM client sends prompts as written: its requests are not masked.
    bool m_masksBodies = true;

private:
    struct Persistence
    {
        QDeadlineTimer until;
        RetryConfig retry;
    };
    std::optional<Persistence> m_persistence;
    HttpClient &m_http;
    QString m_service;
    ServiceEndpoint m_endpoint;
};

} // namespace necrocode
