#include "registry/TaskRegistryStore.h"

#include "UtcTimestamp.h"
#include "registry/TaskGraph.h"
#include "registry/TaskRegistrySchema.h"
#include "registry/TaskRows.h"

#include <QAtomicInteger>
#include <QDateTime>
#include <QDir>
#include <QHash>
#include <QSet>
#include <QSqlError>
#include <QUuid>

namespace necrocode {

namespace {

Error notFound(const QString &message)
{
    return makeError(message, QStringLiteral("not_found"));
}

Error conflict(const QString &message)
{
    return makeError(message, QStringLiteral("conflict"));
}

Error invalid(const QString &message)
{
    return makeError(message, QStringLiteral("invalid"));
}

} // namespace

Result<QList<TaskRecord>> TaskRegistryStore::loadTasks(const QString &spec)
{
    Result<QSqlQuery> q = exec(QStringLiteral("SELECT ") + taskColumns +
                                   QStringLiteral(" FROM tasks WHERE spec = ? ORDER BY position"),
                               {spec});
    if (!q)
        return q.error();
    QList<TaskRecord> tasks;
    while (q.value().next())
        tasks.append(taskFromRow(q.value()));
    return tasks;
}

Result<std::optional<TaskRecord>> TaskRegistryStore::findTask(const QString &spec,
                                                              const QString &id)
{
    // In a PostgreSQL transaction the row stays locked until it ends: another registry process
    // on the same database waits instead of changing it from the same starting point.
    Result<QSqlQuery> q =
        exec(QStringLiteral("SELECT ") + taskColumns +
                 QStringLiteral(" FROM tasks WHERE spec = ? AND id = ?") + lockedForUpdate(),
             {spec, id});
    if (!q)
        return q.error();
    if (!q.value().next())
        return std::optional<TaskRecord>();
    return std::optional<TaskRecord>(taskFromRow(q.value()));
}

Result<TaskRecord> TaskRegistryStore::requireTask(const QString &spec, const QString &id)
{
    Result<std::optional<TaskRecord>> found = findTask(spec, id);
    if (!found)
        return found.error();
    if (!found.value())
        return notFound(QStringLiteral("unknown task '%1' in spec '%2'").arg(id, spec));
    return *found.value();
}

Status TaskRegistryStore::requireSpec(const QString &spec)
{
    Result<QSqlQuery> q = exec(QStringLiteral("SELECT 1 FROM specs WHERE name = ?"), {spec});
    if (!q)
        return q.error();
    if (!q.value().next())
        return notFound(QStringLiteral("unknown spec '%1'").arg(spec));
    return Ok{};
}

Status TaskRegistryStore::touchSpec(const QString &spec, const QString &now)
{
    Result<QSqlQuery> q = exec(QStringLiteral("INSERT INTO specs (name, created_at, updated_at) "
                                              "VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                                              "updated_at = excluded.updated_at"),
                               {spec, now, now});
    if (!q)
        return q.error();
    return Ok{};
}

Status TaskRegistryStore::writeState(const TaskRecord &task, TaskState state, const QString &now)
{
    Result<QSqlQuery> q =
        exec(QStringLiteral("UPDATE tasks SET state = ?, assigned_to = ?, status_metadata = ?, "
                            "updated_at = ? WHERE spec = ? AND id = ?"),
             {taskStateName(state), task.assignedTo, toJsonText(task.statusMetadata), now,
              task.spec, task.id()});
    if (!q)
        return q.error();
    return touchSpec(task.spec, now);
}

Result<TaskEvent> TaskRegistryStore::insertEvent(const QString &spec, const QString &id,
                                                 const QString &eventType, const QJsonObject &data,
                                                 const QString &timestamp)
{
    TaskEvent event;
    event.spec = spec;
    event.taskId = id;
    event.eventType = eventType;
    event.data = data;
    event.timestamp = timestamp;
    event.recordedAt = isoUtcNow();
    Result<qint64> sequence = insertReturningSequence(
        QStringLiteral("INSERT INTO events (spec, task_id, event_type, "
                       "data, timestamp, recorded_at) VALUES (?, ?, ?, "
                       "?, ?, ?)"),
        {spec, id, eventType, toJsonText(data), timestamp, event.recordedAt});
    if (!sequence)
        return sequence.error();
    event.sequence = *sequence;
    return event;
}

Status TaskRegistryStore::promoteDependentsOf(const QString &spec, const QString &id,
                                              const QString &now)
{
    Result<QList<TaskRecord>> tasks = loadTasks(spec);
    if (!tasks)
        return tasks.error();
    const QSet<QString> done = doneIds(*tasks);
    for (const TaskRecord &task : *tasks) {
        if (task.state != TaskState::Blocked || !task.definition.dependencies.contains(id) ||
            !dependenciesDone(task.definition, done))
            continue;
        if (Status written = writeState(task, TaskState::Ready, now); !written)
            return written;
        const QJsonObject data{{QStringLiteral("from"), QStringLiteral("blocked")},
                               {QStringLiteral("to"), QStringLiteral("ready")},
                               {QStringLiteral("reason"), QStringLiteral("dependencies done")}};
        if (Result<TaskEvent> e =
                insertEvent(spec, task.id(), QStringLiteral("TaskReady"), data, now);
            !e)
            return e.error();
    }
    return Ok{};
}

Status TaskRegistryStore::blockDependentsOf(const QString &spec, const QString &id,
                                            const QString &now)
{
    Result<QList<TaskRecord>> tasks = loadTasks(spec);
    if (!tasks)
        return tasks.error();
    for (const TaskRecord &task : *tasks) {
        if (task.state != TaskState::Ready || !task.definition.dependencies.contains(id))
            continue;
        if (Status written = writeState(task, TaskState::Blocked, now); !written)
            return written;
        const QJsonObject data{{QStringLiteral("from"), QStringLiteral("ready")},
                               {QStringLiteral("to"), QStringLiteral("blocked")},
                               {QStringLiteral("reason"),
                                QStringLiteral("dependency '%1' is no longer done").arg(id)}};
        if (Result<TaskEvent> e =
                insertEvent(spec, task.id(), QStringLiteral("TaskUpdated"), data, now);
            !e)
            return e.error();
    }
    return Ok{};
}

Result<TaskSetChange> TaskRegistryStore::upsertTaskSet(const QString &spec,
                                                       const QList<TaskDefinition> &definitions)
{
    if (spec.trimmed().isEmpty())
        return invalid(QStringLiteral("the spec name must not be empty"));
    QSet<QString> seen;
    for (qsizetype i = 0; i < definitions.size(); ++i) {
        if (seen.contains(definitions.at(i).id))
            return invalid(QStringLiteral("'tasks[%1].id' repeats the id '%2'")
                               .arg(i)
                               .arg(definitions.at(i).id));
        seen.insert(definitions.at(i).id);
    }

    return transaction([&]() -> Result<TaskSetChange> {
        const QString now = isoUtcNow();
        // Concurrent upserts of one spec take turns (PostgreSQL; SQLite has one writer anyway).
        if (Status locked = lockSpecForUpsert(spec); !locked)
            return locked.error();
        Result<QList<TaskRecord>> existingTasks = loadTasks(spec);
        if (!existingTasks)
            return existingTasks.error();
        QHash<QString, TaskRecord> existing;
        QHash<QString, QStringList> graph;
        int nextPosition = 0;
        for (const TaskRecord &t : *existingTasks) {
            existing.insert(t.id(), t);
            graph.insert(t.id(), t.definition.dependencies);
            nextPosition = std::max(nextPosition, t.position + 1);
        }
        for (const TaskDefinition &d : definitions)
            graph.insert(d.id, d.dependencies);
        if (const QString cycle = findCycle(graph); !cycle.isEmpty())
            return invalid(QStringLiteral("the dependencies form a cycle: %1").arg(cycle));
        if (Status touched = touchSpec(spec, now); !touched)
            return touched.error();

        const QSet<QString> done = doneIds(*existingTasks);
        TaskSetChange change;
        for (const TaskDefinition &d : definitions) {
            const bool satisfied = dependenciesDone(d, done);
            if (existing.contains(d.id)) {
                TaskRecord current = existing.value(d.id);
                if (current.definition.sameDefinitionAs(d)) {
                    change.unchanged.append(d.id);
                    continue;
                }
                Result<QSqlQuery> q = exec(
                    QStringLiteral("UPDATE tasks SET title = ?, description = ?, "
                                   "acceptance_criteria = ?, dependencies = ?, required_skill = ?, "
                                   "metadata = ?, updated_at = ? WHERE spec = ? AND id = ?"),
                    {d.title, d.description, toJsonText(d.acceptanceCriteria),
                     toJsonText(d.dependencies), d.requiredSkill, toJsonText(d.metadata), now, spec,
                     d.id});
                if (!q)
                    return q.error();
                QJsonObject data{{QStringLiteral("reason"), QStringLiteral("definition changed")}};
                const bool dependenciesChanged = current.definition.dependencies != d.dependencies;
                std::optional<TaskState> next;
                if (dependenciesChanged && current.state == TaskState::Ready && !satisfied)
                    next = TaskState::Blocked;
                else if (dependenciesChanged && current.state == TaskState::Blocked && satisfied)
                    next = TaskState::Ready;
                if (next) {
                    if (Status written = writeState(current, *next, now); !written)
                        return written.error();
                    data.insert(QStringLiteral("from"), taskStateName(current.state));
                    data.insert(QStringLiteral("to"), taskStateName(*next));
                }
                if (Result<TaskEvent> e =
                        insertEvent(spec, d.id, QStringLiteral("TaskUpdated"), data, now);
                    !e)
                    return e.error();
                change.updated.append(d.id);
                continue;
            }
            const TaskState state = satisfied ? TaskState::Ready : TaskState::Blocked;
            Result<QSqlQuery> q =
                exec(QStringLiteral("INSERT INTO tasks (") + taskDefinitionColumns +
                         QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                     {spec, d.id, nextPosition++, d.title, d.description,
                      toJsonText(d.acceptanceCriteria), toJsonText(d.dependencies), d.requiredSkill,
                      toJsonText(d.metadata), taskStateName(state), QString(), QStringLiteral("{}"),
                      now, now});
            if (!q)
                return q.error();
            const QJsonObject created{{QStringLiteral("title"), d.title},
                                      {QStringLiteral("state"), taskStateName(state)}};
            if (Result<TaskEvent> e =
                    insertEvent(spec, d.id, QStringLiteral("TaskCreated"), created, now);
                !e)
                return e.error();
            if (state == TaskState::Ready) {
                const QJsonObject ready{
                    {QStringLiteral("reason"), QStringLiteral("no unfinished dependencies")}};
                if (Result<TaskEvent> e =
                        insertEvent(spec, d.id, QStringLiteral("TaskReady"), ready, now);
                    !e)
                    return e.error();
            }
            change.created.append(d.id);
        }
        Result<QList<TaskRecord>> after = loadTasks(spec);
        if (!after)
            return after.error();
        change.tasks = *after;
        return change;
    });
}

Result<QList<SpecSummary>> TaskRegistryStore::specs()
{
    Result<QSqlQuery> q =
        exec(QStringLiteral("SELECT name, created_at, updated_at FROM specs ORDER BY name"));
    if (!q)
        return q.error();
    QList<SpecSummary> specs;
    QHash<QString, qsizetype> index;
    while (q.value().next()) {
        SpecSummary s;
        s.name = q.value().value(0).toString();
        s.createdAt = q.value().value(1).toString();
        s.updatedAt = q.value().value(2).toString();
        for (const QString &state : taskStateNames())
            s.countsByState.insert(state, 0);
        index.insert(s.name, specs.size());
        specs.append(s);
    }
    Result<QSqlQuery> counts =
        exec(QStringLiteral("SELECT spec, state, COUNT(*) FROM tasks GROUP BY spec, state"));
    if (!counts)
        return counts.error();
    while (counts.value().next()) {
        const qsizetype i = index.value(counts.value().value(0).toString(), -1);
        if (i < 0)
            continue;
        const int n = counts.value().value(2).toInt();
        specs[i].countsByState.insert(counts.value().value(1).toString(), n);
        specs[i].taskCount += n;
    }
    return specs;
}

Result<QList<TaskRecord>> TaskRegistryStore::tasks(const QString &spec,
                                                   std::optional<TaskState> state)
{
    if (Status known = requireSpec(spec); !known)
        return known.error();
    Result<QList<TaskRecord>> all = loadTasks(spec);
    if (!all || !state)
        return all;
    QList<TaskRecord> filtered;
    for (const TaskRecord &t : *all) {
        if (t.state == *state)
            filtered.append(t);
    }
    return filtered;
}

Result<TaskRecord> TaskRegistryStore::task(const QString &spec, const QString &id)
{
    return requireTask(spec, id);
}

Result<QStringList> TaskRegistryStore::specsWithTask(const QString &id)
{
    Result<QSqlQuery> q =
        exec(QStringLiteral("SELECT spec FROM tasks WHERE id = ? ORDER BY spec"), {id});
    if (!q)
        return q.error();
    QStringList specs;
    while (q.value().next())
        specs.append(q.value().value(0).toString());
    return specs;
}

Result<TaskRecord> TaskRegistryStore::changeState(const QString &spec, const QString &id,
                                                  const StatusChange &change)
{
    return transaction([&]() -> Result<TaskRecord> {
        Result<TaskRecord> found = requireTask(spec, id);
        if (!found)
            return found;
        TaskRecord task = *found;
        const TaskState from = task.state;
        if (from != change.to && !isAllowedTransition(from, change.to))
            return conflict(QStringLiteral("invalid transition from '%1' to '%2' for task '%3' "
                                           "in spec '%4'")
                                .arg(taskStateName(from), taskStateName(change.to), id, spec));
        task.statusMetadata = change.metadata;
        const QString runner = change.metadata.value(QStringLiteral("runner_id")).toString();
        if (change.to == TaskState::Ready)
            task.assignedTo.clear();
        else if (!runner.isEmpty())
            task.assignedTo = runner;
        if (Status written = writeState(task, change.to, change.updatedAt); !written)
            return written.error();
        if (change.to == TaskState::Done || change.to == TaskState::Failed) {
            // Finished by its claimer: the lease no longer expires, and the claimer's remaining
            // reports (events, artifacts) still carry it.
            if (Result<QSqlQuery> settled = exec(QStringLiteral("UPDATE tasks SET "
                                                                "lease_expires_ms = 0 WHERE "
                                                                "spec = ? AND id = ?"),
                                                 {spec, id});
                !settled)
                return settled.error();
        } else if (change.to != TaskState::Running) {
            // Back to ready or blocked: no one's any more.
            if (Status ended = endLease(spec, id); !ended)
                return ended.error();
        }
        const QJsonObject data{{QStringLiteral("from"), taskStateName(from)},
                               {QStringLiteral("to"), taskStateName(change.to)},
                               {QStringLiteral("metadata"), change.metadata}};
        if (Result<TaskEvent> e =
                insertEvent(spec, id, QStringLiteral("TaskUpdated"), data, change.updatedAt);
            !e)
            return e.error();
        if (from == TaskState::Done && change.to != TaskState::Done) {
            if (Status blocked = blockDependentsOf(spec, id, change.updatedAt); !blocked)
                return blocked.error();
        }
        if (change.to == TaskState::Done) {
            if (Status promoted = promoteDependentsOf(spec, id, change.updatedAt); !promoted)
                return promoted.error();
        }
        return requireTask(spec, id);
    });
}

Result<TaskRecord> TaskRegistryStore::claim(const QString &spec, const QString &id,
                                            const QString &runnerId, qint64 leaseMs)
{
    return transaction([&]() -> Result<TaskRecord> {
        const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
        const QString now = isoUtcTimestamp(nowMs);
        const QString leaseId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        Result<QSqlQuery> q =
            exec(QStringLiteral("UPDATE tasks SET state = 'running', assigned_to = ?, "
                                "updated_at = ?, lease_id = ?, lease_expires_ms = ?, "
                                "attempts = attempts + 1 WHERE spec = ? AND id = ? AND "
                                "state = 'ready'"),
                 {runnerId, now, leaseId, nowMs + leaseMs, spec, id});
        if (!q)
            return q.error();
        if (q.value().numRowsAffected() != 1) {
            Result<TaskRecord> current = requireTask(spec, id);
            if (!current)
                return current;
            return conflict(QStringLiteral("task '%1' in spec '%2' is %3, not ready; it cannot be "
                                           "claimed")
                                .arg(id, spec, taskStateName(current->state)));
        }
        if (Status touched = touchSpec(spec, now); !touched)
            return touched.error();
        const QJsonObject data{{QStringLiteral("runner_id"), runnerId},
                               {QStringLiteral("from"), QStringLiteral("ready")},
                               {QStringLiteral("to"), QStringLiteral("running")}};
        if (Result<TaskEvent> e = insertEvent(spec, id, QStringLiteral("TaskAssigned"), data, now);
            !e)
            return e.error();
        return requireTask(spec, id);
    });
}

Result<std::optional<TaskRecord>> TaskRegistryStore::claimNext(const QString &runnerId,
                                                               const QString &spec, qint64 leaseMs)
{
    return transaction([&]() -> Result<std::optional<TaskRecord>> {
        const QString sql = spec.isEmpty()
                                ? QStringLiteral("SELECT spec, id FROM tasks WHERE state = 'ready' "
                                                 "ORDER BY spec, position LIMIT 1")
                                : QStringLiteral("SELECT spec, id FROM tasks WHERE state = 'ready' "
                                                 "AND spec = ? ORDER BY position LIMIT 1");
        // PostgreSQL: a ready task another registry process is claiming right now is passed
        // over, so concurrent claimers each get a different one without waiting.
        Result<QSqlQuery> q =
            exec(sql + skippingLockedRows(), spec.isEmpty() ? QVariantList{} : QVariantList{spec});
        if (!q)
            return q.error();
        if (!q.value().next())
            return std::optional<TaskRecord>();
        const QString foundSpec = q.value().value(0).toString();
        const QString foundId = q.value().value(1).toString();
        q.value().finish();
        Result<TaskRecord> claimed = claim(foundSpec, foundId, runnerId, leaseMs);
        if (!claimed)
            return claimed.error();
        return std::optional<TaskRecord>(*claimed);
    });
}

Result<TaskEvent> TaskRegistryStore::addEvent(const QString &spec, const QString &id,
                                              const QString &eventType, const QJsonObject &data,
                                              const QString &timestamp)
{
    if (!taskEventTypes().contains(eventType))
        return invalid(QStringLiteral("'event_type' must be one of %1, got '%2'")
                           .arg(taskEventTypes().join(QStringLiteral(", ")), eventType));
    return transaction([&]() -> Result<TaskEvent> {
        if (Result<TaskRecord> task = requireTask(spec, id); !task)
            return task.error();
        return insertEvent(spec, id, eventType, data, timestamp);
    });
}

Result<QList<TaskEvent>> TaskRegistryStore::events(const QString &spec, const QString &id)
{
    if (Result<TaskRecord> task = requireTask(spec, id); !task)
        return task.error();
    Result<QSqlQuery> q = exec(QStringLiteral("SELECT seq, spec, task_id, event_type, data, "
                                              "timestamp, recorded_at FROM events WHERE spec = ? "
                                              "AND task_id = ? ORDER BY seq"),
                               {spec, id});
    if (!q)
        return q.error();
    QList<TaskEvent> events;
    while (q.value().next())
        events.append(eventFromRow(q.value()));
    return events;
}

Result<TaskArtifact> TaskRegistryStore::addArtifact(const TaskArtifact &artifact)
{
    return transaction([&]() -> Result<TaskArtifact> {
        if (Result<TaskRecord> task = requireTask(artifact.spec, artifact.taskId); !task)
            return task.error();
        TaskArtifact stored = artifact;
        stored.recordedAt = isoUtcNow();
        Result<qint64> sequence = insertReturningSequence(
            QStringLiteral("INSERT INTO artifacts (spec, task_id, type, uri, size_bytes, "
                           "metadata, created_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
            {stored.spec, stored.taskId, stored.type, stored.uri, stored.sizeBytes,
             toJsonText(stored.metadata), stored.createdAt, stored.recordedAt});
        if (!sequence)
            return sequence.error();
        stored.sequence = *sequence;
        return stored;
    });
}

Result<QList<TaskArtifact>> TaskRegistryStore::artifacts(const QString &spec, const QString &id)
{
    if (Result<TaskRecord> task = requireTask(spec, id); !task)
        return task.error();
    Result<QSqlQuery> q = exec(QStringLiteral("SELECT seq, spec, task_id, type, uri, size_bytes, "
                                              "metadata, created_at, recorded_at FROM artifacts "
                                              "WHERE spec = ? AND task_id = ? ORDER BY seq"),
                               {spec, id});
    if (!q)
        return q.error();
    QList<TaskArtifact> artifacts;
    while (q.value().next())
        artifacts.append(artifactFromRow(q.value()));
    return artifacts;
}

Result<std::optional<TaskRegistryStore::StoredResponse>>
TaskRegistryStore::storedResponse(const QString &key, const QString &method, const QString &path)
{
    Result<QSqlQuery> q = exec(QStringLiteral("SELECT status, content_type, body FROM "
                                              "idempotent_responses WHERE key = ? AND method = ? "
                                              "AND path = ?"),
                               {key, method, path});
    if (!q)
        return q.error();
    if (!q.value().next())
        return std::optional<StoredResponse>();
    StoredResponse response;
    response.status = q.value().value(0).toInt();
    response.contentType = q.value().value(1).toString().toLatin1();
    response.body = q.value().value(2).toByteArray();
    return std::optional<StoredResponse>(response);
}

Status TaskRegistryStore::storeResponse(const QString &key, const QString &method,
                                        const QString &path, const StoredResponse &response)
{
    Result<QSqlQuery> q =
        exec(QStringLiteral("INSERT INTO idempotent_responses (key, method, path, status, "
                            "content_type, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON "
                            "CONFLICT (key, method, path) DO UPDATE SET status = "
                            "excluded.status, content_type = excluded.content_type, body = "
                            "excluded.body, created_at = excluded.created_at"),
             {key, method, path, response.status, QString::fromLatin1(response.contentType),
              // A null QByteArray binds as SQL NULL; an empty answer (204) is stored as "".
              response.body.isNull() ? QByteArray("") : response.body, isoUtcNow()});
    if (!q)
        return q.error();
    return Ok{};
}

} // namespace necrocode
