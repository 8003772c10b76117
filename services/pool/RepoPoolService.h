// The Repo Pool over HTTP (SPEC §2.2): allocate a git working copy of a repository (waiting,
// without blocking the server, up to timeout_seconds, then 503 + Retry-After), release it (it is
// cleaned before it is handed out again), withdraw an allocation by the Idempotency-Key of its
// request (a requester that gave up on the answer frees what it may have got), inspect slots and
// pools.
#pragma once

#include "LocalService.h"
#include "http/ServiceHttpServer.h"
#include "pool/RepoPoolManager.h"
#include "pool/WorkingCopySteps.h"

namespace necrocode {

class RepoPoolService final : public LocalService
{
public:
    struct Settings
    {
        QString directory;
        int slotsPerPool = 2;
        double defaultTimeoutSeconds = 30.0; // when the request names none
        int retryAfterSeconds = 2;           // Retry-After of the 503 after a timeout
        int gitTimeoutSeconds = 120;
        QStringList allowedUrlSchemes = defaultRepoUrlSchemes();
    };

    explicit RepoPoolService(const Settings &settings);

    Result<quint16> listen(const QHostAddress &address = QHostAddress::LocalHost,
                           quint16 port = 0) override;
    QUrl baseUrl() const override;
    FaultInjector &faults() override;
    void setRequestLimits(const RequestLimits &limits) override { m_http.setRequestLimits(limits); }
    RequestLimits requestLimits() const override { return m_http.requestLimits(); }
    void setAccess(const ServiceAccess &access) override { m_http.setAccess(access); }
    ServiceHttpServer &http() override { return m_http; }
    static constexpr qint64 kDefaultMaxRequestBytes = qint64{64} * 1024;

private:
    void addRoutes();
    void allocate(const HttpRequestData &request, HttpReply reply);
    HttpResponse release(const QString &slotId, const HttpRequestData &request);
    // DELETE /allocations/{key}: the allocate request sent with that Idempotency-Key is given
    // up, and the slot it got, if any, released.
    HttpResponse withdraw(const QString &key);
    HttpResponse renew(const QString &slotId, const HttpRequestData &request);
    void describeSlot(const QString &slotId, HttpReply reply);
    HttpResponse pools() const;

    Settings m_settings;
    RepoPoolManager m_manager;
    ServiceHttpServer m_http;
};

} // namespace necrocode
