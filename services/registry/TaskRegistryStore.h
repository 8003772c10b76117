// The Task Registry's durable state: task sets, tasks and their states, events, artifacts, leases,
// workers and the responses of idempotent requests, in SQLite (WAL journal; one registry process)
// or PostgreSQL (row locks and SKIP LOCKED claims; several registry processes on one database).
// A store belongs to the thread that opened it (a QSqlDatabase connection cannot cross threads).
// Errors carry the kind "not_found", "conflict", "invalid" or "storage".
#pragma once

#include "core/Result.h"
#include "registry/RegistryDatabase.h"
#include "registry/TaskRecords.h"
#include "registry/TaskRegistrySchema.h"
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
    // Opens the SQLite file or connects to the PostgreSQL database, and brings its schema to the
    // latest version (refusing a database a newer registry has migrated).
    static Result<std::unique_ptr<TaskRegistryStore>> open(const RegistryDatabase &database);
    ~TaskRegistryStore();
    TaskRegistryStore(const TaskRegistryStore &) = delete;
    TaskRegistryStore &operator=(const TaskRegistryStore &) = delete;

    const RegistryDatabase &database() const { return m_database; }
    // Whether the database answers a trivial query (opening a dropped connection again).
    Status ping();
    bool isPostgres() const { return m_database.kind == RegistryDatabase::Kind::PostgreSQL; }

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
    // PostgreSQL: holds a lock on an idempotency key until the transaction ends, so that a
    // request repeated to another registry process waits for the first one's stored answer.
    Status lockIdempotencyKey(const QString &key, const QString &method, const QString &path);

    // Runs `work` in one transaction (nested calls join the outer one); rolls back on error.
    // PostgreSQL: a transaction that lost a deadlock or a serialization conflict to another
    // registry process runs again (up to five times), and a connection the server dropped is
    // opened again once.
    Status runTransaction(const std::function<Status()> &work);
    template <typename Work> auto transaction(Work &&work) -> decltype(work());

private:
    TaskRegistryStore(QString connectionName, RegistryDatabase database);
    Status connect();
    Status configureAndMigrate();
    Status migrateSqlite();   // the steps of taskRegistryMigrations() this database has not had
    Status migratePostgres(); // the same for taskRegistryPostgresMigrations()
    // In one transaction: the prologue, the version `versionQuery` reads, the steps above it and
    // the statements that record the version reached; a version above the last step is refused.
    Status migrate(const QStringList &prologue, const QString &versionQuery,
                   const QList<SchemaMigration> &steps,
                   const std::function<QStringList(int)> &marking);
    Result<QSqlQuery> exec(const QString &sql, const QVariantList &values = {});
    Result<QSqlQuery> execOnce(const QString &sql, const QVariantList &values);
    // Inserts one row and returns its new `seq`.
    Result<qint64> insertReturningSequence(const QString &sql, const QVariantList &values);
    bool reconnect();
    // " FOR UPDATE" inside a PostgreSQL transaction; "" otherwise.
    QString lockedForUpdate() const;
    // " FOR UPDATE SKIP LOCKED" with PostgreSQL; "" with SQLite (one writer at a time anyway).
    QString skippingLockedRows() const;
    // PostgreSQL: holds a lock on the spec's name until the transaction ends; SQLite: nothing.
    Status lockSpecForUpsert(const QString &spec);
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
    RegistryDatabase m_database;
    QSqlDatabase m_db;
    int m_transactionDepth = 0;
    // What the last failed statement said about the connection and the transaction.
    bool m_connectionLost = false;
    bool m_transactionRetryable = false;
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
