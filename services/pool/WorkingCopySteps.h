// The git commands that make a Repo Pool slot clean again, and the names derived from a
// repository URL.
#pragma once

#include "pool/GitCommand.h"

namespace necrocode {

// "" when the Repo Pool may hand `repoUrl` to git, else why not (shown without any credential):
// file://, http(s)://, ssh://, git:// URLs, absolute paths and scp-like user@host:path; nothing
// that starts with '-', uses a transport helper (ext::, fd::), or carries a password.
QString repoUrlProblem(const QString &repoUrl);

// "file:///srv/git/calculator.git" → "calculator"; only [A-Za-z0-9._-], never empty.
QString repositoryBaseName(const QString &repoUrl);

// Abort a rebase in progress, reset, remove untracked and ignored files, fetch, and check out
// `branch` at origin/<branch> (discarding local commits on it).
QList<GitStep> cleaningSteps(const QString &slotPath, const QString &branch);

} // namespace necrocode
