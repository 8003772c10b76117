#include "workspace/ProcessRunner.h"

#include <QProcessEnvironment>

#include <csignal>
#include <sys/resource.h>
#include <sys/types.h>
#include <unistd.h>

namespace necrocode {

namespace {

QProcessEnvironment environmentFor(const ProcessSpec &spec)
{
    // A default-constructed environment is empty: the process then gets no inherited variable.
    QProcessEnvironment environment =
        spec.inheritEnvironment ? QProcessEnvironment::systemEnvironment() : QProcessEnvironment();
    if (spec.inheritEnvironment && !spec.inheritSensitiveEnvironment) {
        const QStringList names = environment.keys();
        for (const QString &name : names)
            if (SecretMasker::isSensitiveKey(name))
                environment.remove(name);
    }
    for (auto it = spec.environment.cbegin(); it != spec.environment.cend(); ++it)
        environment.insert(it.key(), it.value());
    return environment;
}

// Runs in the child between fork and exec: only async-signal-safe calls.
void applyLimits(const ProcessLimits &limits)
{
    const auto set = [](int resource, qint64 value) {
        if (value <= 0)
            return;
        const rlimit limit{rlim_t(value), rlim_t(value)};
        ::setrlimit(resource, &limit);
    };
    set(RLIMIT_DATA, limits.dataBytes);
    set(RLIMIT_FSIZE, limits.fileBytes);
    set(RLIMIT_NPROC, limits.maxProcesses);
    if (limits.noCoreDumps) {
        const rlimit none{0, 0};
        ::setrlimit(RLIMIT_CORE, &none);
    }
}

QString maskedText(const BoundedOutput &output, const ProcessSpec &spec)
{
    QString text = output.text();
    if (!spec.masker)
        return text;
    return spec.maskKnownSecretsOnly ? spec.masker->maskKnownSecrets(text)
                                     : spec.masker->mask(text);
}

} // namespace

ProcessRunner::ProcessRunner(QObject *parent) : QObject(parent)
{
    m_timeout.setSingleShot(true);
    m_timeout.setTimerType(Qt::PreciseTimer); // never early: a deadline-capped timeout is exact
    m_grace.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] { stopTree(true); });
    connect(&m_grace, &QTimer::timeout, this, &ProcessRunner::onGraceExpired);
}

ProcessRunner::~ProcessRunner()
{
    if (!m_process)
        return;
    m_process->disconnect(this);
    signalGroup(SIGKILL);
    // Only reaps the leader, which SIGKILL has already ended.
    m_process->waitForFinished(1000);
}

qint64 ProcessRunner::processId() const
{
    return m_process ? m_process->processId() : 0;
}

void ProcessRunner::start(ProcessSpec spec, Callback done)
{
    if (m_process) {
        ProcessOutcome refused;
        refused.failedToStart = true;
        refused.errorMessage = QStringLiteral("another process is still running");
        QMetaObject::invokeMethod(
            this, [done = std::move(done), refused] { done(refused); }, Qt::QueuedConnection);
        return;
    }
    m_spec = std::move(spec);
    m_done = std::move(done);
    m_output.emplace(m_spec.outputLimitBytes);
    m_errorOutput.emplace(m_spec.outputLimitBytes);
    m_timedOut = false;
    m_cancelled = false;
    m_groupId = 0;

    m_process = std::make_unique<QProcess>();
    QProcess *process = m_process.get();
    if (m_spec.shellCommand.isEmpty()) {
        process->setProgram(m_spec.program);
        process->setArguments(m_spec.arguments);
    } else {
        process->setProgram(QStringLiteral("/bin/sh"));
        process->setArguments({QStringLiteral("-c"), m_spec.shellCommand});
    }
    if (!m_spec.workingDirectory.isEmpty())
        process->setWorkingDirectory(m_spec.workingDirectory);
    process->setProcessEnvironment(environmentFor(m_spec));
    process->setStandardInputFile(QProcess::nullDevice());
    process->setProcessChannelMode(m_spec.separateErrorOutput ? QProcess::SeparateChannels
                                                              : QProcess::MergedChannels);
    // A new session makes the child the leader of its own process group: signalling the group
    // reaches every descendant that did not leave it on purpose, and no terminal can be opened
    // for a password prompt.
    process->setChildProcessModifier([limits = m_spec.limits, niceness = m_spec.nicenessIncrement] {
        ::setsid();
        if (niceness > 0)
            (void)::nice(niceness);
        applyLimits(limits);
    });

    connect(process, &QProcess::readyReadStandardOutput, this, &ProcessRunner::onReadyRead);
    connect(process, &QProcess::readyReadStandardError, this, &ProcessRunner::onReadyRead);
    connect(process, &QProcess::finished, this, &ProcessRunner::onFinished);
    connect(process, &QProcess::errorOccurred, this, &ProcessRunner::onErrorOccurred);

    m_clock.start();
    process->start();
    if (!m_process)
        return; // it could not start and has already reported
    m_groupId = process->processId();
    if (m_spec.timeoutMs > 0)
        m_timeout.start(m_spec.timeoutMs);
}

void ProcessRunner::cancel()
{
    if (!m_process || m_timedOut || m_cancelled)
        return;
    m_cancelled = true;
    stopTree(false);
}

void ProcessRunner::stopTree(bool timedOut)
{
    if (!m_process)
        return;
    if (timedOut) {
        if (m_cancelled)
            return;
        m_timedOut = true;
    }
    m_timeout.stop();
    signalGroup(SIGTERM);
    m_grace.start(std::max(m_spec.killGraceMs, 0));
}

void ProcessRunner::onGraceExpired()
{
    if (!m_process)
        return;
    signalGroup(SIGKILL);
    m_process->kill();
}

void ProcessRunner::signalGroup(int signal) const
{
    if (m_groupId <= 0)
        return;
    const auto leader = static_cast<pid_t>(m_groupId);
    // Right after fork the child may not have made its own group yet: signal it directly then.
    if (::kill(-leader, signal) != 0 && m_process && m_process->state() != QProcess::NotRunning)
        ::kill(leader, signal);
}

void ProcessRunner::onReadyRead()
{
    if (!m_process)
        return;
    if (m_spec.separateErrorOutput) {
        m_output->append(m_process->readAllStandardOutput());
        m_errorOutput->append(m_process->readAllStandardError());
    } else {
        m_output->append(m_process->readAll());
    }
}

void ProcessRunner::onFinished(int exitCode, QProcess::ExitStatus status)
{
    onReadyRead();
    // The leader has ended; whatever it left running in its group goes with it.
    signalGroup(SIGKILL);

    ProcessOutcome outcome;
    outcome.timedOut = m_timedOut;
    outcome.cancelled = m_cancelled;
    if (status == QProcess::NormalExit) {
        outcome.exitCode = exitCode;
    } else {
        outcome.crashed = !m_timedOut && !m_cancelled;
        outcome.errorMessage = QStringLiteral("ended by signal %1").arg(exitCode);
    }
    if (m_timedOut)
        outcome.errorMessage = QStringLiteral("timed out after %1 ms").arg(m_spec.timeoutMs);
    else if (m_cancelled)
        outcome.errorMessage = QStringLiteral("cancelled");
    complete(std::move(outcome));
}

void ProcessRunner::onErrorOccurred(QProcess::ProcessError error)
{
    if (error != QProcess::FailedToStart || !m_process)
        return;
    ProcessOutcome outcome;
    outcome.failedToStart = true;
    outcome.errorMessage = m_process->errorString();
    complete(std::move(outcome));
}

void ProcessRunner::complete(ProcessOutcome outcome)
{
    m_timeout.stop();
    m_grace.stop();
    outcome.durationSeconds = double(m_clock.nsecsElapsed()) / 1e9;
    outcome.output = maskedText(*m_output, m_spec);
    outcome.errorOutput = maskedText(*m_errorOutput, m_spec);
    outcome.outputTruncated = m_output->truncated() || m_errorOutput->truncated();
    m_output.reset();
    m_errorOutput.reset();
    m_groupId = 0;

    // This may run inside one of the process's own signals: it must not be deleted here.
    QProcess *process = m_process.release();
    process->disconnect(this);
    process->deleteLater();

    QMetaObject::invokeMethod(
        this, [done = std::move(m_done), outcome = std::move(outcome)] { done(outcome); },
        Qt::QueuedConnection);
}

} // namespace necrocode
