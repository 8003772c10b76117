#include "http/MultipartParser.h"

namespace necrocode {

namespace {

Error malformed(const QString &what)
{
    return makeError(QStringLiteral("malformed multipart body: %1").arg(what),
                     QStringLiteral("invalid"));
}

// The value of `key=` in a header such as Content-Disposition; handles quoted values.
QByteArray headerParameter(QByteArrayView header, QByteArrayView key)
{
    qsizetype from = 0;
    while (from < header.size()) {
        const qsizetype semicolon = header.indexOf(';', from);
        const qsizetype end = semicolon < 0 ? header.size() : semicolon;
        const QByteArrayView item = header.sliced(from, end - from).trimmed();
        const qsizetype equals = item.indexOf('=');
        if (equals > 0 && item.first(equals).trimmed().compare(key, Qt::CaseInsensitive) == 0) {
            QByteArrayView value = item.sliced(equals + 1).trimmed();
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
                value = value.sliced(1, value.size() - 2);
            return value.toByteArray();
        }
        from = end + 1;
    }
    return {};
}

Result<MultipartPart> parsePart(QByteArrayView raw)
{
    const qsizetype headerEnd = raw.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return malformed(QStringLiteral("a part has no header block"));
    MultipartPart part;
    const QByteArrayView headerBlock = raw.first(headerEnd);
    part.data = raw.sliced(headerEnd + 4).toByteArray();
    qsizetype from = 0;
    while (from <= headerBlock.size()) {
        qsizetype end = headerBlock.indexOf("\r\n", from);
        if (end < 0)
            end = headerBlock.size();
        const QByteArrayView line = headerBlock.sliced(from, end - from);
        const qsizetype colon = line.indexOf(':');
        if (colon > 0) {
            const QByteArrayView name = line.first(colon).trimmed();
            const QByteArrayView value = line.sliced(colon + 1).trimmed();
            if (name.compare("Content-Disposition", Qt::CaseInsensitive) == 0) {
                part.name = QString::fromUtf8(headerParameter(value, "name"));
                part.fileName = QString::fromUtf8(headerParameter(value, "filename"));
            } else if (name.compare("Content-Type", Qt::CaseInsensitive) == 0) {
                part.contentType = value.toByteArray();
            }
        }
        from = end + 2;
    }
    if (part.name.isEmpty())
        return malformed(QStringLiteral("a part has no Content-Disposition name"));
    return part;
}

} // namespace

const MultipartPart *MultipartForm::part(const QString &name) const
{
    for (const MultipartPart &p : parts) {
        if (p.name == name)
            return &p;
    }
    return nullptr;
}

Result<QByteArray> multipartBoundary(const QByteArray &contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArrayView mime =
        QByteArrayView(contentType).first(semicolon < 0 ? contentType.size() : semicolon).trimmed();
    if (mime.compare("multipart/form-data", Qt::CaseInsensitive) != 0)
        return makeError(QStringLiteral("Content-Type must be multipart/form-data, got '%1'")
                             .arg(QString::fromLatin1(contentType)),
                         QStringLiteral("invalid"));
    const QByteArray boundary =
        semicolon < 0
            ? QByteArray()
            : headerParameter(QByteArrayView(contentType).sliced(semicolon + 1), "boundary");
    if (boundary.isEmpty() || boundary.size() > 200)
        return makeError(QStringLiteral("Content-Type multipart/form-data needs a boundary"),
                         QStringLiteral("invalid"));
    return boundary;
}

Result<MultipartForm> parseMultipart(const QByteArray &body, const QByteArray &boundary)
{
    const QByteArray delimiter = "--" + boundary;
    const QByteArray separator = "\r\n" + delimiter;
    const QByteArrayView view(body);

    qsizetype position = 0;
    if (view.startsWith(delimiter)) {
        position = delimiter.size();
    } else {
        const qsizetype found = view.indexOf(separator);
        if (found < 0)
            return malformed(QStringLiteral("the boundary does not occur in the body"));
        position = found + separator.size();
    }
    MultipartForm form;
    while (true) {
        if (view.sliced(position).startsWith("--"))
            return form; // closing delimiter
        if (!view.sliced(position).startsWith("\r\n"))
            return malformed(QStringLiteral("a boundary is not followed by a line break"));
        const qsizetype partStart = position + 2;
        const qsizetype next = view.indexOf(separator, partStart);
        if (next < 0)
            return malformed(QStringLiteral("the closing boundary is missing"));
        Result<MultipartPart> part = parsePart(view.sliced(partStart, next - partStart));
        if (!part)
            return part.error();
        form.parts.append(std::move(part).value());
        position = next + separator.size();
    }
}

} // namespace necrocode
