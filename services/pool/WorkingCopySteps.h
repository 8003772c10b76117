// The git commands that make a Repo Pool slot clean again, and the names derived from a
// repository URL.
#pragma once

#include "pool/GitCommand.h"

namespace necrocode {

// The repository URL schemes a Repo Pool accepts unless configured otherwise: file (absolute
// paths too), https and ssh (scp-like user@host:path too). http and git are unencrypted and only
// taken when listed.
QStringList defaultRepoUrlSchemes();
// The schemes an allow-list may name.
QStringList knownRepoUrlSchemes();

// "" when the Repo Pool may hand `repoUrl` to git, else why not (shown without any credential):
// a URL whose scheme is in `allowedSchemes`, an absolute path when "file" is, scp-like
// user@host:path when "ssh" is; never anything that starts with '-', uses a transport helper
// (ext::, fd::), or carries a password.
QString repoUrlProblem(const QString &repoUrl,
                       const QStringList &allowedSchemes = defaultRepoUrlSchemes());

// "file:///srv/git/calculator.git" → "calculator"; only [A-Za-z0-9._-], never empty.
QString repositoryBaseName(const QString &repoUrl);

// Abort a rebase in progress, reset, remove untracked and ignored files, fetch, and check out
// `branch` at origin/<branch> (discarding local commits on it).
QList<GitStep> cleaningSteps(const QString &slotPath, const QString &branch);

} // namespace necrocode
