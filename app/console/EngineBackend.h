// The console's backend over the real engine: the local service stack started embedded (unless
// settings point elsewhere), a runner pool on worker threads, health checks of the four services,
// the console's own health server, and the log hub every entry flows into.
#pragma once

#include "health/HealthThresholds.h"
#include "log/LogDispatcher.h"
#include "log/LogHub.h"
#include "log/Logger.h"
#include "net/HttpClient.h"
#include "net/TaskRegistryClient.h"
#include "shell/ConsoleBackend.h"

#include <QNetworkAccessManager>
#include <QTemporaryDir>

#include <chrono>
#include <memory>
#include <optional>
#include <vector>

namespace necrocode {

class EngineHost;
class FleetFollower;
class LocalServiceStack;
class PromptChannel;
class WorkerAttachment;
struct ServiceUrls;

class EngineBackend : public ConsoleBackend
{
    Q_OBJECT

public:
    explicit EngineBackend(RunnerConfig config, QObject *parent = nullptr);
    ~EngineBackend() override;

    // Starts the embedded services in the background; ready() follows.
    void start();

    // Time between two rounds of health checks of the four services, at once and for the rest
    // of the session. Unless set: the configured interval, at most five seconds.
    void setHealthCheckInterval(std::chrono::milliseconds interval);
    std::chrono::milliseconds healthCheckInterval() const;

    LogHub &logHub() override { return *m_hub; }
    RunnerConfig config() const override { return m_config; }
    void applyConfig(const RunnerConfig &config) override;
    void runDemo() override;
    void runTaskFile(const QString &path) override;
    void cancelRun(const QString &runId) override;
    void retryRun(const QString &runId) override;
    void setParallelRunners(int count) override;
    int parallelRunners() const override { return m_config.maxParallelRunners; }
    QString resendPrompt(const ChatRequest &request, const PromptOrigin &origin) override;
    QMap<QString, ServiceAddress> serviceAddresses() const override;
    void stopTakingTasks() override;
    void attach(const QUrl &workerUrl) override;
    void detach(const QString &label) override;
    QStringList attachedWorkers() const override;
    void setAttachToAllWorkers(bool on) override;
    bool attachesToAllWorkers() const override;
    QString fleetRegistryUrl() const override;
    QString fleetProblem() const override;
    void pinWorkerCertificate(const QUrl &workerUrl, const QString &fingerprint) override;
    // The pinned fingerprint of the worker at host:port (QSettings "tls/pinned/<host:port>").
    static QString pinnedCertificateFor(const QString &label);
    // How often the worker list is asked for (default two seconds).
    void setFleetPollInterval(std::chrono::milliseconds interval);

private:
    static bool needsEmbeddedServices(const RunnerConfig &config);
    // `config` with every empty service URL replaced by the embedded service's.
    RunnerConfig resolved(const RunnerConfig &config) const;
    void startEmbeddedServices();
    void onServicesStarted(const ServiceUrls &urls);
    void startEngine();
    void startHealthServer();
    void whenReady(std::function<void()> action);
    // The console's own Task Registry client, on the registry the settings name now.
    TaskRegistryClient &registryClient();
    HealthThresholds healthThresholds() const;
    void startFollowingFleet();
    WorkerAttachment *attachment(const QString &label) const;

    RunnerConfig m_config;    // as the user set it: empty URLs mean the embedded services
    RunnerConfig m_effective; // what the engine runs with: every URL filled in
    std::shared_ptr<LogHub> m_hub;
    std::shared_ptr<LogDispatcher> m_logs;
    Logger m_logger;
    QNetworkAccessManager m_network;
    QTemporaryDir m_dataDirectory;
    std::unique_ptr<LocalServiceStack> m_stack;
    std::unique_ptr<EngineHost> m_host; // once the services it uses are known
    std::unique_ptr<HttpClient> m_http; // the console's own registry calls
    std::unique_ptr<TaskRegistryClient> m_registry;
    std::unique_ptr<PromptChannel> m_prompts; // the playground's calls
    std::vector<std::unique_ptr<WorkerAttachment>> m_attachments;
    std::unique_ptr<FleetFollower> m_fleet; // attaches the registry's workers
    QList<std::function<void()>> m_pending;
    std::optional<std::chrono::milliseconds> m_healthCheckInterval;
    bool m_ready = false;
};

} // namespace necrocode
