// A copy of one HTTP request that outlives the QHttpServerRequest it came from, so that a handler
// may answer later (after a timer, a git command, a free slot).
#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QList>
#include <QPair>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

namespace necrocode {

struct HttpRequestData
{
    QHttpServerRequest::Method method = QHttpServerRequest::Method::Unknown;
    QString path;         // percent-decoded
    QStringList segments; // percent-decoded path segments; "%2F" inside a segment stays inside it
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QHostAddress peer;

    static HttpRequestData copyOf(const QHttpServerRequest &request);
    // The same from the request's parts (a request read without QHttpServer).
    static HttpRequestData fromParts(QHttpServerRequest::Method method, const QUrl &url,
                                     QList<QPair<QByteArray, QByteArray>> headers, QByteArray body,
                                     const QHostAddress &peer = {});
    // Splits an encoded path ("/a/b%2Fc") into decoded segments ("a", "b/c").
    static QStringList splitPath(const QString &encodedPath);

    // Case-insensitive; empty when absent.
    QByteArray header(QByteArrayView name) const;
    // A decoded query parameter; empty when absent.
    QString queryValue(const QString &key) const;
    QString methodName() const;
};

QString httpMethodName(QHttpServerRequest::Method method);

} // namespace necrocode
