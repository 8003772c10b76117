// The values the Task Registry stores and returns: task definitions, tasks, events, artifacts,
// task-set summaries, and their JSON forms.
#pragma once

#include "core/Result.h"
#include "registry/TaskState.h"

#include <QJsonObject>
#include <QStringList>

namespace necrocode {

// One task of a POST /specs/{spec}/tasks body.
struct TaskDefinition
{
    QString id;
    QString title;
    QString description;
    QStringList acceptanceCriteria;
    QStringList dependencies;
    QString requiredSkill;
    QJsonObject metadata;

    // Required: id, title. Errors name the key, prefixed by `where` ("tasks[2]").
    static Result<TaskDefinition> fromJson(const QJsonObject &object, const QString &where);
    bool sameDefinitionAs(const TaskDefinition &other) const;
};

struct TaskRecord
{
    QString spec;
    TaskDefinition definition;
    TaskState state = TaskState::Blocked;
    QString assignedTo;
    QJsonObject statusMetadata; // metadata of the last status update
    QString createdAt;
    QString updatedAt;
    int position = 0;
    // The lease of a claimed running task: the claimer renews it, and when it expires the task
    // goes back to ready (or fails after the last attempt). Empty / 0 without a lease.
    QString leaseId;
    qint64 leaseExpiresMs = 0;
    int attempts = 0; // claims so far

    const QString &id() const { return definition.id; }
    // "state" and its legacy alias "status" carry the same value; "attempts" and, while leased,
    // "lease_expires_at" (never the lease id: only the claimer gets it).
    QJsonObject toJson() const;
    // As toJson, with "lease_id": the answer to the claimer.
    QJsonObject toClaimJson() const;
};

// How long a claim's lease lasts and how often a task is claimed again after its claimer was
// lost before it fails with error class "worker_lost".
struct LeasePolicy
{
    static constexpr int kDefaultLeaseSeconds = 60;
    static constexpr int kMinLeaseSeconds = 1;
    static constexpr int kMaxLeaseSeconds = 3600;
    int leaseSeconds = kDefaultLeaseSeconds;
    int maxAttempts = 3;
};

// TaskCreated, TaskUpdated, TaskReady, TaskAssigned, TaskCompleted, TaskFailed, TaskRequeued,
// RunnerStarted, RunnerFinished.
const QStringList &taskEventTypes();

struct TaskEvent
{
    qint64 sequence = 0;
    QString spec;
    QString taskId;
    QString eventType;
    QJsonObject data;
    QString timestamp; // ISO-8601 UTC, as sent (normalised) or when recorded
    QString recordedAt;

    QJsonObject toJson() const;
};

struct TaskArtifact
{
    qint64 sequence = 0;
    QString spec;
    QString taskId;
    QString type;
    QString uri;
    qint64 sizeBytes = 0;
    QJsonObject metadata;
    QString createdAt;
    QString recordedAt;

    QJsonObject toJson() const;
};

struct SpecSummary
{
    QString name;
    QString createdAt;
    QString updatedAt;
    QJsonObject countsByState; // {"ready": n, ...} for every state
    int taskCount = 0;

    QJsonObject toJson() const;
};

// The outcome of creating or extending a task set.
struct TaskSetChange
{
    QStringList created;
    QStringList updated;
    QStringList unchanged;
    QList<TaskRecord> tasks; // the whole task set afterwards
};

} // namespace necrocode
