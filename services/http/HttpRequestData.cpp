#include "http/HttpRequestData.h"

namespace necrocode {

HttpRequestData HttpRequestData::copyOf(const QHttpServerRequest &request)
{
    return fromParts(request.method(), request.url(), request.headers(), request.body(),
                     request.remoteAddress());
}

HttpRequestData HttpRequestData::fromParts(QHttpServerRequest::Method method, const QUrl &url,
                                           QList<QPair<QByteArray, QByteArray>> headers,
                                           QByteArray body, const QHostAddress &peer)
{
    HttpRequestData data;
    data.method = method;
    data.path = url.path(QUrl::FullyDecoded);
    data.segments = splitPath(url.path(QUrl::FullyEncoded));
    data.query = QUrlQuery(url);
    data.headers = std::move(headers);
    data.body = std::move(body);
    data.peer = peer;
    return data;
}

QStringList HttpRequestData::splitPath(const QString &encodedPath)
{
    QStringList segments;
    const QStringList raw = encodedPath.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    segments.reserve(raw.size());
    for (const QString &segment : raw)
        segments.append(QUrl::fromPercentEncoding(segment.toUtf8()));
    return segments;
}

QByteArray HttpRequestData::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QString HttpRequestData::queryValue(const QString &key) const
{
    return query.queryItemValue(key, QUrl::FullyDecoded);
}

QString HttpRequestData::methodName() const
{
    return httpMethodName(method);
}

QString httpMethodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return QStringLiteral("GET");
    case QHttpServerRequest::Method::Put:
        return QStringLiteral("PUT");
    case QHttpServerRequest::Method::Delete:
        return QStringLiteral("DELETE");
    case QHttpServerRequest::Method::Post:
        return QStringLiteral("POST");
    case QHttpServerRequest::Method::Head:
        return QStringLiteral("HEAD");
    case QHttpServerRequest::Method::Options:
        return QStringLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch:
        return QStringLiteral("PATCH");
    case QHttpServerRequest::Method::Connect:
        return QStringLiteral("CONNECT");
    case QHttpServerRequest::Method::Trace:
        return QStringLiteral("TRACE");
    default:
        break;
    }
    return QStringLiteral("UNKNOWN");
}

} // namespace necrocode
