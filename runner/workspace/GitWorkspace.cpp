#include "workspace/GitWorkspace.h"

#include "log/RunEventReport.h"
#include "workspace/GitHardening.h"

#include <QRegularExpression>

namespace necrocode {

namespace {

Error cancelledError(const QString &what)
{
    return makeError(QStringLiteral("%1 was cancelled").arg(what), QStringLiteral("cancelled"));
}

// The git subcommand of an argument list, skipping "-c name=value" settings.
QString subcommandOf(const QStringList &arguments)
{
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        if (arguments.at(i) == QLatin1String("-c")) {
            ++i;
            continue;
        }
        if (!arguments.at(i).startsWith(QLatin1Char('-')))
            return arguments.at(i);
    }
    return QString();
}

bool isRemoteCommand(const QStringList &arguments)
{
    static const QStringList remote{QStringLiteral("fetch"), QStringLiteral("push"),
                                    QStringLiteral("pull"), QStringLiteral("ls-remote")};
    return remote.contains(subcommandOf(arguments));
}

// A rejection by the remote (hook, protection, non-fast-forward) does not change on retry.
bool isRejection(const ProcessOutcome &outcome)
{
    return outcome.errorOutput.contains(QLatin1String("[rejected]")) ||
           outcome.errorOutput.contains(QLatin1String("[remote rejected]"));
}

} // namespace

GitWorkspace::GitWorkspace(QString root, GitOptions options, Logger logger, QObject *parent)
    : QObject(parent), m_root(std::move(root)), m_options(std::move(options)),
      m_logger(std::move(logger)), m_runner(this), m_retryTimer(this)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        auto resume = std::exchange(m_afterRetryDelay, nullptr);
        m_abortRetryWait = nullptr;
        if (resume)
            resume();
    });
}

GitWorkspace::~GitWorkspace() = default;

QString GitWorkspace::branchNameProblem(const QString &name)
{
    static const QRegularExpression forbidden(QStringLiteral("[\\x00-\\x20~^:?*\\[\\\\\\x7f]"));
    if (name.isEmpty())
        return QStringLiteral("the branch name is empty");
    if (name.startsWith(QLatin1Char('-')) || name.startsWith(QLatin1Char('/')) ||
        name.endsWith(QLatin1Char('/')) || name.endsWith(QLatin1Char('.')) ||
        name.endsWith(QLatin1String(".lock")) || name.contains(QLatin1String("..")) ||
        name.contains(QLatin1String("//")) || name.contains(QLatin1String("@{")) ||
        name.contains(QLatin1String("/.")) || name.startsWith(QLatin1Char('.')) ||
        name == QLatin1String("@") || name.contains(forbidden))
        return QStringLiteral("'%1' is not a valid branch name").arg(name);
    return QString();
}

template <typename Arg> bool GitWorkspace::begin(std::function<void(Arg)> &done, Arg refusal)
{
    if (m_busy) {
        later([refused = std::move(done), refusal = std::move(refusal)] { refused(refusal); });
        return false;
    }
    m_busy = true;
    m_cancelRequested = false;
    done = [this, inner = std::move(done)](Arg result) {
        m_busy = false;
        m_cancelRequested = false;
        inner(std::move(result));
    };
    return true;
}

void GitWorkspace::later(std::function<void()> action)
{
    QMetaObject::invokeMethod(this, std::move(action), Qt::QueuedConnection);
}

QMap<QString, QString> GitWorkspace::environment(QString *problem, bool withToken)
{
    QMap<QString, QString> environment = hardenedGitEnvironment();
    environment.insert({
        // An empty GIT_ASKPASS also keeps git from falling back to a desktop SSH_ASKPASS dialog.
        {QStringLiteral("GIT_ASKPASS"), QString()},
        {QStringLiteral("SSH_ASKPASS_REQUIRE"), QStringLiteral("never")},
        // The runner's identity for every commit git makes (commit, rebase), whatever the
        // environment or the machine's configuration say.
        {QStringLiteral("GIT_AUTHOR_NAME"), m_options.userName},
        {QStringLiteral("GIT_AUTHOR_EMAIL"), m_options.userEmail},
        {QStringLiteral("GIT_COMMITTER_NAME"), m_options.userName},
        {QStringLiteral("GIT_COMMITTER_EMAIL"), m_options.userEmail},
    });
    if (m_options.token.isEmpty() || !withToken)
        return environment;
    if (!m_askPass) {
        auto helper = GitAskPass::create();
        if (!helper) {
            *problem = helper.errorMessage();
            return environment;
        }
        m_askPass = std::move(helper).value();
    }
    environment.insert(m_askPass->environment(m_options.tokenUser, m_options.token));
    return environment;
}

void GitWorkspace::git(QStringList arguments, GitStep next, bool exactOutput)
{
    GitRun refused{arguments, {}, 1};
    if (m_cancelRequested) {
        refused.outcome.cancelled = true;
        later([next = std::move(next), refused] { next(refused); });
        return;
    }
    QString problem;
    // The token goes only to the commands that talk to an http(s) remote: never to a local
    // remote's receive-pack and its hooks, nor to diff, gc or maintenance.
    const bool withToken = m_remoteTakesToken.value_or(false) && isRemoteCommand(arguments);
    QMap<QString, QString> environment = this->environment(&problem, withToken);
    if (!problem.isEmpty()) {
        refused.outcome.failedToStart = true;
        refused.outcome.errorMessage = problem;
        later([next = std::move(next), refused] { next(refused); });
        return;
    }
    ProcessSpec spec = ProcessSpec::command(m_options.program, hardenedGitOptions() + arguments);
    spec.workingDirectory = m_root;
    spec.environment = std::move(environment);
    spec.timeoutMs = m_options.commandTimeoutMs;
    spec.separateErrorOutput = true;
    spec.outputLimitBytes = m_options.outputLimitBytes;
    spec.masker = m_options.masker;
    spec.maskKnownSecretsOnly = exactOutput;
    m_runner.start(std::move(spec), [this, arguments = std::move(arguments),
                                     next = std::move(next)](const ProcessOutcome &outcome) {
        const GitRun run{arguments, outcome, 1};
        reportRun(run);
        next(run);
    });
}

void GitWorkspace::gitWithRetry(const QStringList &arguments, int attempts, const GitStep &next,
                                int attempt)
{
    git(arguments, [this, arguments, attempts, next, attempt](const GitRun &run) {
        GitRun counted = run;
        counted.attempts = attempt;
        const bool retry = !run.ok() && attempt < attempts && !run.outcome.cancelled &&
                           !run.outcome.failedToStart && !isRejection(run.outcome);
        if (!retry) {
            next(counted);
            return;
        }
        const Error error = errorOf(counted);
        m_logger.warning(QStringLiteral("git %1 failed, retrying").arg(subcommandOf(arguments)),
                         {{QStringLiteral("operation"),
                           QString(QStringLiteral("git_") + subcommandOf(arguments))},
                          {QStringLiteral("attempt"), attempt},
                          {QStringLiteral("max_attempts"), attempts},
                          {QStringLiteral("delay_seconds"), m_options.retryDelayMs / 1000.0},
                          {QStringLiteral("error"), error.message},
                          {QStringLiteral("error_type"), error.kind}});
        m_afterRetryDelay = [this, arguments, attempts, next, attempt] {
            gitWithRetry(arguments, attempts, next, attempt + 1);
        };
        m_abortRetryWait = [next, counted] {
            GitRun aborted = counted;
            aborted.outcome.cancelled = true;
            next(aborted);
        };
        m_retryTimer.start(std::max(m_options.retryDelayMs, 0));
    });
}

void GitWorkspace::readRefs(const QStringList &refs, const GitReply<RefIds> &next)
{
    git(QStringList{QStringLiteral("for-each-ref"),
                    QStringLiteral("--format=%(objectname) %(refname)")} +
            refs,
        [this, refs, next](const GitRun &run) {
            if (!run.ok())
                return next(errorOf(run));
            // A pattern also matches the refs below it (refs/heads/a matches refs/heads/a/b):
            // only exact names count.
            RefIds found;
            for (const QString &line :
                 run.outcome.output.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
                const QString name = line.section(QLatin1Char(' '), 1).trimmed();
                if (refs.contains(name))
                    found.insert(name, line.section(QLatin1Char(' '), 0, 0));
            }
            next(found);
        });
}

Error GitWorkspace::errorOf(const GitRun &run) const
{
    const QString command =
        ProcessSpec::command(QStringLiteral("git"), run.arguments).displayCommand();
    const ProcessOutcome &o = run.outcome;
    if (o.cancelled)
        return cancelledError(command);
    if (o.failedToStart)
        return makeError(QStringLiteral("could not run %1: %2").arg(command, o.errorMessage),
                         QStringLiteral("git"));
    // git writes some of the explanation to stdout (a rebase's CONFLICT lines): keep both,
    // stdout only as far as its last few lines.
    QStringList parts;
    if (const QString stderrText = o.errorOutput.trimmed(); !stderrText.isEmpty())
        parts.append(stderrText);
    if (const QString stdoutText = o.output.trimmed(); !stdoutText.isEmpty())
        parts.append(stdoutText.size() > 2000 ? QStringLiteral("...") + stdoutText.right(2000)
                                              : stdoutText);
    const QString detail = parts.join(QLatin1Char('\n'));
    const QString attempts =
        run.attempts > 1 ? QStringLiteral(" after %1 attempts").arg(run.attempts) : QString();
    if (o.timedOut)
        return makeError(
            QStringLiteral("%1 timed out after %2 s%3%4")
                .arg(command)
                .arg(m_options.commandTimeoutMs / 1000.0)
                .arg(attempts, detail.isEmpty() ? QString() : QStringLiteral(": ") + detail),
            QStringLiteral("timeout"));
    return makeError(QStringLiteral("%1 failed%2 (%3)%4")
                         .arg(command, attempts, o.describe(),
                              detail.isEmpty() ? QString() : QStringLiteral(": ") + detail),
                     QStringLiteral("git"));
}

void GitWorkspace::reportRun(const GitRun &run) const
{
    if (!m_options.events && !m_logger.isEnabled(LogLevel::Debug))
        return;
    run_event::GitCommand command{
        .operation = QString(QStringLiteral("git_") + subcommandOf(run.arguments)),
        .command = ProcessSpec::command(QStringLiteral("git"), run.arguments).displayCommand(),
        .exitCode = run.outcome.exitCode,
        .durationSeconds = run.outcome.durationSeconds,
        .success = run.ok()};
    if (!run.ok())
        command.error = errorOf(run).message;
    reportRunEvent(m_logger, m_options.events.get(), LogLevel::Debug,
                   QStringLiteral("git %1").arg(subcommandOf(run.arguments)), command);
}

void GitWorkspace::cancel()
{
    if (!m_busy)
        return;
    m_cancelRequested = true;
    if (m_runner.isRunning()) {
        m_runner.cancel();
    } else if (m_retryTimer.isActive()) {
        m_retryTimer.stop();
        m_afterRetryDelay = nullptr;
        if (auto abort = std::exchange(m_abortRetryWait, nullptr))
            later(std::move(abort));
    }
}

void GitWorkspace::prepareBranch(const QString &baseBranch, const QString &branchName,
                                 GitReply<PreparedBranch> done, bool fromBase)
{
    m_fromBase = fromBase;
    m_replacedRemoteCommit.clear();
    if (!begin<Result<PreparedBranch>>(
            done, makeError(QStringLiteral("another git operation is still running"),
                            QStringLiteral("busy"))))
        return;
    for (const QString &name : {baseBranch, branchName}) {
        const QString problem = branchNameProblem(name);
        if (!problem.isEmpty()) {
            later([done, problem] { done(makeError(problem, QStringLiteral("git"))); });
            return;
        }
    }
    PreparedBranch prepared;
    prepared.baseBranch = baseBranch;
    prepared.branchName = branchName;
    afterRemoteChecked([this, prepared, done] { fetchAndSwitch(prepared, done); });
}

void GitWorkspace::afterRemoteChecked(std::function<void()> next)
{
    if (m_remoteTakesToken || m_options.token.isEmpty()) {
        later(std::move(next));
        return;
    }
    git({QStringLiteral("remote"), QStringLiteral("get-url"), m_options.remote},
        [this, next = std::move(next)](const GitRun &run) {
            const QString url = run.standardOutput();
            m_remoteTakesToken = run.ok() && (url.startsWith(QLatin1String("https://")) ||
                                              url.startsWith(QLatin1String("http://")));
            next();
        });
}

void GitWorkspace::fetchAndSwitch(const PreparedBranch &prepared,
                                  const GitReply<PreparedBranch> &done)
{
    gitWithRetry({QStringLiteral("fetch"), QStringLiteral("--prune"), m_options.remote},
                 m_options.fetchAttempts, [this, prepared, done](const GitRun &fetch) {
                     if (!fetch.ok())
                         return done(errorOf(fetch));
                     git({QStringLiteral("switch"), QStringLiteral("--quiet"), prepared.baseBranch},
                         [this, prepared, done](const GitRun &run) {
                             if (!run.ok())
                                 return done(errorOf(run));
                             rebaseBase(prepared, done);
                         });
                 });
}

void GitWorkspace::rebaseBase(PreparedBranch prepared, const GitReply<PreparedBranch> &done)
{
    // One command reads every ref the preparation looks at; rebasing the base moves none of them.
    const QString remoteBase = m_options.remote + QLatin1Char('/') + prepared.baseBranch;
    const QString remoteBaseRef = QStringLiteral("refs/remotes/") + remoteBase;
    const QString localBranchRef = QStringLiteral("refs/heads/") + prepared.branchName;
    const QString remoteBranchRef =
        QStringLiteral("refs/remotes/") + m_options.remote + QLatin1Char('/') + prepared.branchName;
    readRefs({remoteBaseRef, localBranchRef, remoteBranchRef}, [this, prepared, remoteBase,
                                                                remoteBaseRef, localBranchRef,
                                                                remoteBranchRef,
                                                                done](const Result<RefIds>
                                                                          &refs) mutable {
        if (!refs)
            return done(refs.error());
        const TaskBranchRefs branchRefs{refs->value(localBranchRef), refs->value(remoteBranchRef)};
        if (!refs->contains(remoteBaseRef)) {
            m_logger.info(QStringLiteral("no remote branch %1 yet: rebase skipped").arg(remoteBase),
                          {{QStringLiteral("operation"), QStringLiteral("git_rebase")}});
            return switchToTaskBranch(prepared, branchRefs, done);
        }
        git({QStringLiteral("rebase"), QStringLiteral("--quiet"), remoteBase},
            [this, prepared, branchRefs, done](const GitRun &rebase) mutable {
                if (rebase.ok()) {
                    prepared.rebased = true;
                    return switchToTaskBranch(prepared, branchRefs, done);
                }
                const Error error = errorOf(rebase);
                if (rebase.outcome.cancelled)
                    return done(error);
                git({QStringLiteral("rebase"), QStringLiteral("--abort")},
                    [done, error](const GitRun &) { done(error); });
            });
    });
}

void GitWorkspace::switchToTaskBranch(PreparedBranch prepared, const TaskBranchRefs &refs,
                                      const GitReply<PreparedBranch> &done)
{
    const QString branch = prepared.branchName;
    if (m_fromBase) {
        // The remote branch, if any, is what the push will replace; nothing of it is used.
        m_replacedRemoteCommit = refs.remote;
        return switchTo({QStringLiteral("switch"), QStringLiteral("--quiet"),
                         QStringLiteral("--force-create"), branch},
                        prepared, done);
    }
    if (!refs.local.isEmpty()) {
        prepared.reused = true;
        return switchTo({QStringLiteral("switch"), QStringLiteral("--quiet"), branch}, prepared,
                        done);
    }
    QStringList arguments{QStringLiteral("switch"), QStringLiteral("--quiet"),
                          QStringLiteral("--create"), branch};
    prepared.reused = !refs.remote.isEmpty();
    if (prepared.reused)
        arguments << QStringLiteral("--track") << m_options.remote + QLatin1Char('/') + branch;
    switchTo(arguments, prepared, done);
}

void GitWorkspace::switchTo(QStringList arguments, PreparedBranch prepared,
                            const GitReply<PreparedBranch> &done)
{
    git(std::move(arguments), [this, prepared, done](const GitRun &run) mutable {
        if (!run.ok())
            return done(errorOf(run));
        git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")},
            [this, prepared, done](const GitRun &head) mutable {
                if (!head.ok())
                    return done(errorOf(head));
                prepared.headCommit = head.standardOutput();
                m_logger.info(QStringLiteral("%1 branch %2 on %3")
                                  .arg(prepared.reused ? QStringLiteral("reusing")
                                                       : QStringLiteral("created"),
                                       prepared.branchName, prepared.headCommit.left(12)),
                              {{QStringLiteral("operation"), QStringLiteral("git_switch")},
                               {QStringLiteral("branch"), prepared.branchName},
                               {QStringLiteral("base_branch"), prepared.baseBranch},
                               {QStringLiteral("reused"), prepared.reused},
                               {QStringLiteral("rebased"), prepared.rebased}});
                done(prepared);
            });
    });
}

void GitWorkspace::diff(GitReply<WorkspaceDiff> done)
{
    if (!begin<Result<WorkspaceDiff>>(
            done, makeError(QStringLiteral("another git operation is still running"),
                            QStringLiteral("busy"))))
        return;
    git({QStringLiteral("add"), QStringLiteral("--all")}, [this, done](const GitRun &add) {
        if (!add.ok())
            return done(errorOf(add));
        git({QStringLiteral("diff"), QStringLiteral("--cached"), QStringLiteral("--numstat"),
             QStringLiteral("-z"), QStringLiteral("--no-renames"), QStringLiteral("--no-color")},
            [this, done](const GitRun &numstat) {
                if (!numstat.ok())
                    return done(errorOf(numstat));
                WorkspaceDiff diff = WorkspaceDiff::fromNumstat(numstat.outcome.output.toUtf8());
                git(
                    {QStringLiteral("diff"), QStringLiteral("--cached"),
                     QStringLiteral("--no-renames"), QStringLiteral("--no-color"),
                     QStringLiteral("--no-ext-diff")},
                    [this, diff, done](const GitRun &text) mutable {
                        if (!text.ok())
                            return done(errorOf(text));
                        diff.text = text.outcome.output;
                        done(diff);
                    },
                    true);
            });
    });
}

void GitWorkspace::commit(const QString &message, GitReply<QString> done)
{
    if (!begin<Result<QString>>(done,
                                makeError(QStringLiteral("another git operation is still running"),
                                          QStringLiteral("busy"))))
        return;
    git({QStringLiteral("add"), QStringLiteral("--all")}, [this, message, done](const GitRun &add) {
        if (!add.ok())
            return done(errorOf(add));
        git({QStringLiteral("diff"), QStringLiteral("--cached"), QStringLiteral("--quiet")},
            [this, message, done](const GitRun &staged) {
                if (staged.ok())
                    return done(makeError(QStringLiteral("nothing to commit: the change set is "
                                                         "empty (no file differs from HEAD)"),
                                          QStringLiteral("empty_change_set")));
                if (staged.outcome.exitCode != 1 || staged.outcome.timedOut ||
                    staged.outcome.cancelled || staged.outcome.crashed)
                    return done(errorOf(staged));
                git({QStringLiteral("-c"), QStringLiteral("user.name=") + m_options.userName,
                     QStringLiteral("-c"), QStringLiteral("user.email=") + m_options.userEmail,
                     QStringLiteral("commit"), QStringLiteral("--quiet"), QStringLiteral("-m"),
                     message},
                    [this, done](const GitRun &commit) {
                        if (!commit.ok())
                            return done(errorOf(commit));
                        git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")},
                            [this, done](const GitRun &head) {
                                if (!head.ok())
                                    return done(errorOf(head));
                                done(head.standardOutput());
                            });
                    });
            });
    });
}

void GitWorkspace::push(const QString &branch, std::function<void(PushResult)> done)
{
    PushResult refused;
    refused.branchName = branch;
    refused.error = QStringLiteral("another git operation is still running");
    if (!begin<PushResult>(done, refused))
        return;
    const QString problem = branchNameProblem(branch);
    if (!problem.isEmpty()) {
        PushResult invalid;
        invalid.branchName = branch;
        invalid.error = problem;
        later([done, invalid] { done(invalid); });
        return;
    }
    const QString localRef = QStringLiteral("refs/heads/") + branch;
    git({QStringLiteral("rev-parse"), QStringLiteral("--verify"), localRef},
        [this, branch, localRef, done](const GitRun &head) {
            PushResult result;
            result.branchName = branch;
            if (!head.ok()) {
                result.error = errorOf(head).message;
                return done(result);
            }
            result.commitHash = head.standardOutput();
            afterRemoteChecked([this, result, localRef, done] { pushRef(result, localRef, done); });
        });
}

void GitWorkspace::pushRef(PushResult result, const QString &localRef,
                           const std::function<void(PushResult)> &done)
{
    QStringList arguments{QStringLiteral("push"), QStringLiteral("--set-upstream")};
    if (m_fromBase)
        arguments.append(
            QStringLiteral("--force-with-lease=%1:%2").arg(localRef, m_replacedRemoteCommit));
    arguments << m_options.remote << localRef + QLatin1Char(':') + localRef;
    gitWithRetry(
        arguments, m_options.pushAttempts,
        [this, result, localRef, done](const GitRun &push) mutable {
            result.retryCount = push.attempts - 1;
            if (!push.ok()) {
                result.error = errorOf(push).message;
                return finishPush(result, push.attempts, done);
            }
            // What the remote now holds must be this commit, not merely "a push went through".
            git({QStringLiteral("ls-remote"), m_options.remote, localRef},
                [this, result, attempts = push.attempts, done](const GitRun &remote) mutable {
                    const QString remoteHead =
                        remote.standardOutput().section(QLatin1Char('\t'), 0, 0);
                    result.success = remote.ok() && remoteHead == result.commitHash;
                    if (!remote.ok())
                        result.error = errorOf(remote).message;
                    else if (!result.success)
                        result.error = QStringLiteral("the remote branch %1 is at %2, not at the "
                                                      "pushed commit %3")
                                           .arg(result.branchName,
                                                remoteHead.isEmpty() ? QStringLiteral("nothing")
                                                                     : remoteHead.left(12),
                                                result.commitHash.left(12));
                    finishPush(result, attempts, done);
                });
        });
}

void GitWorkspace::finishPush(const PushResult &result, int attempts,
                              const std::function<void(PushResult)> &done)
{
    m_logger.log(result.success ? LogLevel::Info : LogLevel::Error,
                 result.success ? QStringLiteral("pushed %1").arg(result.branchName)
                                : QStringLiteral("push of %1 failed").arg(result.branchName),
                 {{QStringLiteral("operation"), QStringLiteral("git_push")},
                  {QStringLiteral("branch"), result.branchName},
                  {QStringLiteral("commit"), result.commitHash},
                  {QStringLiteral("attempt"), attempts},
                  {QStringLiteral("error"), result.error}});
    done(result);
}

void GitWorkspace::currentCommit(GitReply<QString> done)
{
    if (!begin<Result<QString>>(done,
                                makeError(QStringLiteral("another git operation is still running"),
                                          QStringLiteral("busy"))))
        return;
    git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}, [this, done](const GitRun &head) {
        if (!head.ok())
            return done(errorOf(head));
        done(head.standardOutput());
    });
}

} // namespace necrocode
