// The Artifact Store over HTTP (SPEC §2.3): multipart upload (type, metadata, file) answered with
// an absolute URI served by the store, raw download, and metadata with the sha256. Uploads are
// read, hashed and written (with fsync) on writer threads, so that one upload waiting for the
// disk holds up neither the others nor the downloads and probes.
#pragma once

#include "LocalService.h"
#include "artifacts/ArtifactFiles.h"
#include "http/ServiceHttpServer.h"

#include <QHash>
#include <QThreadPool>

namespace necrocode {

class ArtifactStoreService final : public LocalService
{
public:
    explicit ArtifactStoreService(const QString &directory);

    Result<quint16> listen(const QHostAddress &address = QHostAddress::LocalHost,
                           quint16 port = 0) override;
    QUrl baseUrl() const override;
    FaultInjector &faults() override;
    void setRequestLimits(const RequestLimits &limits) override { m_http.setRequestLimits(limits); }
    RequestLimits requestLimits() const override { return m_http.requestLimits(); }
    void setAccess(const ServiceAccess &access) override { m_http.setAccess(access); }
    ServiceHttpServer &http() override { return m_http; }
    ArtifactFiles &files() { return m_files; }
    static constexpr qint64 kDefaultMaxRequestBytes = 64LL * 1024 * 1024;

private:
    void addRoutes();
    void upload(const HttpRequestData &request, const HttpReply &reply);
    void answerUpload(quint64 id, const Result<StoredArtifact> &stored);
    HttpResponse download(const QString &id);
    HttpResponse describe(const HttpRequestData &request);
    QUrl uriFor(const QString &id) const;

    static constexpr int kWriterThreads = 4;

    ArtifactFiles m_files;
    ServiceHttpServer m_http;
    QHash<quint64, HttpReply> m_uploads; // waiting for their writer, by upload number
    quint64 m_lastUpload = 0;
    // Last: destroyed first, it waits for the writers before the rest goes.
    QThreadPool m_writers;
};

} // namespace necrocode
