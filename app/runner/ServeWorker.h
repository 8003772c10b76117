// A long-lived headless worker: claims ready tasks from the Task Registry and runs them on a
// runner pool, checks its four services, and serves /livez /readyz /health /metrics and the
// /logs event stream, and sends heartbeats to the registry's worker list. stop() takes no new task,
// lets the running ones finish within the grace period and then cancels the rest (each cancellation
// is reported to the registry); a second stop() cancels at once. stopped() follows when nothing
// runs any more.
#pragma once

#include "core/RunnerConfig.h"
#include "log/LogDispatcher.h"
#include "log/LogHub.h"
#include "log/Logger.h"

#include <QObject>
#include <QTimer>
#include <QUrl>

#include <memory>

namespace necrocode {

class EngineHost;
class WorkerHeartbeat;
struct ExecutionMetrics;

struct ServeOptions
{
    QString workerId;
    QString spec; // empty: tasks of every spec
    int pollIntervalMs = 1000;
    int graceSeconds = 30;
};

class ServeWorker : public QObject
{
    Q_OBJECT

public:
    // `logs` is the process's dispatcher; the worker adds its log hub to it for /logs.
    ServeWorker(RunnerConfig config, std::shared_ptr<LogDispatcher> logs, ServeOptions options,
                QObject *parent = nullptr);
    ~ServeWorker() override;

    // Listens on the configured health address and port, then starts checking and claiming.
    // Returns the worker's base URL; the error names the address.
    Result<QUrl> start();
    void stop();
    bool isStopping() const { return m_stopping; }

Q_SIGNALS:
    void runFinished(const necrocode::ExecutionMetrics &metrics, bool success);
    void stopped();

private:
    void cancelRemaining();
    void finishIfIdle();

    RunnerConfig m_config;
    std::shared_ptr<LogDispatcher> m_logs;
    std::shared_ptr<LogHub> m_hub;
    ServeOptions m_options;
    Logger m_logger;
    std::unique_ptr<EngineHost> m_host;
    std::unique_ptr<WorkerHeartbeat> m_heartbeat;
    QTimer m_grace;
    bool m_stopping = false;
    bool m_stopped = false;
};

} // namespace necrocode
