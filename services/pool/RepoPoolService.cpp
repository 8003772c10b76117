#include "pool/RepoPoolService.h"

#include "core/JsonFields.h"
#include "pool/WorkingCopySteps.h"

#include <QJsonArray>

#include <cmath>
#include <utility>

namespace necrocode {

namespace {

using Method = QHttpServerRequest::Method;

constexpr double maxTimeoutSeconds = 3600.0;
constexpr double maxLeaseSeconds = 7 * 24 * 3600.0;
constexpr qsizetype maxAllocationKeyLength = 200;

} // namespace

RepoPoolService::RepoPoolService(const Settings &settings)
    : m_settings(settings),
      m_manager(RepoPoolManager::Settings{settings.directory, settings.slotsPerPool,
                                          settings.gitTimeoutSeconds * 1000}),
      m_http(QStringLiteral("repo_pool"))
{
    m_http.setRequestLimits(RequestLimits{kDefaultMaxRequestBytes});
    addRoutes();
}

Result<quint16> RepoPoolService::listen(const QHostAddress &address, quint16 port)
{
    return m_http.listenOn(address, port);
}

QUrl RepoPoolService::baseUrl() const
{
    return m_http.baseUrl();
}

FaultInjector &RepoPoolService::faults()
{
    return m_http.faults();
}

void RepoPoolService::addRoutes()
{
    Router &r = m_http.router();
    r.route(Method::Get, QStringLiteral("/health"),
            [this](const HttpRequestData &, const PathParams &) {
                return HttpResponse::json(
                    200, QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
                                     {QStringLiteral("service"), m_http.serviceName()},
                                     {QStringLiteral("pools"), int(m_manager.pools().size())}});
            });
    r.route(Method::Get, QStringLiteral("/pools"),
            [this](const HttpRequestData &, const PathParams &) { return pools(); });
    r.routeAsync(Method::Post, QStringLiteral("/slots/allocate"),
                 [this](const HttpRequestData &request, const PathParams &, HttpReply reply) {
                     allocate(request, std::move(reply));
                 });
    r.route(Method::Delete, QStringLiteral("/allocations/{key}"),
            [this](const HttpRequestData &, const PathParams &p) {
                return withdraw(p.value(QStringLiteral("key")));
            });
    r.route(Method::Post, QStringLiteral("/slots/{id}/release"),
            [this](const HttpRequestData &request, const PathParams &p) {
                return release(p.value(QStringLiteral("id")), request);
            });
    r.route(Method::Post, QStringLiteral("/slots/{id}/lease"),
            [this](const HttpRequestData &request, const PathParams &p) {
                return renew(p.value(QStringLiteral("id")), request);
            });
    r.routeAsync(Method::Get, QStringLiteral("/slots/{id}"),
                 [this](const HttpRequestData &, const PathParams &p, HttpReply reply) {
                     describeSlot(p.value(QStringLiteral("id")), std::move(reply));
                 });
}

void RepoPoolService::allocate(const HttpRequestData &request, HttpReply reply)
{
    const Result<QJsonObject> body =
        json::parseObject(request.body, QStringLiteral("the request body"));
    if (!body) {
        reply.send(HttpResponse::error(400, body.errorMessage()));
        return;
    }
    const Result<QString> repoUrl = json::requiredString(*body, QStringLiteral("repo_url"));
    const Result<QString> requiredBy = json::requiredString(*body, QStringLiteral("required_by"));
    const Result<double> timeout = json::optionalNumber(*body, QStringLiteral("timeout_seconds"),
                                                        m_settings.defaultTimeoutSeconds);
    const Result<double> lease = json::optionalNumber(*body, QStringLiteral("lease_seconds"), 0);
    for (const QString &message : {repoUrl.errorMessage(), requiredBy.errorMessage(),
                                   timeout.errorMessage(), lease.errorMessage()}) {
        if (!message.isEmpty()) {
            reply.send(HttpResponse::error(400, message));
            return;
        }
    }
    if (const QString problem = repoUrlProblem(*repoUrl, m_settings.allowedUrlSchemes);
        !problem.isEmpty()) {
        reply.send(HttpResponse::error(400, problem));
        return;
    }
    if (*timeout < 0 || *timeout > maxTimeoutSeconds) {
        reply.send(HttpResponse::error(
            400,
            QStringLiteral("'timeout_seconds' must be between 0 and %1").arg(maxTimeoutSeconds)));
        return;
    }
    if (*lease < 0 || *lease > maxLeaseSeconds) {
        reply.send(HttpResponse::error(
            400, QStringLiteral("'lease_seconds' must be between 0 and %1").arg(maxLeaseSeconds)));
        return;
    }
    const QString key = QString::fromUtf8(request.header("Idempotency-Key")).trimmed();
    if (key.size() > maxAllocationKeyLength) {
        reply.send(HttpResponse::error(
            400, QStringLiteral("the Idempotency-Key is longer than %1 characters")
                     .arg(maxAllocationKeyLength)));
        return;
    }
    RepoPoolManager::AllocationRequest allocation;
    allocation.key = key;
    allocation.leaseSeconds = int(std::lround(*lease));
    allocation.repoUrl = *repoUrl;
    allocation.requiredBy = *requiredBy;
    allocation.timeoutMs = int(std::lround(*timeout * 1000.0));
    allocation.stillWanted = [reply] { return reply.isPending(); };
    const int retryAfter = m_settings.retryAfterSeconds;
    m_manager.allocate(allocation, [reply, retryAfter](const Result<RepoSlot> &slot) mutable {
        if (slot) {
            reply.send(HttpResponse::json(200, slot->toJson(true)));
        } else if (slot.error().kind == QLatin1String("withdrawn")) {
            reply.send(HttpResponse::error(409, slot.errorMessage()));
        } else if (slot.error().kind == QLatin1String("timeout")) {
            reply.send(HttpResponse::error(503, slot.errorMessage(),
                                           {{QStringLiteral("retry_after_seconds"), retryAfter}})
                           .withHeader("Retry-After", QByteArray::number(retryAfter)));
        } else {
            reply.send(HttpResponse::error(502, slot.errorMessage()));
        }
    });
}

HttpResponse RepoPoolService::release(const QString &slotId, const HttpRequestData &request)
{
    // The lease id comes in the JSON body ({"lease_id": ...}) or as ?lease_id=.
    QString leaseId = request.queryValue(QStringLiteral("lease_id"));
    if (leaseId.isEmpty() && !request.body.trimmed().isEmpty()) {
        const Result<QJsonObject> body =
            json::parseObject(request.body, QStringLiteral("the request body"));
        if (!body)
            return HttpResponse::error(400, body.errorMessage());
        leaseId = body->value(QStringLiteral("lease_id")).toString();
    }
    const Result<RepoSlot> slot = m_manager.release(slotId, leaseId);
    if (slot)
        return HttpResponse::json(200, slot->toJson());
    return HttpResponse::error(slot.error().kind == QLatin1String("not_found") ? 404 : 409,
                               slot.errorMessage());
}

HttpResponse RepoPoolService::withdraw(const QString &key)
{
    const std::optional<RepoSlot> released = m_manager.withdraw(key);
    return HttpResponse::json(
        200, QJsonObject{{QStringLiteral("allocation_key"), key},
                         {QStringLiteral("released_slot_id"),
                          released ? QJsonValue(released->id) : QJsonValue(QJsonValue::Null)}});
}

HttpResponse RepoPoolService::renew(const QString &slotId, const HttpRequestData &request)
{
    const Result<QJsonObject> body =
        json::parseObject(request.body, QStringLiteral("the request body"));
    if (!body)
        return HttpResponse::error(400, body.errorMessage());
    const Result<QString> leaseId = json::requiredString(*body, QStringLiteral("lease_id"));
    const Result<double> lease = json::optionalNumber(*body, QStringLiteral("lease_seconds"), 0);
    for (const QString &message : {leaseId.errorMessage(), lease.errorMessage()})
        if (!message.isEmpty())
            return HttpResponse::error(400, message);
    if (*lease < 0 || *lease > maxLeaseSeconds)
        return HttpResponse::error(
            400, QStringLiteral("'lease_seconds' must be between 0 and %1").arg(maxLeaseSeconds));
    const Result<RepoSlot> slot = m_manager.renew(slotId, *leaseId, int(std::lround(*lease)));
    if (slot)
        return HttpResponse::json(200, slot->toJson());
    return HttpResponse::error(slot.error().kind == QLatin1String("not_found") ? 404 : 409,
                               slot.errorMessage());
}

void RepoPoolService::describeSlot(const QString &slotId, HttpReply reply)
{
    m_manager.describeSlot(slotId, [reply, slotId](const std::optional<RepoSlot> &slot) mutable {
        if (slot)
            reply.send(HttpResponse::json(200, slot->toJson()));
        else
            reply.send(HttpResponse::error(404, QStringLiteral("unknown slot '%1'").arg(slotId)));
    });
}

HttpResponse RepoPoolService::pools() const
{
    QJsonArray pools;
    for (const PoolSummary &summary : m_manager.pools())
        pools.append(summary.toJson());
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("pools"), pools}});
}

} // namespace necrocode
