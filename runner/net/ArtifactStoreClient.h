// Client of the Artifact Store (SPEC §2.3): multipart upload, download and metadata by URI.
#pragma once

#include "net/ServiceClient.h"

namespace necrocode {

struct ArtifactUpload
{
    QString type; // diff, log, test_results, transcript
    QJsonObject metadata;
    QByteArray content;
    QString fileName;
    QByteArray contentType = "application/octet-stream";
};

class ArtifactStoreClient : public ServiceClient
{
public:
    ArtifactStoreClient(HttpClient &http, ServiceEndpoint endpoint);

    // Answers the artifact's URI.
    HttpCallHandle upload(const ArtifactUpload &artifact, QObject *context, Reply<QString> done);
    HttpCallHandle download(const QString &uri, QObject *context, Reply<QByteArray> done);
    HttpCallHandle metadata(const QString &uri, QObject *context, Reply<QJsonObject> done);

    // multipart/form-data with parts type, metadata and file; `boundary` must not occur in it.
    static QByteArray multipartBody(const ArtifactUpload &artifact, const QByteArray &boundary);
};

} // namespace necrocode
