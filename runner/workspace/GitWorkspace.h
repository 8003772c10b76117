// The git side of a working copy: prepare the task branch, diff (new files included), commit and
// push. Asynchronous and cancellable, one operation at a time; every git command runs through
// ProcessRunner with a timeout, without prompts, and with git's stderr kept in every error.
#pragma once

#include "core/Result.h"
#include "core/RunResults.h"
#include "log/Logger.h"
#include "workspace/GitAskPass.h"
#include "workspace/GitOptions.h"
#include "workspace/GitResults.h"
#include "workspace/ProcessRunner.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

namespace necrocode {

template <typename T> using GitReply = std::function<void(Result<T>)>;

class GitWorkspace : public QObject
{
    Q_OBJECT

public:
    GitWorkspace(QString root, GitOptions options, Logger logger, QObject *parent = nullptr);
    ~GitWorkspace() override;

    const QString &root() const { return m_root; }
    const GitOptions &options() const { return m_options; }
    bool isBusy() const { return m_busy; }

    // Every callback below runs exactly once, later, from the event loop. Starting an operation
    // while another one runs fails with kind "busy"; cancel() makes the running one fail with
    // kind "cancelled". Errors of git commands have kind "git" or "timeout".

    // Fetches the remote (with retries), switches to `baseBranch`, rebases it onto the remote
    // base when that exists, then switches to `branchName`: the local branch, else a tracking
    // branch of the remote one, else a new branch from the base. `fromBase`: always a new
    // branch from the base (a task tried again after its first attempt was lost must not build
    // on what that attempt left); its push then replaces the remote branch as it was seen here
    // (--force-with-lease), and only that.
    void prepareBranch(const QString &baseBranch, const QString &branchName,
                       GitReply<PreparedBranch> done, bool fromBase = false);
    // Stages everything (`git add -A`) and returns the staged diff with its line counts.
    void diff(GitReply<WorkspaceDiff> done);
    // Stages everything and commits it; an empty change set fails with kind "empty_change_set"
    // before `git commit` runs. Succeeds with the new commit hash.
    void commit(const QString &message, GitReply<QString> done);
    // Pushes `branch` to the same name on the remote and sets it as upstream. Retries failures
    // except rejections by the remote; the result names the pushed commit.
    void push(const QString &branch, std::function<void(PushResult)> done);
    void currentCommit(GitReply<QString> done);

    void cancel();

    // "" when `name` can be used as a branch name, else why not.
    static QString branchNameProblem(const QString &name);

private:
    struct GitRun
    {
        QStringList arguments;
        ProcessOutcome outcome;
        int attempts = 1;
        bool ok() const { return outcome.succeeded(); }
        QString standardOutput() const { return outcome.output.trimmed(); }
    };
    using GitStep = std::function<void(const GitRun &)>;

    template <typename Arg> bool begin(std::function<void(Arg)> &done, Arg refusal);
    void later(std::function<void()> action);
    // `exactOutput`: the output is masked for known secrets only (a diff stays the real diff).
    void git(QStringList arguments, GitStep next, bool exactOutput = false);
    void gitWithRetry(const QStringList &arguments, int attempts, const GitStep &next,
                      int attempt = 1);
    // Full ref name -> object id, for those of `refs` that exist (`git for-each-ref`).
    using RefIds = QHash<QString, QString>;
    void readRefs(const QStringList &refs, const GitReply<RefIds> &next);
    // The task branch's commits as the preparation found them; empty: no such branch.
    struct TaskBranchRefs
    {
        QString local;
        QString remote;
    };
    Error errorOf(const GitRun &run) const;
    QMap<QString, QString> environment(QString *problem, bool withToken);
    // Learns once whether the remote is an http(s) URL, the only kind that gets the token.
    void afterRemoteChecked(std::function<void()> next);
    void fetchAndSwitch(const PreparedBranch &prepared, const GitReply<PreparedBranch> &done);
    void pushRef(PushResult result, const QString &localRef,
                 const std::function<void(PushResult)> &done);
    void finishPush(const PushResult &result, int attempts,
                    const std::function<void(PushResult)> &done);
    // Logs a finished git command and counts it in the run's metrics.
    void reportRun(const GitRun &run) const;

    void rebaseBase(PreparedBranch prepared, const GitReply<PreparedBranch> &done);
    void switchToTaskBranch(PreparedBranch prepared, const TaskBranchRefs &refs,
                            const GitReply<PreparedBranch> &done);
    void switchTo(QStringList arguments, PreparedBranch prepared,
                  const GitReply<PreparedBranch> &done);

    QString m_root;
    GitOptions m_options;
    Logger m_logger;
    ProcessRunner m_runner;
    std::unique_ptr<GitAskPass> m_askPass;
    QTimer m_retryTimer;
    std::function<void()> m_afterRetryDelay;
    std::function<void()> m_abortRetryWait;
    std::optional<bool> m_remoteTakesToken; // unknown until afterRemoteChecked()
    bool m_fromBase = false;
    QString m_replacedRemoteCommit; // the remote task branch a fresh branch replaces on push
    bool m_busy = false;
    bool m_cancelRequested = false;
};

} // namespace necrocode
