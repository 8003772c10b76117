// Runs git as a child process without ever waiting for a credential prompt
// (GIT_TERMINAL_PROMPT=0), with hooks and every program-running setting of the working copy
// turned off (GitHardening), with a timeout, keeping stderr for error messages.
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QObject>
#include <QProcessEnvironment>
#include <QStringList>

#include <functional>

namespace necrocode {

struct GitOutcome
{
    QString commandLine; // "git clone ..." for messages
    bool started = false;
    bool timedOut = false;
    int exitCode = -1;
    QByteArray standardOutput;
    QByteArray standardError;

    bool ok() const { return started && !timedOut && exitCode == 0; }
    QString firstOutputLine() const;
    // "git fetch failed (exit 128): fatal: ..." with git's own stderr.
    QString failureMessage() const;
};

struct GitStep
{
    QStringList arguments;
    bool mayFail = false;
};

class GitCommand
{
public:
    using Done = std::function<void(const GitOutcome &)>;
    static constexpr int defaultTimeoutMs = 120000;

    // Asynchronous: `done` runs on the calling thread's event loop, and never once `context` is
    // destroyed (the process is then killed with it).
    static void run(const QStringList &arguments, const QString &workingDirectory, QObject *context,
                    const Done &done, int timeoutMs = defaultTimeoutMs);
    // Blocking, for set-up work on a thread that serves nothing yet.
    static GitOutcome runBlocking(const QStringList &arguments, const QString &workingDirectory,
                                  int timeoutMs = defaultTimeoutMs);

    // Kills the git processes started with this context, without calling their callbacks.
    static void abortAll(QObject *context);

    static QProcessEnvironment environment();
};

} // namespace necrocode
