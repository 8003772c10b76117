// The task a runner executes (SPEC §1): what to build, where, and how to check it.
#pragma once

#include "core/Result.h"

#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace necrocode {

enum class TaskComplexity { Low, Medium, High };

struct TaskContext
{
    QString taskId;
    QString specName;
    QString title;
    QString description;
    QStringList acceptanceCriteria;
    QStringList dependencies;
    QString requiredSkill;
    QStringList testCommands; // empty: auto-detect
    bool failFast = true;
    int timeoutSeconds = 1800;
    QString playbookPath;
    TaskComplexity complexity = TaskComplexity::Medium;
    QStringList relatedFiles;
    std::optional<int> maxTokens;
    QString branchName;   // empty: feature/task-<spec>-<id>
    QJsonObject metadata; // metadata.repo_url asks the Repo Pool for a slot
    QString slotId;       // an existing working copy, when no repo_url is given
    QString slotPath;
    // The lease of a task claimed from the registry (empty for a task run from a file): every
    // report carries it, and the runner renews it every third of its length.
    QString leaseId;
    int leaseSeconds = 0;
    int attempt = 1; // claims of this task so far, this one included

    QString effectiveBranchName() const;
    QString repoUrl() const;
    // True when the runner must allocate a slot from the Repo Pool.
    bool needsSlotAllocation() const { return !repoUrl().isEmpty(); }

    // Accepts the current shape and the earlier dispatcher's (task_title, task_description,
    // top-level repo_url). Unknown keys are ignored; errors name the key.
    static Result<TaskContext> fromJson(const QJsonObject &object);
    static Result<TaskContext> fromJsonBytes(const QByteArray &bytes);
    QJsonObject toJson() const;

    friend bool operator==(const TaskContext &, const TaskContext &) = default;
};

QString complexityName(TaskComplexity complexity);
std::optional<TaskComplexity> parseComplexity(const QString &name);

} // namespace necrocode
