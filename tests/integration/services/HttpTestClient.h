// A blocking HTTP client for the integration tests of the local services: every call runs a local
// event loop until its reply is finished, so services on the test thread keep serving meanwhile.
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPair>
#include <QUrl>

namespace necrocode::test {

using Headers = QList<QPair<QByteArray, QByteArray>>;

struct TestResponse
{
    int status = 0; // 0 when no HTTP answer arrived
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;

    QJsonObject json() const;
    QByteArray header(const QByteArray &name) const;
};

class HttpTestClient
{
public:
    HttpTestClient();

    TestResponse get(const QUrl &url, const Headers &headers = {});
    TestResponse del(const QUrl &url);
    TestResponse post(const QUrl &url, const QJsonObject &body, const Headers &headers = {});
    TestResponse put(const QUrl &url, const QJsonObject &body, const Headers &headers = {});
    TestResponse send(const QByteArray &verb, const QUrl &url, const QByteArray &body,
                      const Headers &headers = {});

    // Starts a request without waiting; finish() waits for it.
    QNetworkReply *start(const QByteArray &verb, const QUrl &url, const QByteArray &body,
                         const Headers &headers = {});
    static TestResponse finish(QNetworkReply *reply, int timeoutMs = 20000);
    // The answer of a finished reply, which stays alive.
    static TestResponse read(QNetworkReply *reply);

    QNetworkAccessManager &manager() { return m_manager; }

private:
    QNetworkAccessManager m_manager;
};

// base + path, where path may carry a query ("/specs/x/tasks?state=ready").
QUrl urlOf(const QUrl &base, const QString &path);
QByteArray jsonBytes(const QJsonObject &object);

} // namespace necrocode::test
