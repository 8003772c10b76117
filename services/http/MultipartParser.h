// Splits a multipart/form-data body (RFC 7578) into its parts; binary-safe.
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace necrocode {

struct MultipartPart
{
    QString name;           // from Content-Disposition
    QString fileName;       // empty for plain fields
    QByteArray contentType; // empty when the part has none
    QByteArray data;
};

struct MultipartForm
{
    QList<MultipartPart> parts;

    const MultipartPart *part(const QString &name) const;
};

// "multipart/form-data; boundary=xyz" (quoted or not) → "xyz"; an error when it is not multipart.
Result<QByteArray> multipartBoundary(const QByteArray &contentType);

Result<MultipartForm> parseMultipart(const QByteArray &body, const QByteArray &boundary);

} // namespace necrocode
