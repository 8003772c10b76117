#include "pool/GitCommand.h"

#include "workspace/GitHardening.h"
#include "workspace/ProcessSpec.h"

#include <QPointer>
#include <QProcess>
#include <QTimer>

#include <memory>

#include <unistd.h>

namespace necrocode {

namespace {

QString describeCommand(const QStringList &arguments)
{
    return QStringLiteral("git ") + arguments.join(QLatin1Char(' '));
}

void configure(QProcess &process, const QStringList &arguments, const QString &workingDirectory)
{
    process.setProgram(QStringLiteral("git"));
    process.setArguments(hardenedGitOptions() + arguments);
    process.setWorkingDirectory(workingDirectory);
    process.setProcessEnvironment(GitCommand::environment());
    process.setStandardInputFile(QProcess::nullDevice());
    // Cloning and cleaning slots is background work: like the runners' commands, it leaves a
    // core to the services' and runners' own threads first.
    process.setChildProcessModifier([] { (void)::nice(ProcessSpec::kDefaultNicenessIncrement); });
}

} // namespace

QString GitOutcome::firstOutputLine() const
{
    return QString::fromUtf8(standardOutput).section(QLatin1Char('\n'), 0, 0).trimmed();
}

QString GitOutcome::failureMessage() const
{
    if (!started)
        return QStringLiteral("%1 could not start: %2")
            .arg(commandLine, QString::fromUtf8(standardError).trimmed());
    if (timedOut)
        return QStringLiteral("%1 timed out and was killed").arg(commandLine);
    return QStringLiteral("%1 failed (exit %2): %3")
        .arg(commandLine)
        .arg(exitCode)
        .arg(QString::fromUtf8(standardError).trimmed());
}

QProcessEnvironment GitCommand::environment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QMap<QString, QString> hardened = hardenedGitEnvironment();
    for (auto it = hardened.cbegin(); it != hardened.cend(); ++it)
        env.insert(it.key(), it.value());
    return env;
}

void GitCommand::run(const QStringList &arguments, const QString &workingDirectory,
                     QObject *context, const Done &done, int timeoutMs)
{
    auto *process = new QProcess(context);
    configure(*process, arguments, workingDirectory);
    auto outcome = std::make_shared<GitOutcome>();
    outcome->commandLine = describeCommand(arguments);
    auto *timer = new QTimer(process);
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, process, [process, outcome] {
        outcome->timedOut = true;
        process->kill();
    });
    QObject::connect(process, &QProcess::errorOccurred, process,
                     [process, outcome, done](QProcess::ProcessError error) {
                         if (error != QProcess::FailedToStart)
                             return;
                         outcome->standardError = process->errorString().toUtf8();
                         process->deleteLater();
                         done(*outcome);
                     });
    QObject::connect(process, &QProcess::finished, process,
                     [process, outcome, done](int exitCode, QProcess::ExitStatus status) {
                         outcome->started = true;
                         outcome->exitCode = status == QProcess::NormalExit ? exitCode : -1;
                         outcome->standardOutput = process->readAllStandardOutput();
                         outcome->standardError = process->readAllStandardError();
                         process->deleteLater();
                         done(*outcome);
                     });
    timer->start(timeoutMs);
    process->start();
}

void GitCommand::abortAll(QObject *context)
{
    const QList<QProcess *> processes =
        context->findChildren<QProcess *>(Qt::FindDirectChildrenOnly);
    for (QProcess *process : processes) {
        process->disconnect();
        process->kill();
        process->waitForFinished(1000);
        delete process;
    }
}

GitOutcome GitCommand::runBlocking(const QStringList &arguments, const QString &workingDirectory,
                                   int timeoutMs)
{
    QProcess process;
    configure(process, arguments, workingDirectory);
    GitOutcome outcome;
    outcome.commandLine = describeCommand(arguments);
    process.start();
    if (!process.waitForStarted(timeoutMs)) {
        outcome.standardError = process.errorString().toUtf8();
        return outcome;
    }
    outcome.started = true;
    if (!process.waitForFinished(timeoutMs)) {
        outcome.timedOut = true;
        process.kill();
        process.waitForFinished(1000);
        return outcome;
    }
    outcome.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    outcome.standardOutput = process.readAllStandardOutput();
    outcome.standardError = process.readAllStandardError();
    return outcome;
}

} // namespace necrocode
