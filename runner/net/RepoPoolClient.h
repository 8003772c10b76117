// Client of the Repo Pool (SPEC §2.2): allocate and release git working copies.
#pragma once

#include "net/ServiceClient.h"

#include <QJsonArray>

namespace necrocode {

struct SlotAllocation
{
    QString slotId;
    QString slotPath;
    QJsonObject raw; // everything the pool said about the slot
};

class RepoPoolClient : public ServiceClient
{
public:
    RepoPoolClient(HttpClient &http, ServiceEndpoint endpoint);

    // The pool may wait up to `waitSeconds` for a free slot; the request's own deadline is
    // extended to cover that wait.
    HttpCallHandle allocate(const QString &repoUrl, const QString &requiredBy, int waitSeconds,
                            QObject *context, Reply<SlotAllocation> done);
    HttpCallHandle release(const QString &slotId, QObject *context, Reply<Ok> done);
    HttpCallHandle getSlot(const QString &slotId, QObject *context, Reply<QJsonObject> done);
    HttpCallHandle listPools(QObject *context, Reply<QJsonArray> done);
};

} // namespace necrocode
