#include "registry/TaskRegistryService.h"

#include "core/JsonFields.h"
#include "registry/RegistryRequests.h"

#include <QDateTime>

namespace necrocode {

namespace {

using Method = QHttpServerRequest::Method;

template <typename T> QJsonArray recordsToJson(const QList<T> &items)
{
    QJsonArray array;
    for (const T &item : items)
        array.append(item.toJson());
    return array;
}

} // namespace

HttpResponse registryErrorResponse(const Error &error)
{
    if (error.kind == QLatin1String("not_found"))
        return HttpResponse::error(404, error.message);
    if (error.kind == QLatin1String("conflict"))
        return HttpResponse::error(409, error.message);
    if (error.kind == QLatin1String("invalid") || error.kind == QLatin1String("parse"))
        return HttpResponse::error(400, error.message);
    return HttpResponse::error(500, error.message);
}

Result<std::unique_ptr<TaskRegistryService>> TaskRegistryService::open(const QString &dataDirectory)
{
    return open(RegistryDatabase::sqlite(dataDirectory));
}

Result<std::unique_ptr<TaskRegistryService>>
TaskRegistryService::open(const RegistryDatabase &database)
{
    Result<std::unique_ptr<TaskRegistryStore>> store = TaskRegistryStore::open(database);
    if (!store)
        return store.error();
    return std::unique_ptr<TaskRegistryService>(new TaskRegistryService(std::move(store).value()));
}

TaskRegistryService::TaskRegistryService(std::unique_ptr<TaskRegistryStore> store)
    : m_store(std::move(store)), m_http(QStringLiteral("task_registry"))
{
    m_http.setRequestLimits(RequestLimits{kDefaultMaxRequestBytes});
    // Probes are open to anyone: the reason names no host, user or database.
    m_http.setReadinessCheck([this] {
        return m_store->ping() ? QString()
                               : QStringLiteral("the registry's database does not answer");
    });
    addRoutes();
    m_leaseSweep.setInterval(kLeaseSweepIntervalMs);
    QObject::connect(&m_leaseSweep, &QTimer::timeout, &m_leaseSweep,
                     [this] { sweepExpiredLeases(); });
    m_leaseSweep.start();
}

Result<quint16> TaskRegistryService::listen(const QHostAddress &address, quint16 port)
{
    return m_http.listenOn(address, port);
}

QUrl TaskRegistryService::baseUrl() const
{
    return m_http.baseUrl();
}

FaultInjector &TaskRegistryService::faults()
{
    return m_http.faults();
}

void TaskRegistryService::addRoutes()
{
    Router &r = m_http.router();
    r.route(Method::Get, QStringLiteral("/health"),
            [this](const HttpRequestData &, const PathParams &) { return health(); });
    r.route(Method::Get, QStringLiteral("/specs"),
            [this](const HttpRequestData &, const PathParams &) { return listSpecs(); });
    r.route(Method::Post, QStringLiteral("/workers/{id}/heartbeat"),
            [this](const HttpRequestData &request, const PathParams &p) {
                return heartbeat(p.value(QStringLiteral("id")), request);
            });
    r.route(Method::Get, QStringLiteral("/workers"),
            [this](const HttpRequestData &, const PathParams &) { return listWorkers(); });
    r.route(Method::Post, QStringLiteral("/tasks/claim"),
            [this](const HttpRequestData &request, const PathParams &) {
                // Swept before the request's own transaction: a sweep that fails does not take
                // the claim down with it.
                sweepExpiredLeases();
                return idempotent(request, [&] { return claimNext(request); });
            });
    addTaskRoutes();
}

void TaskRegistryService::addTaskRoutes()
{
    Router &r = m_http.router();
    r.route(Method::Post, QStringLiteral("/specs/{spec}/tasks"),
            [this](const HttpRequestData &request, const PathParams &p) {
                return idempotent(request, [&] {
                    return upsertTaskSet(p.value(QStringLiteral("spec")), request);
                });
            });
    r.route(Method::Get, QStringLiteral("/specs/{spec}/tasks"),
            [this](const HttpRequestData &request, const PathParams &p) {
                return listTasks(p.value(QStringLiteral("spec")), request);
            });

    struct TaskRoute
    {
        Method method;
        const char *suffix;
        TaskOperation operation;
        bool mutating;
        bool legacyPathToo; // also served on /tasks/{id}...
    };
    const TaskRoute routes[] = {
        {Method::Get, "", &TaskRegistryService::getTask, false, true},
        {Method::Put, "/status", &TaskRegistryService::putStatus, true, true},
        {Method::Post, "/events", &TaskRegistryService::postEvent, true, true},
        {Method::Get, "/events", &TaskRegistryService::getEvents, false, true},
        {Method::Post, "/artifacts", &TaskRegistryService::postArtifact, true, true},
        {Method::Get, "/artifacts", &TaskRegistryService::getArtifacts, false, true},
        {Method::Post, "/claim", &TaskRegistryService::claimTask, true, false},
        {Method::Post, "/lease", &TaskRegistryService::renewLease, true, true},
    };
    for (const TaskRoute &route : routes) {
        const TaskOperation operation = route.operation;
        const bool mutating = route.mutating;
        r.route(route.method,
                QStringLiteral("/specs/{spec}/tasks/{id}") + QLatin1String(route.suffix),
                [this, operation, mutating](const HttpRequestData &request, const PathParams &p) {
                    if (operation == &TaskRegistryService::claimTask)
                        sweepExpiredLeases();
                    const auto run = [&] {
                        return (this->*operation)(p.value(QStringLiteral("spec")),
                                                  p.value(QStringLiteral("id")), request);
                    };
                    return mutating ? idempotent(request, run) : run();
                });
        if (!route.legacyPathToo)
            continue;
        r.route(route.method, QStringLiteral("/tasks/{id}") + QLatin1String(route.suffix),
                [this, operation, mutating](const HttpRequestData &request, const PathParams &p) {
                    const auto run = [&] {
                        return onLegacyTask(p.value(QStringLiteral("id")), request, operation);
                    };
                    return mutating ? idempotent(request, run) : run();
                });
    }
}

HttpResponse TaskRegistryService::onLegacyTask(const QString &id, const HttpRequestData &request,
                                               TaskOperation operation)
{
    const Result<QStringList> specs = m_store->specsWithTask(id);
    if (!specs)
        return registryErrorResponse(specs.error());
    if (specs->isEmpty())
        return HttpResponse::error(404, QStringLiteral("unknown task '%1'").arg(id));
    if (specs->size() > 1)
        return HttpResponse::error(
            409,
            QStringLiteral("task id '%1' is ambiguous: specs %2 all hold it; use "
                           "/specs/{spec}/tasks/%1")
                .arg(id, specs->join(QStringLiteral(", "))),
            QJsonObject{{QStringLiteral("specs"), json::toJsonArray(*specs)}});
    return (this->*operation)(specs->first(), id, request);
}

HttpResponse TaskRegistryService::idempotent(const HttpRequestData &request,
                                             const std::function<HttpResponse()> &handle)
{
    const QString key = QString::fromUtf8(request.header("Idempotency-Key")).trimmed();
    HttpResponse response;
    if (key.isEmpty()) {
        // One transaction all the same: a report's lease check and its change see the same
        // task, however many registry processes share the database.
        const Status status = m_store->runTransaction([&]() -> Status {
            response = handle();
            if (response.status >= 500)
                return makeError(QStringLiteral("not recorded"), QStringLiteral("storage"));
            return Ok{};
        });
        if (!status && response.status < 500)
            return registryErrorResponse(status.error());
        return response;
    }
    const QString method = request.methodName();
    const Status status = m_store->runTransaction([&]() -> Status {
        if (Status locked = m_store->lockIdempotencyKey(key, method, request.path); !locked)
            return locked;
        Result<std::optional<TaskRegistryStore::StoredResponse>> stored =
            m_store->storedResponse(key, method, request.path);
        if (!stored)
            return stored.error();
        if (stored.value()) {
            const TaskRegistryStore::StoredResponse &first = *stored.value();
            response = HttpResponse::bytes(first.status, first.body, first.contentType);
            response.withHeader("Idempotent-Replayed", "true");
            return Ok{};
        }
        response = handle();
        if (response.status >= 500)
            return makeError(QStringLiteral("not recorded"), QStringLiteral("storage"));
        return m_store->storeResponse(
            key, method, request.path,
            {response.status, response.header("Content-Type"), response.body});
    });
    if (!status && response.status < 500)
        return registryErrorResponse(status.error());
    return response;
}

HttpResponse TaskRegistryService::health()
{
    const Result<QList<SpecSummary>> specs = m_store->specs();
    if (!specs)
        return HttpResponse::error(503, specs.errorMessage());
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
                                               {QStringLiteral("service"), m_http.serviceName()},
                                               {QStringLiteral("specs"), specs->size()}});
}

HttpResponse TaskRegistryService::listSpecs()
{
    const Result<QList<SpecSummary>> specs = m_store->specs();
    if (!specs)
        return registryErrorResponse(specs.error());
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("specs"), recordsToJson(*specs)}});
}

HttpResponse TaskRegistryService::upsertTaskSet(const QString &spec, const HttpRequestData &request)
{
    const Result<QList<TaskDefinition>> definitions = parseTaskSetBody(request.body);
    if (!definitions)
        return registryErrorResponse(definitions.error());
    const Result<TaskSetChange> change = m_store->upsertTaskSet(spec, *definitions);
    if (!change)
        return registryErrorResponse(change.error());
    return HttpResponse::json(
        change->created.isEmpty() ? 200 : 201,
        QJsonObject{{QStringLiteral("spec_name"), spec},
                    {QStringLiteral("created"), json::toJsonArray(change->created)},
                    {QStringLiteral("updated"), json::toJsonArray(change->updated)},
                    {QStringLiteral("unchanged"), json::toJsonArray(change->unchanged)},
                    {QStringLiteral("tasks"), recordsToJson(change->tasks)}});
}

HttpResponse TaskRegistryService::listTasks(const QString &spec, const HttpRequestData &request)
{
    std::optional<TaskState> filter;
    const QString stateName = request.queryValue(QStringLiteral("state"));
    if (!stateName.isEmpty()) {
        filter = parseTaskState(stateName);
        if (!filter)
            return HttpResponse::error(
                400, QStringLiteral("'state' must be one of %1, got '%2'")
                         .arg(taskStateNames().join(QStringLiteral(", ")), stateName));
    }
    const Result<QList<TaskRecord>> tasks = m_store->tasks(spec, filter);
    if (!tasks)
        return registryErrorResponse(tasks.error());
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("spec_name"), spec},
                                               {QStringLiteral("tasks"), recordsToJson(*tasks)}});
}

HttpResponse TaskRegistryService::claimNext(const HttpRequestData &request)
{
    const Result<ClaimBody> body = parseClaimBody(request.body);
    if (!body)
        return registryErrorResponse(body.error());
    const Result<std::optional<TaskRecord>> claimed = m_store->claimNext(
        body->runnerId, body->spec, 1000LL * body->leaseSeconds.value_or(m_leases.leaseSeconds));
    if (!claimed)
        return registryErrorResponse(claimed.error());
    if (!claimed.value())
        return HttpResponse::empty(204);
    return HttpResponse::json(200, claimed.value()->toClaimJson());
}

HttpResponse TaskRegistryService::getTask(const QString &spec, const QString &id,
                                          const HttpRequestData &)
{
    const Result<TaskRecord> task = m_store->task(spec, id);
    if (!task)
        return registryErrorResponse(task.error());
    return HttpResponse::json(200, task->toJson());
}

HttpResponse TaskRegistryService::putStatus(const QString &spec, const QString &id,
                                            const HttpRequestData &request)
{
    const Result<StatusBody> body = parseStatusBody(request.body);
    if (!body)
        return registryErrorResponse(body.error());
    if (std::optional<HttpResponse> refused = refusedByLease(spec, id, request))
        return *refused;
    const Result<TaskRecord> before = m_store->task(spec, id);
    if (!before)
        return registryErrorResponse(before.error());
    const Result<TaskRecord> after = m_store->changeState(spec, id, body->change);
    if (!after) {
        HttpResponse response = registryErrorResponse(after.error());
        if (response.status == 409)
            response = HttpResponse::error(
                409, after.errorMessage(),
                QJsonObject{{QStringLiteral("from"), taskStateName(before->state)},
                            {QStringLiteral("to"), taskStateName(body->change.to)}});
        return response;
    }
    // Whatever fails from here answers 5xx, which rolls the status change back with it: the
    // change, the artifacts and the event are recorded together or not at all.
    const auto notRecorded = [](const Error &error) {
        return HttpResponse::error(
            500, QStringLiteral("the status change was not recorded: %1").arg(error.message));
    };
    for (const TaskArtifact &given : body->artifacts) {
        TaskArtifact artifact = given; // recorded under the task of the path
        artifact.spec = spec;
        artifact.taskId = id;
        if (const Result<TaskArtifact> recorded = m_store->addArtifact(artifact); !recorded)
            return notRecorded(recorded.error());
    }
    if (body->event) {
        const Result<TaskEvent> event = m_store->addEvent(
            spec, id, body->event->eventType, body->event->data, body->event->timestamp);
        if (!event)
            return notRecorded(event.error());
    }
    QJsonObject answer = after->toJson();
    answer.insert(QStringLiteral("artifacts_recorded"), body->artifacts.size());
    answer.insert(QStringLiteral("event_recorded"), body->event.has_value());
    return HttpResponse::json(200, answer);
}

HttpResponse TaskRegistryService::postEvent(const QString &spec, const QString &id,
                                            const HttpRequestData &request)
{
    const Result<EventBody> body = parseEventBody(request.body);
    if (!body)
        return registryErrorResponse(body.error());
    if (std::optional<HttpResponse> refused = refusedByLease(spec, id, request))
        return *refused;
    const Result<TaskEvent> event =
        m_store->addEvent(spec, id, body->eventType, body->data, body->timestamp);
    if (!event)
        return registryErrorResponse(event.error());
    return HttpResponse::json(201, event->toJson());
}

HttpResponse TaskRegistryService::getEvents(const QString &spec, const QString &id,
                                            const HttpRequestData &)
{
    const Result<QList<TaskEvent>> events = m_store->events(spec, id);
    if (!events)
        return registryErrorResponse(events.error());
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("spec_name"), spec},
                                               {QStringLiteral("task_id"), id},
                                               {QStringLiteral("events"), recordsToJson(*events)}});
}

HttpResponse TaskRegistryService::postArtifact(const QString &spec, const QString &id,
                                               const HttpRequestData &request)
{
    Result<TaskArtifact> body = parseArtifactBody(request.body);
    if (!body)
        return registryErrorResponse(body.error());
    if (std::optional<HttpResponse> refused = refusedByLease(spec, id, request))
        return *refused;
    body.value().spec = spec;
    body.value().taskId = id;
    const Result<TaskArtifact> artifact = m_store->addArtifact(*body);
    if (!artifact)
        return registryErrorResponse(artifact.error());
    return HttpResponse::json(201, artifact->toJson());
}

HttpResponse TaskRegistryService::getArtifacts(const QString &spec, const QString &id,
                                               const HttpRequestData &)
{
    const Result<QList<TaskArtifact>> artifacts = m_store->artifacts(spec, id);
    if (!artifacts)
        return registryErrorResponse(artifacts.error());
    return HttpResponse::json(
        200, QJsonObject{{QStringLiteral("spec_name"), spec},
                         {QStringLiteral("task_id"), id},
                         {QStringLiteral("artifacts"), recordsToJson(*artifacts)}});
}

HttpResponse TaskRegistryService::claimTask(const QString &spec, const QString &id,
                                            const HttpRequestData &request)
{
    const Result<ClaimBody> body = parseClaimBody(request.body);
    if (!body)
        return registryErrorResponse(body.error());
    const Result<TaskRecord> task = m_store->claim(
        spec, id, body->runnerId, 1000LL * body->leaseSeconds.value_or(m_leases.leaseSeconds));
    if (!task)
        return registryErrorResponse(task.error());
    return HttpResponse::json(200, task->toClaimJson());
}

HttpResponse TaskRegistryService::renewLease(const QString &spec, const QString &id,
                                             const HttpRequestData &request)
{
    const Result<LeaseBody> body = parseLeaseBody(request.body);
    if (!body)
        return registryErrorResponse(body.error());
    // An expired lease is refused as it is (checkLease), swept or not yet.
    const Result<TaskRecord> task = m_store->renewLease(
        spec, id, body->leaseId, 1000LL * body->leaseSeconds.value_or(m_leases.leaseSeconds));
    if (!task)
        return registryErrorResponse(task.error());
    return HttpResponse::json(200, task->toJson());
}

HttpResponse TaskRegistryService::heartbeat(const QString &workerId, const HttpRequestData &request)
{
    const Result<WorkerRecord> beat = parseHeartbeat(workerId, request.body);
    if (!beat)
        return registryErrorResponse(beat.error());
    const Result<WorkerRecord> stored = m_store->recordHeartbeat(*beat);
    if (!stored)
        return registryErrorResponse(stored.error());
    return HttpResponse::json(200, stored->toJson(stored->lastSeenMs));
}

HttpResponse TaskRegistryService::listWorkers()
{
    const Result<QList<WorkerRecord>> workers = m_store->workers();
    if (!workers)
        return registryErrorResponse(workers.error());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QJsonArray list;
    for (const WorkerRecord &worker : *workers)
        list.append(worker.toJson(now));
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("workers"), list}});
}

void TaskRegistryService::sweepExpiredLeases()
{
    // A failed sweep (a busy database) is retried by the next one.
    (void)m_store->requeueExpiredLeases(m_leases.maxAttempts);
}

std::optional<HttpResponse> TaskRegistryService::refusedByLease(const QString &spec,
                                                                const QString &id,
                                                                const HttpRequestData &request)
{
    const QString leaseId = QString::fromUtf8(request.header("Lease-Id")).trimmed();
    if (leaseId.isEmpty())
        return std::nullopt; // a client without leases (a task it did not claim)
    if (Status current = m_store->checkLease(spec, id, leaseId); !current)
        return registryErrorResponse(current.error());
    return std::nullopt;
}

} // namespace necrocode
