// The Task Registry's durable state in SQLite (WAL journal): task sets, tasks and their states,
// events, artifacts, and the responses of idempotent requests. A store belongs to the thread that
// opened it (a QSqlDatabase connection cannot cross threads). Errors carry the kind "not_found",
// "conflict", "invalid" or "storage".
#pragma once

#include "core/Result.h"
#include "registry/TaskRecords.h"
#include "registry/WorkerRecords.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariantList>

#include <functional>
#include <memory>
#include <optional>

namespace necrocode {

class TaskRegistryStore
{
public:
    // Opens (creating when needed) `<directory>/task-registry.sqlite`.
    static Result<std::unique_ptr<TaskRegistryStore>> open(const QString &directory);
    ~TaskRegistryStore();
    TaskRegistryStore(const TaskRegistryStore &) = delete;
    TaskRegistryStore &operator=(const TaskRegistryStore &) = delete;

    const QString &databasePath() const { return m_path; }

    // Creates the task set or extends it: new ids are added (ready when all their dependencies
    // are done, blocked otherwise), known ids get the new definition and keep their state.
    Result<TaskSetChange> upsertTaskSet(const QString &spec, const QList<TaskDefinition> &tasks);
    Result<QList<SpecSummary>> specs();
    Result<QList<TaskRecord>> tasks(const QString &spec,
                                    std::optional<TaskState> state = std::nullopt);
    Result<TaskRecord> task(const QString &spec, const QString &id);
    // The specs that hold a task with this id (for the legacy /tasks/{id} paths).
    Result<QStringList> specsWithTask(const QString &id);

    struct StatusChange
    {
        TaskState to = TaskState::Ready;
        QJsonObject metadata; // "runner_id" in it names the runner a running task belongs to
        QString updatedAt;    // ISO-8601 UTC
    };
    // A transition outside SPEC §2.1 fails with kind "conflict" and names both states. Dependents
    // become ready when their last dependency is done, and blocked again when it is reopened.
    Result<TaskRecord> changeState(const QString &spec, const QString &id,
                                   const StatusChange &change);
    // ready → running for this runner, only if the task is still ready ("conflict" otherwise),
    // with a new lease of `leaseMs` and one attempt more.
    Result<TaskRecord> claim(const QString &spec, const QString &id, const QString &runnerId,
                             qint64 leaseMs);
    // Claims the first ready task (by spec name, then task order); nullopt when none is ready.
    Result<std::optional<TaskRecord>> claimNext(const QString &runnerId, const QString &spec,
                                                qint64 leaseMs);

    // Extends the lease of a running task by `leaseMs` from now; "conflict" when `leaseId` is
    // not the task's current, unexpired lease (it was requeued, finished or claimed again).
    Result<TaskRecord> renewLease(const QString &spec, const QString &id, const QString &leaseId,
                                  qint64 leaseMs);
    // Ok when `leaseId` is the task's current, unexpired lease; "conflict" saying why otherwise.
    Status checkLease(const QString &spec, const QString &id, const QString &leaseId);
    // Running tasks whose lease expired go back to ready (event TaskRequeued naming the lost
    // runner), or fail with error class "worker_lost" after `maxAttempts` claims. Returns them.
    Result<QList<TaskRecord>> requeueExpiredLeases(int maxAttempts);

    Result<TaskEvent> addEvent(const QString &spec, const QString &id, const QString &eventType,
                               const QJsonObject &data, const QString &timestamp);
    Result<QList<TaskEvent>> events(const QString &spec, const QString &id);
    Result<TaskArtifact> addArtifact(const TaskArtifact &artifact);
    Result<QList<TaskArtifact>> artifacts(const QString &spec, const QString &id);

    // Records a worker's heartbeat (seen now); a worker seen for the first time, or again after
    // it said goodbye, starts now.
    Result<WorkerRecord> recordHeartbeat(const WorkerRecord &heartbeat);
    // Every worker that ever sent a heartbeat, by id.
    Result<QList<WorkerRecord>> workers();

    struct StoredResponse
    {
        int status = 0;
        QByteArray contentType;
        QByteArray body;
    };
    Result<std::optional<StoredResponse>> storedResponse(const QString &key, const QString &method,
                                                         const QString &path);
    Status storeResponse(const QString &key, const QString &method, const QString &path,
                         const StoredResponse &response);

    // Runs `work` in one transaction (nested calls join the outer one); rolls back on error.
    Status runTransaction(const std::function<Status()> &work);
    template <typename Work> auto transaction(Work &&work) -> decltype(work());

private:
    TaskRegistryStore(QString connectionName, QString path);
    Status configureAndMigrate();
    Status migrate(); // the steps of taskRegistryMigrations() this database has not had
    Result<QSqlQuery> exec(const QString &sql, const QVariantList &values = {});
    Result<QList<TaskRecord>> loadTasks(const QString &spec);
    Result<std::optional<TaskRecord>> findTask(const QString &spec, const QString &id);
    Result<TaskRecord> requireTask(const QString &spec, const QString &id);
    Status requireSpec(const QString &spec);
    Status touchSpec(const QString &spec, const QString &now);
    Status writeState(const TaskRecord &task, TaskState state, const QString &now);
    Status endLease(const QString &spec, const QString &id);
    Result<TaskEvent> insertEvent(const QString &spec, const QString &id, const QString &eventType,
                                  const QJsonObject &data, const QString &timestamp);
    Status promoteDependentsOf(const QString &spec, const QString &id, const QString &now);
    Status blockDependentsOf(const QString &spec, const QString &id, const QString &now);

    QString m_connectionName;
    QString m_path;
    QSqlDatabase m_db;
    int m_transactionDepth = 0;
};

template <typename Work> auto TaskRegistryStore::transaction(Work &&work) -> decltype(work())
{
    using ResultType = decltype(work());
    std::optional<ResultType> result;
    const Status status = runTransaction([&]() -> Status {
        result.emplace(work());
        if (!*result)
            return result->error();
        return Ok{};
    });
    if (!status)
        return status.error();
    return std::move(*result);
}

} // namespace necrocode
