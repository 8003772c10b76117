// The Artifact Store over HTTP (SPEC §2.3): multipart upload (type, metadata, file) answered with
// an absolute URI served by the store, raw download, and metadata with the sha256.
#pragma once

#include "LocalService.h"
#include "artifacts/ArtifactFiles.h"
#include "http/ServiceHttpServer.h"

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
    static constexpr qint64 kDefaultMaxRequestBytes = 64LL * 1024 * 1024;

private:
    void addRoutes();
    HttpResponse upload(const HttpRequestData &request);
    HttpResponse download(const QString &id);
    HttpResponse describe(const HttpRequestData &request);
    QUrl uriFor(const QString &id) const;

    ArtifactFiles m_files;
    ServiceHttpServer m_http;
};

} // namespace necrocode
