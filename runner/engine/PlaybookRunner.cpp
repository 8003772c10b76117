#include "engine/PlaybookRunner.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace necrocode {

namespace {

const QLatin1StringView kBudgetUsedUp("the task's time budget is used up");

QString quotedName(const QString &name)
{
    return QLatin1Char('\'') + name + QLatin1Char('\'');
}

} // namespace

PlaybookRunner::PlaybookRunner(Logger logger, QObject *parent)
    : QObject(parent), m_logger(std::move(logger)), m_process(this), m_retryTimer(this)
{
    m_retryTimer.setSingleShot(true);
    // A coarse timer may fire up to 5 % early; a retry delay is a minimum.
    m_retryTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_retryTimer, &QTimer::timeout, this, &PlaybookRunner::runCommand);
}

QString PlaybookRunner::masked(const QString &text) const
{
    return m_options.masker ? m_options.masker->mask(text) : text;
}

void PlaybookRunner::run(Playbook playbook, PlaybookRunOptions options, Callback done)
{
    if (isRunning()) {
        PlaybookReport refused;
        refused.playbook = playbook.name;
        refused.error = QStringLiteral("another playbook run is in progress");
        QMetaObject::invokeMethod(
            this, [done = std::move(done), refused] { done(refused); }, Qt::QueuedConnection);
        return;
    }
    m_playbook = std::move(playbook);
    m_options = std::move(options);
    m_done = std::move(done);
    m_report = PlaybookReport{};
    m_report.playbook = m_playbook.name;
    m_stepIndex = 0;
    m_runFailed = false;
    m_cancelled = false;
    m_budgetUsedUp = false;
    m_clock.start();
    m_logger.info(QStringLiteral("running playbook %1").arg(quotedName(m_playbook.name)),
                  {{QStringLiteral("playbook"), m_playbook.name},
                   {QStringLiteral("source"), m_playbook.source},
                   {QStringLiteral("steps"), int(m_playbook.steps.size())}});
    QMetaObject::invokeMethod(this, &PlaybookRunner::startStep, Qt::QueuedConnection);
}

void PlaybookRunner::cancel()
{
    if (!isRunning() || m_cancelled)
        return;
    m_cancelled = true;
    if (m_process.isRunning()) {
        m_process.cancel();
    } else if (m_retryTimer.isActive()) {
        m_retryTimer.stop();
        finishStep(PlaybookStepStatus::Cancelled, QStringLiteral("cancelled before a retry"));
    }
    // Otherwise the next step is queued and sees the cancellation when it starts.
}

void PlaybookRunner::startStep()
{
    if (m_cancelled) {
        stopRun(QStringLiteral("the run was cancelled"), PlaybookStepStatus::Cancelled);
        return;
    }
    if (m_stepIndex >= m_playbook.steps.size()) {
        finish();
        return;
    }
    const PlaybookStep &step = currentStep();
    m_stepReport = PlaybookStepReport{};
    m_stepReport.name = step.name;
    m_stepFailed = false;
    m_commands.clear();
    m_commandIndex = 0;
    m_attempt = 0;

    QString command = step.command;
    if (step.condition) {
        const auto holds = step.condition->evaluate(m_options.variables, m_options.workspace);
        if (!holds)
            return finishStep(PlaybookStepStatus::Failed, holds.errorMessage());
        if (!holds.value()) {
            if (step.elseCommand.isEmpty()) {
                m_logger.info(QStringLiteral("step %1 skipped: %2 is false")
                                  .arg(quotedName(step.name), step.condition->text()),
                              {{QStringLiteral("step"), step.name}});
                return finishStep(
                    PlaybookStepStatus::Skipped,
                    QStringLiteral("condition \"%1\" is false").arg(step.condition->text()));
            }
            command = step.elseCommand;
        }
    }

    const QStringList items =
        step.forEach.isEmpty() ? QStringList{QString()} : m_options.variables.list(step.forEach);
    for (const QString &item : items) {
        PlaybookVariables variables = m_options.variables;
        if (!step.forEach.isEmpty())
            variables.bindItem(step.forEach, item);
        const auto expanded = variables.expand(command, PlaybookVariables::Quoting::Shell);
        if (!expanded)
            return finishStep(PlaybookStepStatus::Failed, expanded.errorMessage());
        m_commands.append(expanded.value());
    }
    if (m_commands.isEmpty()) {
        const QString note = QStringLiteral("nothing to run: '%1' is empty").arg(step.forEach);
        m_logger.info(QStringLiteral("step %1: %2").arg(quotedName(step.name), note),
                      {{QStringLiteral("step"), step.name}});
        return finishStep(PlaybookStepStatus::Succeeded, note);
    }
    runCommand();
}

void PlaybookRunner::runCommand()
{
    if (m_commandIndex >= m_commands.size())
        return finishStep(m_stepFailed ? PlaybookStepStatus::Failed
                                       : PlaybookStepStatus::Succeeded);
    const PlaybookStep &step = currentStep();
    const QString &command = m_commands.at(m_commandIndex);
    if (m_options.deadline.hasExpired()) {
        ProcessOutcome notStarted;
        notStarted.timedOut = true;
        record(command, notStarted, QStringLiteral("not started: ") + kBudgetUsedUp);
        m_budgetUsedUp = true;
        return finishStep(PlaybookStepStatus::Failed, kBudgetUsedUp);
    }
    qint64 timeoutMs =
        qint64(step.timeoutSeconds.value_or(m_options.defaultStepTimeoutSeconds)) * 1000;
    if (!m_options.deadline.isForever())
        timeoutMs = std::min(timeoutMs, m_options.deadline.remainingTime());
    ++m_attempt;
    ++m_stepReport.attempts;
    m_logger.info(QStringLiteral("step %1: running %2").arg(quotedName(step.name), masked(command)),
                  {{QStringLiteral("step"), step.name},
                   {QStringLiteral("command"), masked(command)},
                   {QStringLiteral("attempt"), m_attempt},
                   {QStringLiteral("timeout_seconds"), double(timeoutMs) / 1000.0}});

    ProcessSpec spec = ProcessSpec::shell(command);
    spec.workingDirectory = m_options.workspace;
    spec.environment = m_options.environment;
    spec.timeoutMs = int(std::clamp<qint64>(timeoutMs, 1, std::numeric_limits<int>::max()));
    spec.killGraceMs = m_options.killGraceMs;
    spec.outputLimitBytes = m_options.outputLimitBytes;
    spec.masker = m_options.masker;
    auto confined = Sandbox::confine(std::move(spec), m_options.sandbox, m_options.workspace);
    if (!confined) {
        ProcessOutcome refused;
        refused.failedToStart = true;
        refused.errorMessage = confined.errorMessage();
        return onCommandFinished(refused);
    }
    m_process.start(std::move(confined).value(),
                    [this](const ProcessOutcome &outcome) { onCommandFinished(outcome); });
}

void PlaybookRunner::onCommandFinished(const ProcessOutcome &outcome)
{
    const PlaybookStep &step = currentStep();
    const QString &command = m_commands.at(m_commandIndex);
    if (outcome.cancelled || m_cancelled) {
        record(command, outcome);
        return finishStep(PlaybookStepStatus::Cancelled, QStringLiteral("cancelled"));
    }
    const bool budgetUsedUp = outcome.timedOut && m_options.deadline.hasExpired();
    if (!outcome.succeeded() && !budgetUsedUp && m_attempt <= step.retries) {
        const qint64 delayMs = qint64(std::llround(step.retryDelaySeconds * 1000.0));
        const bool fits =
            m_options.deadline.isForever() || m_options.deadline.remainingTime() > delayMs;
        if (fits) {
            m_logger.warning(QStringLiteral("step %1 failed (%2), retrying")
                                 .arg(quotedName(step.name), outcome.describe()),
                             {{QStringLiteral("step"), step.name},
                              {QStringLiteral("command"), masked(command)},
                              {QStringLiteral("attempt"), m_attempt},
                              {QStringLiteral("max_attempts"), step.retries + 1},
                              {QStringLiteral("delay_seconds"), step.retryDelaySeconds},
                              {QStringLiteral("exit_code"), outcome.exitCode}});
            m_retryTimer.start(int(delayMs));
            return;
        }
    }
    record(command, outcome);
    m_attempt = 0;
    ++m_commandIndex;
    if (outcome.succeeded())
        return runCommand();
    m_stepFailed = true;
    if (budgetUsedUp) {
        m_budgetUsedUp = true;
        return finishStep(PlaybookStepStatus::Failed, kBudgetUsedUp);
    }
    if (!step.continueOnError && m_options.failFast)
        return finishStep(PlaybookStepStatus::Failed);
    runCommand();
}

void PlaybookRunner::record(const QString &command, const ProcessOutcome &outcome,
                            const QString &note)
{
    SingleTestResult result;
    result.command = masked(command);
    result.success = outcome.succeeded();
    result.exitCode = outcome.exitCode;
    result.timedOut = outcome.timedOut;
    result.durationSeconds = outcome.durationSeconds;
    result.output = outcome.output;
    QString ending = note;
    if (ending.isEmpty() && !outcome.succeeded() && outcome.exitCode < 0)
        ending = outcome.describe();
    if (!ending.isEmpty()) {
        if (!result.output.isEmpty() && !result.output.endsWith(QLatin1Char('\n')))
            result.output += QLatin1Char('\n');
        result.output += QStringLiteral("[%1]\n").arg(masked(ending));
    }
    m_logger.log(result.success ? LogLevel::Info : LogLevel::Warning,
                 QStringLiteral("step %1: %2 %3")
                     .arg(quotedName(m_stepReport.name), result.command,
                          result.success ? QStringLiteral("passed")
                                         : QStringLiteral("failed (%1)")
                                               .arg(note.isEmpty() ? outcome.describe() : note)),
                 {{QStringLiteral("step"), m_stepReport.name},
                  {QStringLiteral("command"), result.command},
                  {QStringLiteral("exit_code"), result.exitCode},
                  {QStringLiteral("timed_out"), result.timedOut},
                  {QStringLiteral("duration_seconds"), result.durationSeconds},
                  {QStringLiteral("success"), result.success}});
    m_stepReport.runs.append(std::move(result));
}

void PlaybookRunner::finishStep(PlaybookStepStatus status, const QString &note)
{
    const PlaybookStep &step = currentStep();
    m_stepReport.status = status;
    if (m_stepReport.note.isEmpty())
        m_stepReport.note = note;
    const bool failed = status == PlaybookStepStatus::Failed;
    m_stepReport.continuedOnError = failed && step.continueOnError;
    m_report.steps.append(m_stepReport);
    ++m_stepIndex;

    if (status == PlaybookStepStatus::Cancelled)
        return stopRun(QStringLiteral("the run was cancelled"), PlaybookStepStatus::Cancelled);
    if (m_budgetUsedUp)
        return stopRun(QStringLiteral("step %1: %2").arg(quotedName(step.name), kBudgetUsedUp),
                       PlaybookStepStatus::NotRun);
    if (failed && !step.continueOnError) {
        m_runFailed = true;
        if (m_report.error.isEmpty())
            m_report.error = QStringLiteral("step %1 failed").arg(quotedName(step.name));
        if (m_options.failFast)
            return stopRun(m_report.error, PlaybookStepStatus::NotRun);
    }
    startStep();
}

void PlaybookRunner::stopRun(const QString &reason, PlaybookStepStatus remaining)
{
    if (remaining == PlaybookStepStatus::Cancelled)
        m_cancelled = true;
    else
        m_runFailed = true;
    if (m_report.error.isEmpty())
        m_report.error = reason;
    for (; m_stepIndex < m_playbook.steps.size(); ++m_stepIndex) {
        PlaybookStepReport skipped;
        skipped.name = m_playbook.steps.at(m_stepIndex).name;
        skipped.status = remaining;
        skipped.note = QStringLiteral("not run: %1").arg(reason);
        m_report.steps.append(skipped);
    }
    finish();
}

void PlaybookRunner::finish()
{
    m_report.cancelled = m_cancelled;
    m_report.success = !m_runFailed && !m_cancelled;
    m_report.durationSeconds = double(m_clock.nsecsElapsed()) / 1e9;
    m_logger.log(m_report.success ? LogLevel::Info : LogLevel::Warning,
                 QStringLiteral("playbook %1 %2")
                     .arg(quotedName(m_report.playbook),
                          m_report.success ? QStringLiteral("succeeded")
                                           : QStringLiteral("failed: ") + m_report.error),
                 {{QStringLiteral("playbook"), m_report.playbook},
                  {QStringLiteral("success"), m_report.success},
                  {QStringLiteral("cancelled"), m_report.cancelled},
                  {QStringLiteral("duration_seconds"), m_report.durationSeconds}});
    Callback done = std::move(m_done);
    m_done = nullptr;
    QMetaObject::invokeMethod(
        this, [done = std::move(done), report = m_report] { done(report); }, Qt::QueuedConnection);
}

} // namespace necrocode
