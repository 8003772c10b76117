#include "health/RunnerServiceChecks.h"

#include "health/HealthProbe.h"
#include "health/ServiceHealthMonitor.h"
#include "net/ServiceClient.h"

#include <QUrl>

namespace necrocode {

QStringList runnerServiceNames()
{
    return {QStringLiteral("task_registry"), QStringLiteral("repo_pool"),
            QStringLiteral("artifact_store"), QStringLiteral("llm")};
}

HealthThresholds healthThresholdsFor(const RunnerConfig &config)
{
    HealthThresholds thresholds;
    thresholds.failuresToDown = config.healthFailureThreshold;
    thresholds.successesToUp = config.healthRecoveryThreshold;
    thresholds.checkIntervalMs = config.healthCheckIntervalSeconds * 1000;
    thresholds.checkTimeoutMs = std::min(5000, thresholds.checkIntervalMs);
    return thresholds;
}

void registerRunnerServices(ServiceHealthMonitor &monitor, QNetworkAccessManager *network,
                            const RunnerConfig &config, int timeoutMs)
{
    const QString health = QStringLiteral("/health");
    // Each service is checked with the credentials its client sends.
    const std::tuple<QString, QUrl, QString> services[] = {
        {QStringLiteral("task_registry"), ServiceClient::joinUrl(config.taskRegistry.url, health),
         config.taskRegistry.token},
        {QStringLiteral("repo_pool"), ServiceClient::joinUrl(config.repoPool.url, health),
         config.repoPool.token},
        {QStringLiteral("artifact_store"), ServiceClient::joinUrl(config.artifactStore.url, health),
         config.artifactStore.token},
        {QStringLiteral("llm"),
         ServiceClient::joinUrl(config.llm.baseUrl, QStringLiteral("/models")), config.llm.apiKey},
    };
    for (const auto &[name, url, token] : services)
        monitor.registerService(name, httpProbe(network, url, timeoutMs, token));
}

void logServiceHealthChanges(ServiceHealthMonitor &monitor, const Logger &logger)
{
    QObject::connect(
        &monitor, &ServiceHealthMonitor::serviceHealthChanged, &monitor,
        [logger](const QString &name, const ServiceHealth &health) {
            logger.log(health.isUp() ? LogLevel::Info : LogLevel::Warning,
                       QStringLiteral("service %1 is %2").arg(name, serviceStateName(health.state)),
                       {{QStringLiteral("service"), name},
                        {QStringLiteral("operation"), QStringLiteral("health_check")},
                        {QStringLiteral("duration_seconds"), health.latencySeconds},
                        {QStringLiteral("error"), health.lastError}});
        });
}

} // namespace necrocode
