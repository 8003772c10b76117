// Client of the Task Registry (SPEC §2.1), speaking the spec-scoped paths.
#pragma once

#include "core/RunResults.h"
#include "net/ServiceClient.h"

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
    HttpCallHandle getTask(const QString &spec, const QString &taskId, QObject *context,
                           Reply<QJsonObject> done);
    HttpCallHandle createTasks(const QString &spec, const QJsonArray &tasks, QObject *context,
                               Reply<QJsonObject> done);
    HttpCallHandle listSpecs(QObject *context, Reply<QJsonArray> done);
    // `state` empty: every task of the spec.
    HttpCallHandle listTasks(const QString &spec, const QString &state, QObject *context,
                             Reply<QJsonArray> done);
    // Moves the next ready task (of `spec`, or of any spec) to running for this runner; the
    // answer is the task, or an empty object when nothing is ready.
    HttpCallHandle claimNext(const QString &runnerId, const QString &spec, QObject *context,
                             Reply<QJsonObject> done);

    static QString taskPath(const QString &spec, const QString &taskId);
    // Now as ISO-8601 UTC with milliseconds.
    static QString timestampNow();
};

} // namespace necrocode
