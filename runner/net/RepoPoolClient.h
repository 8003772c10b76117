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
    // pool's default) unless released earlier.
    HttpCallHandle allocate(const QString &repoUrl, const QString &requiredBy, int waitSeconds,
                            int leaseSeconds, QObject *context, Reply<SlotAllocation> done);
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
