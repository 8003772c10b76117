#include "engine/PromptBuilder.h"

#include "workspace/RelativePath.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

namespace necrocode {

namespace {

const QStringList kSkippedDirectories = {QStringLiteral(".git"),  QStringLiteral("node_modules"),
                                         QStringLiteral("build"), QStringLiteral("__pycache__"),
                                         QStringLiteral(".venv"), QStringLiteral("target")};

bool isSkipped(const QString &relativePath)
{
    for (const QString &part : relativePath.split(QLatin1Char('/')))
        if (kSkippedDirectories.contains(part))
            return true;
    return false;
}

QString bulletList(const QStringList &items)
{
    QString out;
    for (const QString &item : items)
        out += QStringLiteral("- %1\n").arg(item);
    return out;
}

} // namespace

QString PromptBuilder::systemPrompt()
{
    return QStringLiteral(
        "You are a careful software engineer working inside a git repository. You implement "
        "exactly one task and answer ONLY with a JSON object of this shape:\n"
        "{\"code_changes\": [{\"file_path\": \"relative/path\", \"operation\": "
        "\"create|modify|delete\", \"content\": \"the complete new file content\"}], "
        "\"explanation\": \"what you changed and why\"}\n"
        "Rules: paths are relative to the repository root; never use absolute paths, '..' or "
        ".git/; 'modify' and 'create' carry the complete file content; keep the existing tests "
        "passing and add tests for new behaviour.");
}

QStringList PromptBuilder::workspaceTree(const QString &workspacePath) const
{
    QStringList files;
    const QDir root(workspacePath);
    QDirIterator it(workspacePath, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString relative = root.relativeFilePath(it.next());
        if (!isSkipped(relative))
            files.append(relative);
    }
    files.sort();
    if (files.size() > m_limits.maxTreeEntries) {
        const qsizetype hidden = files.size() - m_limits.maxTreeEntries;
        files.resize(m_limits.maxTreeEntries);
        files.append(QStringLiteral("... (%1 more files)").arg(hidden));
    }
    return files;
}

QString PromptBuilder::relatedFilesSection(const TaskContext &task,
                                           const QString &workspacePath) const
{
    QString out;
    qint64 total = 0;
    for (const QString &raw : task.relatedFiles) {
        const auto path = checkRelativePath(raw);
        if (!path)
            continue; // the prompt never reads outside the workspace
        QFile file(QDir(workspacePath).filePath(path.value()));
        if (!file.open(QIODevice::ReadOnly)) {
            out += QStringLiteral("### %1\n(does not exist yet)\n\n").arg(path.value());
            continue;
        }
        const qint64 budget =
            std::min(m_limits.maxRelatedFileBytes, m_limits.maxRelatedTotalBytes - total);
        if (budget <= 0)
            break;
        const QByteArray content = file.read(budget);
        total += content.size();
        out +=
            QStringLiteral("### %1\n```\n%2\n```\n").arg(path.value(), QString::fromUtf8(content));
        if (file.size() > content.size())
            out += QStringLiteral("(truncated: %1 of %2 bytes shown)\n")
                       .arg(content.size())
                       .arg(file.size());
        out += QLatin1Char('\n');
    }
    return out;
}

QList<ChatMessage> PromptBuilder::build(const TaskContext &task, const QString &workspacePath,
                                        const QStringList &completedDependencies) const
{
    QString user;
    user +=
        QStringLiteral("# Task %1 of spec %2: %3\n\n").arg(task.taskId, task.specName, task.title);
    if (!task.description.isEmpty())
        user += QStringLiteral("## Description\n%1\n\n").arg(task.description);
    if (!task.acceptanceCriteria.isEmpty())
        user +=
            QStringLiteral("## Acceptance criteria\n%1\n").arg(bulletList(task.acceptanceCriteria));
    if (!completedDependencies.isEmpty())
        user += QStringLiteral("## Completed dependencies\n%1\n")
                    .arg(bulletList(completedDependencies));
    else if (!task.dependencies.isEmpty())
        user +=
            QStringLiteral("## Completed dependencies\n%1\n").arg(bulletList(task.dependencies));
    user +=
        QStringLiteral("## Workspace files\n%1\n").arg(bulletList(workspaceTree(workspacePath)));
    if (const QString related = relatedFilesSection(task, workspacePath); !related.isEmpty())
        user += QStringLiteral("## Related files\n%1").arg(related);
    user += QStringLiteral(
                "## Technical context\n- required skill: %1\n- complexity: %2\n- branch: %3\n")
                .arg(task.requiredSkill.isEmpty() ? QStringLiteral("any") : task.requiredSkill,
                     complexityName(task.complexity), task.effectiveBranchName());
    if (!task.testCommands.isEmpty())
        user += QStringLiteral("- tests are run with: %1\n")
                    .arg(task.testCommands.join(QStringLiteral("; ")));
    user +=
        QStringLiteral("\n## Answer format\nAnswer with the JSON object described in the system "
                       "message and nothing else.\n");
    return {ChatMessage{QStringLiteral("system"), systemPrompt()},
            ChatMessage{QStringLiteral("user"), user}};
}

} // namespace necrocode
