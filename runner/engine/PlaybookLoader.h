// Reads playbooks from YAML (see resources/playbooks/default.yaml for the format) and picks the
// one a task runs: the task's playbook_path, else the configured one, else the embedded default.
#pragma once

#include "core/Result.h"
#include "core/TaskContext.h"
#include "engine/Playbook.h"

#include <QByteArray>
#include <QString>

namespace necrocode {

class PlaybookLoader
{
public:
    static QString defaultPath() { return QStringLiteral(":/playbooks/default.yaml"); }

    // Parses and validates. Errors have kind "playbook" and give the line and column:
    // "ci.yaml: line 4, column 9: ...".
    static Result<Playbook> parse(const QByteArray &yaml, const QString &sourceName);
    static Result<Playbook> load(const QString &path);

    // A relative playbook_path is relative to the workspace.
    static Result<Playbook> loadForTask(const TaskContext &task, const QString &workspace,
                                        const QString &configuredPath = {});
};

} // namespace necrocode
