#include "net/RepoPoolClient.h"

#include "net/ErrorClassifier.h"

#include <QUuid>

namespace necrocode {

RepoPoolClient::RepoPoolClient(HttpClient &http, ServiceEndpoint endpoint)
    : ServiceClient(http, QStringLiteral("repo_pool"), std::move(endpoint))
{}

HttpCallHandle RepoPoolClient::allocate(const QString &repoUrl, const QString &requiredBy,
                                        int waitSeconds, int leaseSeconds,
                                        const QString &allocationKey, QObject *context,
                                        Reply<SlotAllocation> done)
{
    QJsonObject body{{QStringLiteral("repo_url"), repoUrl},
                     {QStringLiteral("required_by"), requiredBy},
                     {QStringLiteral("timeout_seconds"), waitSeconds}};
    if (leaseSeconds > 0)
        body.insert(QStringLiteral("lease_seconds"), leaseSeconds);
    HttpRequest r = jsonRequest("POST", QStringLiteral("allocate_slot"),
                                QStringLiteral("/slots/allocate"), body);
    r.timeoutMs = std::max(r.timeoutMs, (waitSeconds + 30) * 1000);
    if (!allocationKey.isEmpty())
        r.idempotencyKey = allocationKey;
    return callJson(
        std::move(r), context, [done = std::move(done)](const Result<QJsonValue> &answer) {
            if (!answer) {
                done(answer.error());
                return;
            }
            const QJsonObject o = answer->toObject();
            SlotAllocation slot{o.value(QLatin1String("slot_id")).toString(),
                                o.value(QLatin1String("slot_path")).toString(),
                                o.value(QLatin1String("lease_id")).toString(), o};
            slot.raw.remove(QStringLiteral("lease_id"));
            if (slot.slotId.isEmpty() || slot.slotPath.isEmpty()) {
                done(makeError(
                    QStringLiteral("the repo pool's allocation has no slot_id or slot_path"),
                    error_type::Parse));
                return;
            }
            done(std::move(slot));
        });
}

HttpCallHandle RepoPoolClient::release(const QString &slotId, const QString &leaseId,
                                       QObject *context, Reply<Ok> done)
{
    HttpRequest r = jsonRequest("POST", QStringLiteral("release_slot"),
                                QStringLiteral("/slots/%1/release").arg(segment(slotId)),
                                QJsonObject{{QStringLiteral("lease_id"), leaseId}});
    // Releasing is idempotent on the pool's side for the same key.
    r.idempotencyKey = QUuid::createUuid().toString(QUuid::WithoutBraces);
    return callStatus(std::move(r), context, std::move(done));
}

HttpCallHandle RepoPoolClient::withdraw(const QString &allocationKey, QObject *context,
                                        Reply<QString> done)
{
    return callJson(
        request("DELETE", QStringLiteral("withdraw_allocation"),
                QStringLiteral("/allocations/%1").arg(segment(allocationKey))),
        context, [done = std::move(done)](const Result<QJsonValue> &answer) {
            if (!answer)
                done(answer.error());
            else
                done(answer->toObject().value(QLatin1String("released_slot_id")).toString());
        });
}

HttpCallHandle RepoPoolClient::renewLease(const QString &slotId, const QString &leaseId,
                                          int leaseSeconds, QObject *context, Reply<Ok> done)
{
    HttpRequest r = jsonRequest("POST", QStringLiteral("renew_slot_lease"),
                                QStringLiteral("/slots/%1/lease").arg(segment(slotId)),
                                QJsonObject{{QStringLiteral("lease_id"), leaseId},
                                            {QStringLiteral("lease_seconds"), leaseSeconds}});
    r.successLogLevel = LogLevel::Debug;
    return callStatus(std::move(r), context, std::move(done));
}

HttpCallHandle RepoPoolClient::getSlot(const QString &slotId, QObject *context,
                                       Reply<QJsonObject> done)
{
    return callJson(request("GET", QStringLiteral("get_slot"),
                            QStringLiteral("/slots/%1").arg(segment(slotId))),
                    context, [done = std::move(done)](const Result<QJsonValue> &r) {
                        if (!r)
                            done(r.error());
                        else
                            done(r->toObject());
                    });
}

HttpCallHandle RepoPoolClient::listPools(QObject *context, Reply<QJsonArray> done)
{
    return callJson(request("GET", QStringLiteral("list_pools"), QStringLiteral("/pools")), context,
                    [done = std::move(done)](const Result<QJsonValue> &r) {
                        if (!r)
                            done(r.error());
                        else if (r->isArray())
                            done(r->toArray());
                        else
                            done(r->toObject().value(QLatin1String("pools")).toArray());
                    });
}

} // namespace necrocode
