// Client of the Repo Pool (SPEC §2.2): allocate and release git working copies.
#pragma once

#include "net/ServiceClient.h"

#include <QJsonArray>

namespace necrocode {

struct SlotAllocation
{
    QString slotId;
    QString slotPath;
    QString leaseId; // needed to release the slot; never logged
    QJsonObject raw; // everything the pool said about the slot
};

class RepoPoolClient : public ServiceClient
{
public:
    RepoPoolClient(HttpClient &http, ServiceEndpoint endpoint);

    // The pool may wait up to `waitSeconds` for a free slot; the request's own deadline is
    // extended to cover that wait. The slot stays this caller's for `leaseSeconds` (0: the
    // pool's default) unless released earlier. `allocationKey` is sent as the Idempotency-Key:
    // a retry after a lost answer gets the same slot, and withdraw() frees it.
    HttpCallHandle allocate(const QString &repoUrl, const QString &requiredBy, int waitSeconds,
                            int leaseSeconds, const QString &allocationKey, QObject *context,
                            Reply<SlotAllocation> done);
    // Gives up the allocation requested with `allocationKey`, whether or not its answer arrived:
    // a slot the pool handed out for it is released. The id of that slot, or an empty string.
    // A pool without this call answers 404 or 405 (errors of kind http_404, http_405).
    HttpCallHandle withdraw(const QString &allocationKey, QObject *context, Reply<QString> done);
    // Releases with the lease the allocation returned: a slot that was meanwhile given to
    // another caller is refused (409), never freed.
    HttpCallHandle release(const QString &slotId, const QString &leaseId, QObject *context,
                           Reply<Ok> done);
    // Extends the allocation's lease by `leaseSeconds` from now (the run renews it while it
    // lasts, so that a slot of a worker that died returns to the pool soon).
    HttpCallHandle renewLease(const QString &slotId, const QString &leaseId, int leaseSeconds,
                              QObject *context, Reply<Ok> done);
    HttpCallHandle getSlot(const QString &slotId, QObject *context, Reply<QJsonObject> done);
    HttpCallHandle listPools(QObject *context, Reply<QJsonArray> done);
};

} // namespace necrocode
