// One whole engine built from a RunnerConfig: the runner pool on worker threads, the task feeder
// that claims ready tasks from the registry, the health checks of the four services and the
// health server (/livez /readyz /health /metrics /logs). `necrocode-runner serve` and the console
// host it; what each adds (a grace period on stop, notices, embedded services) stays theirs.
#pragma once

#include "core/RunnerConfig.h"
#include "health/HealthThresholds.h"
#include "log/Logger.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>

#include <memory>

namespace necrocode {

class HealthServer;
class LogDispatcher;
class LogHub;
class RunnerPool;
class ServiceHealthMonitor;
class TaskFeeder;
struct HealthStatus;
struct Readiness;

class EngineHost : public QObject
{
    Q_OBJECT

public:
    // `hub` is what /logs serves: the caller keeps it among the dispatcher's sinks. `workerId`
    // names this process in the registry's claims and in /health; the feeder, the health
    // checks and the sandbox report log under `logger`.
    EngineHost(const RunnerConfig &config, const std::shared_ptr<LogDispatcher> &logs,
               std::shared_ptr<LogHub> hub, QString workerId, HealthThresholds thresholds,
               Logger logger, QObject *parent = nullptr);
    // Stops taking tasks; the pool cancels what still runs and joins its threads.
    ~EngineHost() override;

    RunnerPool &pool() const { return *m_pool; }
    TaskFeeder &feeder() const { return *m_feeder; }
    ServiceHealthMonitor &health() const { return *m_health; }
    HealthServer &server() const { return *m_server; }
    const QString &workerId() const { return m_workerId; }

    // Serves on `address`:`port` (0: any free port); the error names the address.
    Result<QUrl> listen(const QString &address, int port);

    // Settings for the runs started from now on, the task intake and the health checks.
    void applyConfig(const RunnerConfig &config, const HealthThresholds &thresholds);

    // While stopping, /readyz answers 503 and /health says so.
    void setStopping(bool stopping) { m_stopping = stopping; }
    bool isStopping() const { return m_stopping; }

    // The services' health with what runs now, what is queued and what the registry still owes.
    HealthStatus status() const;
    Readiness readiness() const;

private:
    QString m_workerId;
    Logger m_logger;
    QNetworkAccessManager m_network; // the health checks'
    std::unique_ptr<RunnerPool> m_pool;
    std::unique_ptr<TaskFeeder> m_feeder;
    std::unique_ptr<ServiceHealthMonitor> m_health;
    std::unique_ptr<HealthServer> m_server;
    QString m_tlsCertificateFile; // health.tls_*: read when the server starts listening
    QString m_tlsKeyFile;
    bool m_stopping = false;
};

} // namespace necrocode
