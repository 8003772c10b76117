// Client of the Task Registry (SPEC §2.1), speaking the spec-scoped paths.
#pragma once

#include "core/RunResults.h"
#include "net/ServiceClient.h"

#include <QHash>
#include <QJsonArray>

namespace necrocode {

class TaskRegistryClient : public ServiceClient
{
public:
    TaskRegistryClient(HttpClient &http, ServiceEndpoint endpoint);

    HttpCallHandle updateStatus(const QString &spec, const QString &taskId, const QString &status,
                                const QJsonObject &metadata, QObject *context, Reply<Ok> done);
    HttpCallHandle addEvent(const QString &spec, const QString &taskId, const QString &eventType,
                            const QJsonObject &data, QObject *context, Reply<Ok> done);
    HttpCallHandle addArtifact(const QString &spec, const QString &taskId,
                               const ArtifactRecord &artifact, QObject *context, Reply<Ok> done);
    // A run's last report: its status with the artifacts and the event of the same moment.
    struct FinalReport
    {
        QString status;
        QJsonObject metadata;
        QList<ArtifactRecord> artifacts;
        QString eventType;
        QJsonObject eventData;
    };
    // One PUT …/status carrying the artifacts and the event, which this project's registry
    // records in the transaction of the status change. Succeeds with true when the registry
    // says it recorded them all, with false when it only took the status (a registry that
    // ignores the two fields): then the caller records them with addArtifact and addEvent.
    HttpCallHandle sendFinalReport(const QString &spec, const QString &taskId,
                                   const FinalReport &report, QObject *context, Reply<bool> done);
    HttpCallHandle getTask(const QString &spec, const QString &taskId, QObject *context,
                           Reply<QJsonObject> done);
    HttpCallHandle createTasks(const QString &spec, const QJsonArray &tasks, QObject *context,
                               Reply<QJsonObject> done);
    HttpCallHandle listSpecs(QObject *context, Reply<QJsonArray> done);
    // `state` empty: every task of the spec.
    HttpCallHandle listTasks(const QString &spec, const QString &state, QObject *context,
                             Reply<QJsonArray> done);
    // Moves the next ready task (of `spec`, or of any spec) to running for this runner with a
    // lease of `leaseSeconds` (0: the registry's default); the answer is the task with its
    // lease_id, or an empty object when nothing is ready.
    HttpCallHandle claimNext(const QString &runnerId, const QString &spec, int leaseSeconds,
                             QObject *context, Reply<QJsonObject> done);
    HttpCallHandle renewLease(const QString &spec, const QString &taskId, const QString &leaseId,
                              int leaseSeconds, QObject *context, Reply<Ok> done);

    // The worker's heartbeat (POST /workers/{id}/heartbeat) and the fleet's list (GET /workers).
    HttpCallHandle heartbeat(const QString &workerId, const QJsonObject &body, QObject *context,
                             Reply<Ok> done);
    HttpCallHandle listWorkers(QObject *context, Reply<QJsonArray> done);

    // The lease this client holds on a task: its status updates, events and artifacts carry it
    // (header Lease-Id), so that the registry refuses them once the lease has ended.
    void holdLease(const QString &spec, const QString &taskId, const QString &leaseId);
    void dropLease(const QString &spec, const QString &taskId);
    // The registry refused a request because the lease it carried has ended (409 naming the
    // lease): the task is no longer this client's to report on.
    static bool isLeaseRefusal(const Error &error);

    static QString taskPath(const QString &spec, const QString &taskId);
    // Now as ISO-8601 UTC with milliseconds.
    static QString timestampNow();

private:
    // The request with the Lease-Id of the task, when this client holds one.
    HttpRequest leased(HttpRequest request, const QString &spec, const QString &taskId) const;

    QHash<QString, QString> m_leases; // taskPath -> lease id
};

} // namespace necrocode
