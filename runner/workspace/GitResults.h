// What GitWorkspace's operations produce: the prepared branch and the workspace diff.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace necrocode {

struct PreparedBranch
{
    QString baseBranch;
    QString branchName;
    bool reused = false;  // the branch existed already, locally or on the remote
    bool rebased = false; // the base was rebased onto its remote branch
    QString headCommit;

    friend bool operator==(const PreparedBranch &, const PreparedBranch &) = default;
};

struct WorkspaceDiff
{
    QString text; // `git diff` of everything staged, new files included
    QStringList files;
    int linesAdded = 0;
    int linesRemoved = 0; // binary files count no lines

    bool isEmpty() const { return files.isEmpty(); }

    // Reads the files and line counts of `git diff --numstat -z --no-renames`.
    static WorkspaceDiff fromNumstat(const QByteArray &numstat);

    friend bool operator==(const WorkspaceDiff &, const WorkspaceDiff &) = default;
};

} // namespace necrocode
