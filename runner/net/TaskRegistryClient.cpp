#include "net/TaskRegistryClient.h"

#include <QDateTime>
#include <QUuid>

namespace necrocode {

namespace {

Reply<QJsonValue> expectObject(Reply<QJsonObject> done)
{
    return [done = std::move(done)](const Result<QJsonValue> &r) {
        if (!r)
            done(r.error());
        else
            done(r->toObject());
    };
}

// Listing answers are arrays, or objects holding the array under `key`.
Reply<QJsonValue> expectArray(const QString &key, Reply<QJsonArray> done)
{
    return [done = std::move(done), key](const Result<QJsonValue> &r) {
        if (!r)
            done(r.error());
        else if (r->isArray())
            done(r->toArray());
        else
            done(r->toObject().value(key).toArray());
    };
}

} // namespace

TaskRegistryClient::TaskRegistryClient(HttpClient &http, ServiceEndpoint endpoint)
    : ServiceClient(http, QStringLiteral("task_registry"), std::move(endpoint))
{}

QString TaskRegistryClient::taskPath(const QString &spec, const QString &taskId)
{
    return QStringLiteral("/specs/%1/tasks/%2").arg(segment(spec), segment(taskId));
}

QString TaskRegistryClient::timestampNow()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

HttpCallHandle TaskRegistryClient::updateStatus(const QString &spec, const QString &taskId,
                                                const QString &status, const QJsonObject &metadata,
                                                QObject *context, Reply<Ok> done)
{
    const QJsonObject body{{QStringLiteral("status"), status},
                           {QStringLiteral("metadata"), metadata},
                           {QStringLiteral("updated_at"), timestampNow()}};
    return callStatus(leased(jsonRequest("PUT", QStringLiteral("update_status"),
                                         taskPath(spec, taskId) + QStringLiteral("/status"), body),
                             spec, taskId),
                      context, std::move(done));
}

HttpCallHandle TaskRegistryClient::addEvent(const QString &spec, const QString &taskId,
                                            const QString &eventType, const QJsonObject &data,
                                            QObject *context, Reply<Ok> done)
{
    const QJsonObject body{{QStringLiteral("event_type"), eventType},
                           {QStringLiteral("data"), data},
                           {QStringLiteral("timestamp"), timestampNow()}};
    return callStatus(leased(jsonRequest("POST", QStringLiteral("add_event"),
                                         taskPath(spec, taskId) + QStringLiteral("/events"), body),
                             spec, taskId),
                      context, std::move(done));
}

HttpCallHandle TaskRegistryClient::addArtifact(const QString &spec, const QString &taskId,
                                               const ArtifactRecord &artifact, QObject *context,
                                               Reply<Ok> done)
{
    const QJsonObject body{{QStringLiteral("type"), artifact.type},
                           {QStringLiteral("uri"), artifact.uri},
                           {QStringLiteral("size_bytes"), artifact.sizeBytes},
                           {QStringLiteral("metadata"), artifact.metadata},
                           {QStringLiteral("created_at"), timestampNow()}};
    return callStatus(
        leased(jsonRequest("POST", QStringLiteral("add_artifact"),
                           taskPath(spec, taskId) + QStringLiteral("/artifacts"), body),
               spec, taskId),
        context, std::move(done));
}

HttpCallHandle TaskRegistryClient::sendFinalReport(const QString &spec, const QString &taskId,
                                                   const FinalReport &report, QObject *context,
                                                   Reply<bool> done)
{
    const QString now = timestampNow();
    QJsonArray artifacts;
    for (const ArtifactRecord &artifact : report.artifacts)
        artifacts.append(QJsonObject{{QStringLiteral("type"), artifact.type},
                                     {QStringLiteral("uri"), artifact.uri},
                                     {QStringLiteral("size_bytes"), artifact.sizeBytes},
                                     {QStringLiteral("metadata"), artifact.metadata},
                                     {QStringLiteral("created_at"), now}});
    const QJsonObject body{
        {QStringLiteral("status"), report.status},
        {QStringLiteral("metadata"), report.metadata},
        {QStringLiteral("updated_at"), now},
        {QStringLiteral("artifacts"), artifacts},
        {QStringLiteral("event"), QJsonObject{{QStringLiteral("event_type"), report.eventType},
                                              {QStringLiteral("data"), report.eventData},
                                              {QStringLiteral("timestamp"), now}}}};
    HttpRequest put = leased(jsonRequest("PUT", QStringLiteral("final_report"),
                                         taskPath(spec, taskId) + QStringLiteral("/status"), body),
                             spec, taskId);
    // A retry must not record the artifacts and the event twice.
    put.idempotencyKey = QUuid::createUuid().toString(QUuid::WithoutBraces);
    return callJson(
        std::move(put), context,
        [done = std::move(done), expected = artifacts.size()](const Result<QJsonValue> &r) {
            if (!r)
                return done(r.error());
            const QJsonObject answer = r->toObject();
            done(answer.value(QStringLiteral("artifacts_recorded")).toInteger(-1) == expected &&
                 answer.value(QStringLiteral("event_recorded")).toBool());
        });
}

HttpCallHandle TaskRegistryClient::getTask(const QString &spec, const QString &taskId,
                                           QObject *context, Reply<QJsonObject> done)
{
    HttpRequest lookup = request("GET", QStringLiteral("get_task"), taskPath(spec, taskId));
    // A task run from a file is looked up before it is created: "not found" is an answer.
    lookup.expectedStatuses = {404};
    return callJson(std::move(lookup), context, expectObject(std::move(done)));
}

HttpCallHandle TaskRegistryClient::createTasks(const QString &spec, const QJsonArray &tasks,
                                               QObject *context, Reply<QJsonObject> done)
{
    return callJson(jsonRequest("POST", QStringLiteral("create_tasks"),
                                QStringLiteral("/specs/%1/tasks").arg(segment(spec)),
                                QJsonObject{{QStringLiteral("tasks"), tasks}}),
                    context, expectObject(std::move(done)));
}

HttpCallHandle TaskRegistryClient::listSpecs(QObject *context, Reply<QJsonArray> done)
{
    return callJson(request("GET", QStringLiteral("list_specs"), QStringLiteral("/specs")), context,
                    expectArray(QStringLiteral("specs"), std::move(done)));
}

HttpCallHandle TaskRegistryClient::listTasks(const QString &spec, const QString &state,
                                             QObject *context, Reply<QJsonArray> done)
{
    QUrlQuery query;
    if (!state.isEmpty())
        query.addQueryItem(QStringLiteral("state"), state);
    return callJson(request("GET", QStringLiteral("list_tasks"),
                            QStringLiteral("/specs/%1/tasks").arg(segment(spec)), query),
                    context, expectArray(QStringLiteral("tasks"), std::move(done)));
}

HttpCallHandle TaskRegistryClient::claimNext(const QString &runnerId, const QString &spec,
                                             int leaseSeconds, QObject *context,
                                             Reply<QJsonObject> done)
{
    QJsonObject body{{QStringLiteral("runner_id"), runnerId}};
    if (!spec.isEmpty())
        body.insert(QStringLiteral("spec"), spec);
    if (leaseSeconds > 0)
        body.insert(QStringLiteral("lease_seconds"), leaseSeconds);
    HttpRequest request =
        jsonRequest("POST", QStringLiteral("claim_task"), QStringLiteral("/tasks/claim"), body);
    // Workers poll for tasks; the feeder logs each task it does get, and says once when the
    // registry cannot be reached.
    request.successLogLevel = LogLevel::Debug;
    request.failureLogLevel = LogLevel::Debug;
    return callJson(std::move(request), context, expectObject(std::move(done)));
}

HttpCallHandle TaskRegistryClient::renewLease(const QString &spec, const QString &taskId,
                                              const QString &leaseId, int leaseSeconds,
                                              QObject *context, Reply<Ok> done)
{
    QJsonObject body{{QStringLiteral("lease_id"), leaseId}};
    if (leaseSeconds > 0)
        body.insert(QStringLiteral("lease_seconds"), leaseSeconds);
    HttpRequest request = jsonRequest("POST", QStringLiteral("renew_lease"),
                                      taskPath(spec, taskId) + QStringLiteral("/lease"), body);
    request.successLogLevel = LogLevel::Debug;
    return callStatus(std::move(request), context, std::move(done));
}

HttpCallHandle TaskRegistryClient::heartbeat(const QString &workerId, const QJsonObject &body,
                                             QObject *context, Reply<Ok> done)
{
    HttpRequest request =
        jsonRequest("POST", QStringLiteral("heartbeat"),
                    QStringLiteral("/workers/%1/heartbeat").arg(segment(workerId)), body);
    request.successLogLevel = LogLevel::Debug;
    request.failureLogLevel = LogLevel::Debug; // the heartbeat says once when it cannot beat
    return callStatus(std::move(request), context, std::move(done));
}

HttpCallHandle TaskRegistryClient::listWorkers(QObject *context, Reply<QJsonArray> done)
{
    return callJson(request("GET", QStringLiteral("list_workers"), QStringLiteral("/workers")),
                    context, expectArray(QStringLiteral("workers"), std::move(done)));
}

void TaskRegistryClient::holdLease(const QString &spec, const QString &taskId,
                                   const QString &leaseId)
{
    if (leaseId.isEmpty())
        m_leases.remove(taskPath(spec, taskId));
    else
        m_leases.insert(taskPath(spec, taskId), leaseId);
}

bool TaskRegistryClient::isLeaseRefusal(const Error &error)
{
    return error.kind == QLatin1String("http_409") &&
           error.message.contains(QLatin1String("lease"), Qt::CaseInsensitive);
}

void TaskRegistryClient::dropLease(const QString &spec, const QString &taskId)
{
    m_leases.remove(taskPath(spec, taskId));
}

HttpRequest TaskRegistryClient::leased(HttpRequest request, const QString &spec,
                                       const QString &taskId) const
{
    const QString lease = m_leases.value(taskPath(spec, taskId));
    if (!lease.isEmpty())
        request.headers.append({QByteArrayLiteral("Lease-Id"), lease.toUtf8()});
    return request;
}

} // namespace necrocode
