// Runs a playbook's steps one after the other in the workspace, asynchronously: conditions,
// for_each, retries after a delay, a timeout per command capped by the task's deadline, fail-fast
// or continue, bounded and masked output. Cancellable; lives in the thread that created it.
#pragma once

#include "engine/Playbook.h"
#include "engine/PlaybookReport.h"
#include "engine/PlaybookVariables.h"
#include "log/Logger.h"
#include "workspace/ProcessRunner.h"
#include "workspace/Sandbox.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <functional>

namespace necrocode {

struct PlaybookRunOptions
{
    QString workspace;
    PlaybookVariables variables;
    // A failing step (unless continue_on_error) stops the run; otherwise the other steps still
    // run and the run fails at the end.
    bool failFast = true;
    int defaultStepTimeoutSeconds = 900; // for steps without timeout_seconds
    // The task's time budget: no command runs past it; when it is used up the run stops.
    QDeadlineTimer deadline{QDeadlineTimer::Forever};
    QMap<QString, QString> environment; // added to every command's environment
    std::shared_ptr<const SecretMasker> masker;
    qsizetype outputLimitBytes = qsizetype{256} * 1024;
    int killGraceMs = ProcessSpec::kDefaultKillGraceMs;
    SandboxPolicy sandbox; // every command runs confined to the workspace unless mode is none
};

class PlaybookRunner : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(const PlaybookReport &)>;

    explicit PlaybookRunner(Logger logger, QObject *parent = nullptr);

    // `done` runs exactly once, later, from the event loop. Running while a run is in progress
    // reports a failed run at once and leaves the other run alone.
    void run(Playbook playbook, PlaybookRunOptions options, Callback done);
    // Stops the running command's process tree; the report says `cancelled`.
    void cancel();
    bool isRunning() const { return static_cast<bool>(m_done); }

private:
    const PlaybookStep &currentStep() const { return m_playbook.steps.at(m_stepIndex); }
    void startStep();
    void runCommand();
    void onCommandFinished(const ProcessOutcome &outcome);
    void record(const QString &command, const ProcessOutcome &outcome, const QString &note = {});
    void finishStep(PlaybookStepStatus status, const QString &note = {});
    void stopRun(const QString &reason, PlaybookStepStatus remaining);
    void finish();
    QString masked(const QString &text) const;

    Logger m_logger;
    ProcessRunner m_process;
    QTimer m_retryTimer;
    QElapsedTimer m_clock;

    Playbook m_playbook;
    PlaybookRunOptions m_options;
    Callback m_done;
    PlaybookReport m_report;
    PlaybookStepReport m_stepReport;
    qsizetype m_stepIndex = 0;
    QStringList m_commands; // the current step's commands, variables expanded
    qsizetype m_commandIndex = 0;
    int m_attempt = 0; // of the current command
    bool m_stepFailed = false;
    bool m_runFailed = false;
    bool m_cancelled = false;
    bool m_budgetUsedUp = false; // the task's deadline passed: nothing more may run
};

} // namespace necrocode
