#include "net/ArtifactStoreClient.h"

#include "net/ErrorClassifier.h"

#include <QJsonDocument>
#include <QUuid>

namespace necrocode {

ArtifactStoreClient::ArtifactStoreClient(HttpClient &http, ServiceEndpoint endpoint)
    : ServiceClient(http, QStringLiteral("artifact_store"), std::move(endpoint))
{}

QByteArray ArtifactStoreClient::multipartBody(const ArtifactUpload &artifact,
                                              const QByteArray &boundary)
{
    QByteArray fileName = artifact.fileName.toUtf8();
    fileName.replace('"', "_").replace('\r', "_").replace('\n', "_");
    QByteArray body;
    body.reserve(artifact.content.size() + 512);
    auto field = [&](const char *name, const QByteArray &value) {
        body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name +
                "\"\r\n\r\n" + value + "\r\n";
    };
    field("type", artifact.type.toUtf8());
    field("metadata", QJsonDocument(artifact.metadata).toJson(QJsonDocument::Compact));
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
            fileName + "\"\r\nContent-Type: " + artifact.contentType + "\r\n\r\n";
    body += artifact.content;
    body += "\r\n--" + boundary + "--\r\n";
    return body;
}

HttpCallHandle ArtifactStoreClient::upload(const ArtifactUpload &artifact, QObject *context,
                                           Reply<QString> done)
{
    QByteArray boundary;
    do {
        boundary = "necrocode-" + QUuid::createUuid().toByteArray(QUuid::Id128);
    } while (artifact.content.contains(boundary));
    HttpRequest r =
        request("POST", QStringLiteral("upload_artifact"), QStringLiteral("/artifacts"));
    ArtifactUpload outgoing = artifact;
    outgoing.metadata = masked(artifact.metadata);
    r.body = multipartBody(outgoing, boundary);
    r.contentType = "multipart/form-data; boundary=" + boundary;
    r.idempotencyKey = QUuid::createUuid().toString(QUuid::WithoutBraces);
    return callJson(
        std::move(r), context, [done = std::move(done)](const Result<QJsonValue> &answer) {
            if (!answer) {
                done(answer.error());
                return;
            }
            const QString uri = answer->toObject().value(QLatin1String("uri")).toString();
            if (uri.isEmpty())
                done(makeError(QStringLiteral("the artifact store's answer has no 'uri'"),
                               error_type::Parse));
            else
                done(uri);
        });
}

HttpCallHandle ArtifactStoreClient::download(const QString &uri, QObject *context,
                                             Reply<QByteArray> done)
{
    HttpRequest r = request("GET", QStringLiteral("download_artifact"), QString());
    r.url = QUrl(uri);
    return http().send(std::move(r), context, [done = std::move(done)](const HttpOutcome &o) {
        if (o.ok)
            done(o.body);
        else
            done(errorOf(o));
    });
}

HttpCallHandle ArtifactStoreClient::metadata(const QString &uri, QObject *context,
                                             Reply<QJsonObject> done)
{
    HttpRequest r =
        request("GET", QStringLiteral("artifact_metadata"), QStringLiteral("/artifacts/metadata"));
    r.url.setQuery(QStringLiteral("uri=") + QString::fromLatin1(QUrl::toPercentEncoding(uri)));
    return callJson(std::move(r), context,
                    [done = std::move(done)](const Result<QJsonValue> &answer) {
                        if (!answer)
                            done(answer.error());
                        else
                            done(answer->toObject());
                    });
}

} // namespace necrocode
