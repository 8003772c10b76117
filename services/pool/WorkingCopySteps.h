// The git commands that make a Repo Pool slot clean again, and the names derived from a
// repository URL.
#pragma once

#include "pool/GitCommand.h"

namespace necrocode {

// "file:///srv/git/calculator.git" → "calculator"; only [A-Za-z0-9._-], never empty.
QString repositoryBaseName(const QString &repoUrl);

// Abort a rebase in progress, reset, remove untracked and ignored files, fetch, and check out
// `branch` at origin/<branch> (discarding local commits on it).
QList<GitStep> cleaningSteps(const QString &slotPath, const QString &branch);

// A committer identity for the slot, used when git has none configured.
QList<GitStep> commitIdentitySteps();

} // namespace necrocode
