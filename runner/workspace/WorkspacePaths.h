// Turns a relative path from the model into a path that is safely inside the workspace: no
// absolute paths, "..", or ".git" (also not reached through a symbolic link), no symbolic link
// leading outside, and never a symbolic link as the file itself.
#pragma once

#include "core/Result.h"

#include <QString>

namespace necrocode {

class WorkspacePaths
{
public:
    // The root must be an existing directory; it is canonicalised once here.
    static Result<WorkspacePaths> open(const QString &root);

    const QString &canonicalRoot() const { return m_root; }

    // An absolute path below the canonical root in which every directory that exists already is
    // resolved to its canonical form, so that writing to it follows no symbolic link. Errors have
    // kind "workspace" and explain the problem.
    Result<QString> resolve(const QString &relativePath) const;

private:
    explicit WorkspacePaths(QString canonicalRoot) : m_root(std::move(canonicalRoot)) {}

    bool isInside(const QString &canonicalPath) const;

    QString m_root;
};

} // namespace necrocode
