// Runs one command asynchronously in its own process group, so that a timeout or cancel() stops
// the whole process tree (SIGTERM, then SIGKILL after a grace period). Captures bounded, optionally
// masked output; stdin is /dev/null. Lives in the thread that created it; needs its event loop.
#pragma once

#include "workspace/BoundedOutput.h"
#include "workspace/ProcessSpec.h"

#include <QElapsedTimer>
#include <QObject>
#include <QProcess>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

namespace necrocode {

class ProcessRunner : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(const ProcessOutcome &)>;

    explicit ProcessRunner(QObject *parent = nullptr);
    // A process still running is killed with its whole group; its callback is not called.
    ~ProcessRunner() override;

    // Starts `spec`; `done` is called exactly once, always later from the event loop (never from
    // inside start()), when the process has ended and its group was killed. Starting while a
    // process runs reports failedToStart.
    void start(ProcessSpec spec, Callback done);
    // Stops the running process tree; the callback reports `cancelled`. No effect when idle.
    void cancel();

    bool isRunning() const { return m_process != nullptr; }
    // The process id (and process group id) of the running command, 0 when idle.
    qint64 processId() const;

private:
    void stopTree(bool timedOut);
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onErrorOccurred(QProcess::ProcessError error);
    void onReadyRead();
    void onGraceExpired();
    void complete(ProcessOutcome outcome);
    void signalGroup(int signal) const;

    std::unique_ptr<QProcess> m_process; // no QObject parent: released with deleteLater()
    ProcessSpec m_spec;
    Callback m_done;
    std::optional<BoundedOutput> m_output;
    std::optional<BoundedOutput> m_errorOutput;
    QElapsedTimer m_clock;
    QTimer m_timeout;
    QTimer m_grace;
    qint64 m_groupId = 0;
    bool m_timedOut = false;
    bool m_cancelled = false;
};

} // namespace necrocode
