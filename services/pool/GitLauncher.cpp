#include "pool/GitLauncher.h"

#include "core/ThreadHandOff.h"

namespace necrocode {

GitLauncher::GitLauncher(QObject *context) : m_context(context), m_processes(new QObject)
{
    m_thread.setObjectName(QStringLiteral("repo-pool-git"));
    m_processes->moveToThread(&m_thread);
    m_thread.start();
}

GitLauncher::~GitLauncher()
{
    *m_alive = false;
    QMetaObject::invokeMethod(m_processes,
                              ThreadHandOff::crossThreadCall([processes = m_processes] {
                                  GitCommand::abortAll(processes);
                                  delete processes;
                              }),
                              Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void GitLauncher::run(const QStringList &arguments, const QString &workingDirectory,
                      const GitCommand::Done &done, int timeoutMs)
{
    QMetaObject::invokeMethod(
        m_processes,
        ThreadHandOff::crossThreadCall([processes = m_processes, context = m_context,
                                        alive = m_alive, arguments, workingDirectory, done,
                                        timeoutMs] {
            GitCommand::run(
                arguments, workingDirectory, processes,
                [context, alive, done](const GitOutcome &outcome) {
                    QMetaObject::invokeMethod(
                        context, ThreadHandOff::crossThreadCall([alive, done, outcome] {
                            if (*alive)
                                done(outcome);
                        }),
                        Qt::QueuedConnection);
                },
                timeoutMs);
        }),
        Qt::QueuedConnection);
}

void GitLauncher::runSteps(const QList<GitStep> &steps, const QString &workingDirectory,
                           const std::function<void(Status)> &done, int timeoutMs)
{
    if (steps.isEmpty()) {
        done(Ok{});
        return;
    }
    const GitStep &step = steps.first();
    run(
        step.arguments, workingDirectory,
        [this, rest = steps.mid(1), workingDirectory, done, timeoutMs,
         step](const GitOutcome &outcome) {
            if (!outcome.ok() && !step.mayFail) {
                done(makeError(outcome.failureMessage(), QStringLiteral("git")));
                return;
            }
            runSteps(rest, workingDirectory, done, timeoutMs);
        },
        timeoutMs);
}

} // namespace necrocode
