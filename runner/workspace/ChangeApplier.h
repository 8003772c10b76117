// Applies the model's code changes inside a workspace, all or nothing: every path is checked and
// resolved (WorkspacePaths), and when one change fails every change applied before it is undone,
// so nothing is left written.
//
// Rules: `create` makes a new file and its missing parent directories, and refuses a path that
// exists already (overwriting a file the model did not know about would lose its content; the
// model must say `modify`). `modify` and `delete` need an existing regular file. A path may
// appear only once per change set. Modified files keep their permissions.
#pragma once

#include "core/Result.h"
#include "workspace/CodeChange.h"

#include <QStringList>

namespace necrocode {

struct AppliedChanges
{
    QStringList filesChanged; // relative paths, in the order of the change set
    QStringList created;
    QStringList modified;
    QStringList deleted;

    friend bool operator==(const AppliedChanges &, const AppliedChanges &) = default;
};

class ChangeApplier
{
public:
    explicit ChangeApplier(QString workspaceRoot);

    // Errors have kind "workspace" and name the change ("change 2 (modify src/a.cpp): ...").
    Result<AppliedChanges> apply(const QList<CodeChange> &changes) const;

private:
    QString m_root;
};

} // namespace necrocode
