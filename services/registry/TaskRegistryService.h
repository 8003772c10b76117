// The Task Registry over HTTP (SPEC §2.1): spec-scoped paths as the primary form, the legacy
// /tasks/{id} paths, an atomic claim for workers with a lease they renew (POST .../lease), and
// Idempotency-Key replay on POST and PUT. A task whose lease expires goes back to ready (swept
// every second and before each claim); a report or renewal that carries an ended or expired
// lease (header Lease-Id) is refused with 409 at once and changes nothing. Workers send
// heartbeats (POST /workers/{id}/heartbeat) and GET /workers lists them as active, lost or
// stopped.
#pragma once

#include "LocalService.h"
#include "http/ServiceHttpServer.h"
#include "registry/TaskRegistryStore.h"

#include <QTimer>

#include <memory>

namespace necrocode {

class TaskRegistryService final : public LocalService
{
public:
    // Opens the store in `dataDirectory` on the calling thread, which then serves the requests.
    static Result<std::unique_ptr<TaskRegistryService>> open(const QString &dataDirectory);
    static Result<std::unique_ptr<TaskRegistryService>> open(const RegistryDatabase &database);

    Result<quint16> listen(const QHostAddress &address = QHostAddress::LocalHost,
                           quint16 port = 0) override;
    QUrl baseUrl() const override;
    FaultInjector &faults() override;
    void setRequestLimits(const RequestLimits &limits) override { m_http.setRequestLimits(limits); }
    RequestLimits requestLimits() const override { return m_http.requestLimits(); }
    void setAccess(const ServiceAccess &access) override { m_http.setAccess(access); }
    ServiceHttpServer &http() override { return m_http; }
    static constexpr qint64 kDefaultMaxRequestBytes = qint64{1024} * 1024;
    TaskRegistryStore &store() { return *m_store; }
    // The lease length given to claims that ask for none, and the attempts before a task whose
    // claimers keep getting lost fails.
    void setLeasePolicy(const LeasePolicy &policy) { m_leases = policy; }
    const LeasePolicy &leasePolicy() const { return m_leases; }
    static constexpr int kLeaseSweepIntervalMs = 1000;

private:
    explicit TaskRegistryService(std::unique_ptr<TaskRegistryStore> store);
    void addRoutes();
    void addTaskRoutes();

    using TaskOperation = HttpResponse (TaskRegistryService::*)(const QString &spec,
                                                                const QString &id,
                                                                const HttpRequestData &request);
    // Runs a task operation on /tasks/{id}: 404 for an unknown id, 409 when several specs hold it.
    HttpResponse onLegacyTask(const QString &id, const HttpRequestData &request,
                              TaskOperation operation);
    // Runs a change in one transaction; replays the stored answer of a repeated Idempotency-Key
    // and records the first one.
    HttpResponse idempotent(const HttpRequestData &request,
                            const std::function<HttpResponse()> &handle);

    HttpResponse health();
    HttpResponse listSpecs();
    HttpResponse upsertTaskSet(const QString &spec, const HttpRequestData &request);
    HttpResponse listTasks(const QString &spec, const HttpRequestData &request);
    HttpResponse claimNext(const HttpRequestData &request);
    HttpResponse getTask(const QString &spec, const QString &id, const HttpRequestData &request);
    HttpResponse putStatus(const QString &spec, const QString &id, const HttpRequestData &request);
    HttpResponse postEvent(const QString &spec, const QString &id, const HttpRequestData &request);
    HttpResponse getEvents(const QString &spec, const QString &id, const HttpRequestData &request);
    HttpResponse postArtifact(const QString &spec, const QString &id,
                              const HttpRequestData &request);
    HttpResponse getArtifacts(const QString &spec, const QString &id,
                              const HttpRequestData &request);
    HttpResponse claimTask(const QString &spec, const QString &id, const HttpRequestData &request);
    HttpResponse renewLease(const QString &spec, const QString &id, const HttpRequestData &request);
    HttpResponse heartbeat(const QString &workerId, const HttpRequestData &request);
    HttpResponse listWorkers();
    // Requeues (or fails) the tasks whose lease expired.
    void sweepExpiredLeases();
    // 409 when the request carries a Lease-Id that is not the task's current lease.
    std::optional<HttpResponse> refusedByLease(const QString &spec, const QString &id,
                                               const HttpRequestData &request);

    std::unique_ptr<TaskRegistryStore> m_store;
    ServiceHttpServer m_http;
    LeasePolicy m_leases;
    QTimer m_leaseSweep;
};

// 404 for "not_found", 409 for "conflict", 400 for "invalid"/"parse", 500 otherwise.
HttpResponse registryErrorResponse(const Error &error);

} // namespace necrocode
