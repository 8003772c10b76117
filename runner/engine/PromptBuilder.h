// Builds the chat messages that ask the model for a task's code changes: title, description,
// acceptance criteria, completed dependencies, workspace tree, related files, technical context
// and the exact answer format (SPEC §1 step 4).
#pragma once

#include "core/TaskContext.h"
#include "net/LlmClient.h"

#include <QDir>

namespace necrocode {

struct PromptLimits
{
    int maxTreeEntries = 300;
    qint64 maxRelatedFileBytes = qint64{32} * 1024;
    qint64 maxRelatedTotalBytes = qint64{128} * 1024;
};

class PromptBuilder
{
public:
    explicit PromptBuilder(PromptLimits limits = {}) : m_limits(limits) {}

    // `completedDependencies`: short descriptions ("1.1: Create the models") of finished tasks.
    QList<ChatMessage> build(const TaskContext &task, const QString &workspacePath,
                             const QStringList &completedDependencies = {}) const;

    static QString systemPrompt();
    // Relative paths of the workspace's files, sorted, without .git and build output.
    QStringList workspaceTree(const QString &workspacePath) const;

private:
    QString relatedFilesSection(const TaskContext &task, const QString &workspacePath) const;

    PromptLimits m_limits;
};

} // namespace necrocode
