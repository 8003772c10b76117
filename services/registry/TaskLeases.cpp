// The Task Registry's task leases: renewal, the check of a report's lease, and the requeue of
// tasks whose claimer stopped renewing (killed, lost its machine, cut off).
#include "registry/TaskRegistryStore.h"

#include "UtcTimestamp.h"
#include "registry/TaskRows.h"

#include <QDateTime>

namespace necrocode {

namespace {

Error leaseConflict(const QString &message)
{
    return makeError(message, QStringLiteral("conflict"));
}

// Why `leaseId` is not the lease of `task` at `nowMs`; empty when it is: the running task's
// unexpired lease, or the lease of the claimer that finished it (done or failed).
QString leaseProblem(const TaskRecord &task, const QString &leaseId, qint64 nowMs)
{
    if (task.leaseId.isEmpty())
        return QStringLiteral("task '%1' in spec '%2' is %3 and holds no lease; lease %4 has "
                              "ended")
            .arg(task.id(), task.spec, taskStateName(task.state), leaseId);
    if (task.leaseId != leaseId)
        return QStringLiteral("lease %1 of task '%2' in spec '%3' has ended: the task was claimed "
                              "again (by %4)")
            .arg(leaseId, task.id(), task.spec, task.assignedTo);
    if (task.state == TaskState::Running && task.leaseExpiresMs <= nowMs)
        return QStringLiteral("lease %1 of task '%2' in spec '%3' expired at %4")
            .arg(leaseId, task.id(), task.spec, isoUtcTimestamp(task.leaseExpiresMs));
    return {};
}

} // namespace

Status TaskRegistryStore::endLease(const QString &spec, const QString &id)
{
    Result<QSqlQuery> ended = exec(QStringLiteral("UPDATE tasks SET lease_id = '', "
                                                  "lease_expires_ms = 0 WHERE spec = ? AND id = ?"),
                                   {spec, id});
    if (!ended)
        return ended.error();
    return Ok{};
}

Status TaskRegistryStore::checkLease(const QString &spec, const QString &id, const QString &leaseId)
{
    const Result<TaskRecord> task = requireTask(spec, id);
    if (!task)
        return task.error();
    if (const QString problem = leaseProblem(*task, leaseId, QDateTime::currentMSecsSinceEpoch());
        !problem.isEmpty())
        return leaseConflict(problem);
    return Ok{};
}

Result<TaskRecord> TaskRegistryStore::renewLease(const QString &spec, const QString &id,
                                                 const QString &leaseId, qint64 leaseMs)
{
    return transaction([&]() -> Result<TaskRecord> {
        if (Status current = checkLease(spec, id, leaseId); !current)
            return current.error();
        if (Result<TaskRecord> task = requireTask(spec, id); !task)
            return task.error();
        else if (task->state != TaskState::Running)
            return leaseConflict(QStringLiteral("task '%1' in spec '%2' is %3: its lease is not "
                                                "renewed any more")
                                     .arg(id, spec, taskStateName(task->state)));
        const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
        if (Result<QSqlQuery> q = exec(QStringLiteral("UPDATE tasks SET lease_expires_ms = ? "
                                                      "WHERE spec = ? AND id = ? AND lease_id = ?"),
                                       {nowMs + leaseMs, spec, id, leaseId});
            !q)
            return q.error();
        return requireTask(spec, id);
    });
}

Result<QList<TaskRecord>> TaskRegistryStore::requeueExpiredLeases(int maxAttempts)
{
    return transaction([&]() -> Result<QList<TaskRecord>> {
        const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
        Result<QSqlQuery> q = exec(QStringLiteral("SELECT %1 FROM tasks WHERE state = 'running' "
                                                  "AND lease_expires_ms > 0 AND "
                                                  "lease_expires_ms <= ?%2")
                                       .arg(taskColumns, skippingLockedRows()),
                                   {nowMs});
        if (!q)
            return q.error();
        QList<TaskRecord> expired;
        while (q.value().next())
            expired.append(taskFromRow(q.value()));
        q.value().finish();

        const QString now = isoUtcTimestamp(nowMs);
        QList<TaskRecord> changed;
        for (TaskRecord task : expired) {
            const bool retry = task.attempts < maxAttempts;
            const QString lostRunner = task.assignedTo;
            QJsonObject data{
                {QStringLiteral("lost_runner"), lostRunner},
                {QStringLiteral("lease_id"), task.leaseId},
                {QStringLiteral("lease_expired_at"), isoUtcTimestamp(task.leaseExpiresMs)},
                {QStringLiteral("attempt"), task.attempts},
                {QStringLiteral("max_attempts"), maxAttempts}};
            task.statusMetadata = QJsonObject{
                {QStringLiteral("error_type"), QStringLiteral("worker_lost")},
                {QStringLiteral("error"),
                 retry ? QStringLiteral("runner %1 stopped renewing its lease; the task is ready "
                                        "again (attempt %2 of %3 lost)")
                             .arg(lostRunner)
                             .arg(task.attempts)
                             .arg(maxAttempts)
                       : QStringLiteral("runner %1 stopped renewing its lease on the last of %2 "
                                        "attempts")
                             .arg(lostRunner)
                             .arg(maxAttempts)},
                {QStringLiteral("lost_runner"), lostRunner}};
            task.assignedTo.clear();
            const TaskState to = retry ? TaskState::Ready : TaskState::Failed;
            if (Status written = writeState(task, to, now); !written)
                return written.error();
            if (Status ended = endLease(task.spec, task.id()); !ended)
                return ended.error();
            if (!retry)
                data.insert(QStringLiteral("error_type"), QStringLiteral("worker_lost"));
            if (Result<TaskEvent> e = insertEvent(task.spec, task.id(),
                                                  retry ? QStringLiteral("TaskRequeued")
                                                        : QStringLiteral("TaskFailed"),
                                                  data, now);
                !e)
                return e.error();
            Result<TaskRecord> after = requireTask(task.spec, task.id());
            if (!after)
                return after.error();
            changed.append(*after);
        }
        return changed;
    });
}

} // namespace necrocode
