// What ProcessRunner runs (a program with arguments, or a shell command line) and what it
// reports back when the process and everything it started have ended.
#pragma once

#include "log/SecretMasker.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <memory>

namespace necrocode {

// Kernel resource limits (setrlimit) applied to the command and everything it starts; 0 leaves a
// limit as inherited. The process count is enforced by the kernel only for a user other than root.
struct ProcessLimits
{
    qint64 dataBytes = 0;     // RLIMIT_DATA: heap and private writable memory
    qint64 fileBytes = 0;     // RLIMIT_FSIZE: largest file it may write
    qint64 maxProcesses = 0;  // RLIMIT_NPROC
    bool noCoreDumps = false; // RLIMIT_CORE 0

    bool isEmpty() const { return !dataBytes && !fileBytes && !maxProcesses && !noCoreDumps; }
};

struct ProcessSpec
{
    static constexpr qsizetype kDefaultOutputLimitBytes = qsizetype{1024} * 1024;
    static constexpr int kDefaultKillGraceMs = 2000;
    // Commands (git, tests) run this much nicer than the runner: its own threads (lease renewals,
    // service calls, the health endpoint, the log) get a core first when they wake up, and the
    // commands use every cycle left over.
    static constexpr int kDefaultNicenessIncrement = 10;

    QString program; // run directly with `arguments`; ignored when shellCommand is set
    QStringList arguments;
    QString shellCommand; // non-empty: run as `/bin/sh -c shellCommand`
    QString workingDirectory;
    // Added to (or replacing) the inherited environment, after sensitive variables were removed.
    QMap<QString, QString> environment;
    // false: the process gets `environment` and nothing else (a sandbox starts from nothing).
    bool inheritEnvironment = true;
    ProcessLimits limits;
    // Variables whose names look like credentials (GIT_TOKEN, LLM_API_KEY, ..., see
    // SecretMasker::isSensitiveKey) are not passed on unless this is set.
    bool inheritSensitiveEnvironment = false;
    int nicenessIncrement = kDefaultNicenessIncrement;     // added to the runner's, up to 19
    int timeoutMs = 0;                                     // 0: no timeout
    int killGraceMs = kDefaultKillGraceMs;                 // SIGTERM, then SIGKILL after this long
    bool separateErrorOutput = false;                      // false: stderr is merged into `output`
    qsizetype outputLimitBytes = kDefaultOutputLimitBytes; // per captured channel
    std::shared_ptr<const SecretMasker> masker; // applied to the captured output when set
    // Only the masker's known secrets are replaced, no credential shape: for output that must
    // stay byte-for-byte what git holds (a diff).
    bool maskKnownSecretsOnly = false;

    static ProcessSpec shell(QString command);
    static ProcessSpec command(QString program, QStringList arguments);

    // The command as a person would type it, for logs and results (not masked).
    QString displayCommand() const;
};

// `word` as one POSIX shell word: as it is when it holds only plainly safe characters, else in
// single quotes.
QString shellQuote(const QString &word);

struct ProcessOutcome
{
    int exitCode = -1;
    bool failedToStart = false;
    bool crashed = false;   // ended by a signal that the runner did not send
    bool timedOut = false;  // the runner stopped it because its timeout expired
    bool cancelled = false; // the runner stopped it because cancel() was called
    QString output;         // stdout, with stderr merged in unless asked for separately
    QString errorOutput;    // stderr when separateErrorOutput was set
    bool outputTruncated = false;
    QString errorMessage; // why it could not start, or how it was stopped
    double durationSeconds = 0;

    bool succeeded() const
    {
        return !failedToStart && !crashed && !timedOut && !cancelled && exitCode == 0;
    }
    // "exit code 2", "timed out after 1.5 s", "could not start: ...", ...
    QString describe() const;
};

} // namespace necrocode
