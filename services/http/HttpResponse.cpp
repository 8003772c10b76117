#include "http/HttpResponse.h"

#include <QJsonDocument>

namespace necrocode {

HttpResponse HttpResponse::json(int status, const QJsonObject &object)
{
    return bytes(status, QJsonDocument(object).toJson(QJsonDocument::Compact), "application/json");
}

HttpResponse HttpResponse::json(int status, const QJsonArray &array)
{
    return bytes(status, QJsonDocument(array).toJson(QJsonDocument::Compact), "application/json");
}

HttpResponse HttpResponse::error(int status, const QString &message, const QJsonObject &details)
{
    QJsonObject body = details;
    body.insert(QStringLiteral("error"), message);
    body.insert(QStringLiteral("status"), status);
    return json(status, body);
}

HttpResponse HttpResponse::bytes(int status, QByteArray body, const QByteArray &contentType)
{
    HttpResponse response;
    response.status = status;
    response.body = std::move(body);
    response.headers.append({QByteArrayLiteral("Content-Type"), contentType});
    return response;
}

HttpResponse HttpResponse::empty(int status)
{
    HttpResponse response;
    response.status = status;
    return response;
}

HttpResponse &HttpResponse::withHeader(const QByteArray &name, const QByteArray &value)
{
    headers.append({name, value});
    return *this;
}

QByteArray HttpResponse::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QByteArray httpReasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 413:
        return "Payload Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        break;
    }
    if (status >= 500)
        return "Server Error";
    if (status >= 400)
        return "Client Error";
    return "Status";
}

} // namespace necrocode
