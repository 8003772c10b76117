#include "artifacts/ArtifactStoreService.h"

#include "core/JsonFields.h"
#include "core/ThreadHandOff.h"
#include "http/MultipartParser.h"

namespace necrocode {

namespace {

using Method = QHttpServerRequest::Method;

HttpResponse errorFor(const Error &error)
{
    if (error.kind == QLatin1String("not_found"))
        return HttpResponse::error(404, error.message);
    if (error.kind == QLatin1String("invalid") || error.kind == QLatin1String("parse"))
        return HttpResponse::error(400, error.message);
    return HttpResponse::error(500, error.message);
}

} // namespace

ArtifactStoreService::ArtifactStoreService(const QString &directory)
    : m_files(directory), m_http(QStringLiteral("artifact_store"))
{
    m_writers.setMaxThreadCount(kWriterThreads);
    m_http.setRequestLimits(RequestLimits{kDefaultMaxRequestBytes});
    addRoutes();
}

Result<quint16> ArtifactStoreService::listen(const QHostAddress &address, quint16 port)
{
    return m_http.listenOn(address, port);
}

QUrl ArtifactStoreService::baseUrl() const
{
    return m_http.baseUrl();
}

FaultInjector &ArtifactStoreService::faults()
{
    return m_http.faults();
}

void ArtifactStoreService::addRoutes()
{
    Router &r = m_http.router();
    r.route(Method::Get, QStringLiteral("/health"),
            [this](const HttpRequestData &, const PathParams &) {
                return HttpResponse::json(
                    200, QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
                                     {QStringLiteral("service"), m_http.serviceName()}});
            });
    r.routeAsync(Method::Post, QStringLiteral("/artifacts"),
                 [this](const HttpRequestData &request, const PathParams &,
                        const HttpReply &reply) { upload(request, reply); });
    r.route(
        Method::Get, QStringLiteral("/artifacts/metadata"),
        [this](const HttpRequestData &request, const PathParams &) { return describe(request); });
    r.route(Method::Get, QStringLiteral("/artifacts/{id}"),
            [this](const HttpRequestData &, const PathParams &p) {
                return download(p.value(QStringLiteral("id")));
            });
}

QUrl ArtifactStoreService::uriFor(const QString &id) const
{
    QUrl uri = m_http.baseUrl();
    uri.setPath(QStringLiteral("/artifacts/") + id);
    return uri;
}

namespace {

Error invalidUpload(const QString &message)
{
    return makeError(message, QStringLiteral("invalid"));
}

// Reads a multipart upload (type, metadata, file) and stores it; runs on a writer thread.
Result<StoredArtifact> storeUpload(ArtifactFiles &files, const HttpRequestData &request)
{
    const Result<QByteArray> boundary = multipartBoundary(request.header("Content-Type"));
    if (!boundary)
        return boundary.error();
    const Result<MultipartForm> form = parseMultipart(request.body, *boundary);
    if (!form)
        return form.error();
    const MultipartPart *type = form->part(QStringLiteral("type"));
    if (!type || type->data.trimmed().isEmpty())
        return invalidUpload(QStringLiteral("the 'type' part is required"));
    const MultipartPart *file = form->part(QStringLiteral("file"));
    if (!file)
        return invalidUpload(QStringLiteral("the 'file' part is required"));
    QJsonObject metadata;
    if (const MultipartPart *part = form->part(QStringLiteral("metadata"));
        part && !part->data.trimmed().isEmpty()) {
        const Result<QJsonObject> parsed =
            json::parseObject(part->data, QStringLiteral("the 'metadata' part"));
        if (!parsed)
            return parsed.error();
        metadata = *parsed;
    }
    return files.store(file->data, QString::fromUtf8(type->data.trimmed()), metadata,
                       file->contentType, file->fileName);
}

} // namespace

void ArtifactStoreService::upload(const HttpRequestData &request, const HttpReply &reply)
{
    const quint64 id = ++m_lastUpload;
    m_uploads.insert(id, reply);
    m_writers.start(ThreadHandOff::crossThreadCall([this, id, request] {
        Result<StoredArtifact> stored = storeUpload(m_files, request);
        QMetaObject::invokeMethod(
            &m_http, ThreadHandOff::crossThreadCall([this, id, stored = std::move(stored)] {
                answerUpload(id, stored);
            }),
            Qt::QueuedConnection);
    }));
}

void ArtifactStoreService::answerUpload(quint64 id, const Result<StoredArtifact> &stored)
{
    HttpReply reply = m_uploads.take(id);
    if (!stored) {
        reply.send(errorFor(stored.error()));
        return;
    }
    reply.send(
        HttpResponse::json(201, QJsonObject{{QStringLiteral("uri"), uriFor(stored->id).toString()},
                                            {QStringLiteral("id"), stored->id},
                                            {QStringLiteral("type"), stored->type},
                                            {QStringLiteral("size_bytes"), stored->sizeBytes},
                                            {QStringLiteral("sha256"), stored->sha256}}));
}

namespace {

// What an artifact is served as: its declared type only when a browser shows it inertly (text,
// JSON, a diff, an image without scripts); anything else, text/html and SVG above all, as
// application/octet-stream, so that an uploaded page never runs in the store's origin.
QByteArray servedContentType(const QByteArray &declared)
{
    static const QList<QByteArray> safe{
        "text/plain",       "text/x-diff",      "text/x-patch",
        "text/csv",         "application/json", "application/x-ndjson",
        "application/gzip", "application/zip",  "application/octet-stream",
        "image/png",        "image/jpeg",       "image/gif"};
    const QByteArray type = declared.split(';').first().trimmed().toLower();
    if (!safe.contains(type))
        return QByteArrayLiteral("application/octet-stream");
    return type.startsWith("text/") ? type + "; charset=utf-8" : type;
}

// Content-Disposition: attachment with the file name made safe for a header.
QByteArray attachmentHeader(const QString &fileName)
{
    QByteArray name = fileName.toUtf8();
    for (char &c : name)
        if (c == '"' || c == '\\' || c == '\r' || c == '\n' || uchar(c) < 0x20)
            c = '_';
    return name.isEmpty() ? QByteArrayLiteral("attachment")
                          : QByteArrayLiteral("attachment; filename=\"") + name + '"';
}

} // namespace

HttpResponse ArtifactStoreService::download(const QString &id)
{
    const Result<StoredArtifact> artifact = m_files.describe(id);
    if (!artifact)
        return errorFor(artifact.error());
    Result<QByteArray> bytes = m_files.read(id);
    if (!bytes)
        return errorFor(bytes.error());
    return HttpResponse::bytes(200, std::move(bytes).value(),
                               servedContentType(artifact->contentType))
        .withHeader("ETag", '"' + artifact->sha256.toLatin1() + '"')
        .withHeader("X-Content-Type-Options", "nosniff")
        .withHeader("Content-Security-Policy", "sandbox")
        .withHeader("Content-Disposition", attachmentHeader(artifact->fileName));
}

HttpResponse ArtifactStoreService::describe(const HttpRequestData &request)
{
    const QString uri = request.queryValue(QStringLiteral("uri"));
    if (uri.isEmpty())
        return HttpResponse::error(400, QStringLiteral("the query parameter 'uri' is required"));
    const QStringList segments = HttpRequestData::splitPath(QUrl(uri).path(QUrl::FullyEncoded));
    const QString id = segments.isEmpty() ? uri : segments.last();
    const Result<StoredArtifact> artifact = m_files.describe(id);
    if (!artifact)
        return errorFor(artifact.error());
    QJsonObject description = artifact->toJson();
    description.insert(QStringLiteral("uri"), uriFor(artifact->id).toString());
    return HttpResponse::json(200, description);
}

} // namespace necrocode
