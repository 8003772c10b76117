// Starts and watches the Repo Pool's git processes on a thread of its own. Starting a process
// holds the starting thread until the child has exec'd, which under load means until the child
// gets a core; on the serving thread every allocation and release waited for that. Callbacks run
// on the thread of `context` (the pool's), never after it is destroyed; destroy the launcher first,
// which kills the processes still running without calling their callbacks.
#pragma once

#include "pool/GitCommand.h"

#include <QObject>
#include <QThread>

#include <memory>

namespace necrocode {

class GitLauncher
{
public:
    explicit GitLauncher(QObject *context);
    ~GitLauncher();
    GitLauncher(const GitLauncher &) = delete;
    GitLauncher &operator=(const GitLauncher &) = delete;

    void run(const QStringList &arguments, const QString &workingDirectory,
             const GitCommand::Done &done, int timeoutMs = GitCommand::defaultTimeoutMs);
    // Runs the steps one after another; stops at the first failing step that may not fail.
    void runSteps(const QList<GitStep> &steps, const QString &workingDirectory,
                  const std::function<void(Status)> &done,
                  int timeoutMs = GitCommand::defaultTimeoutMs);

    // The thread the processes run on.
    QThread *thread() { return &m_thread; }

private:
    QObject *m_context;
    // Read and cleared on the context's thread only: answers already on their way when the
    // launcher goes are dropped there.
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
    QThread m_thread;
    QObject *m_processes; // lives on m_thread: parent of the running git processes
};

} // namespace necrocode
