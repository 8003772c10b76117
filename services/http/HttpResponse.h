// One complete HTTP answer (status, headers, body) produced by a service handler.
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace necrocode {

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

struct HttpResponse
{
    int status = 200;
    HttpHeaders headers;
    QByteArray body;

    static HttpResponse json(int status, const QJsonObject &object);
    static HttpResponse json(int status, const QJsonArray &array);
    // {"error": message, "status": status, ...details}
    static HttpResponse error(int status, const QString &message, const QJsonObject &details = {});
    static HttpResponse bytes(int status, QByteArray body, const QByteArray &contentType);
    static HttpResponse empty(int status);

    HttpResponse &withHeader(const QByteArray &name, const QByteArray &value);
    // Case-insensitive; empty when absent.
    QByteArray header(QByteArrayView name) const;
};

// "OK", "Not Found", ... for the status line.
QByteArray httpReasonPhrase(int status);

} // namespace necrocode
