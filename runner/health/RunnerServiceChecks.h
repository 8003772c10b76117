// The health checks of the four services a runner depends on (Task Registry, Repo Pool, Artifact
// Store, LLM), shared by every process that runs tasks: the headless worker and the console.
#pragma once

#include "core/RunnerConfig.h"
#include "health/HealthThresholds.h"
#include "log/Logger.h"

#include <QStringList>

class QNetworkAccessManager;

namespace necrocode {

class ServiceHealthMonitor;

// task_registry, repo_pool, artifact_store, llm: the display order and the readiness set.
QStringList runnerServiceNames();

// Thresholds and check interval taken from the configuration's health.* keys.
HealthThresholds healthThresholdsFor(const RunnerConfig &config);

// One probe per service: GET <url>/health, and GET <llm>/models with the API key for the LLM.
void registerRunnerServices(ServiceHealthMonitor &monitor, QNetworkAccessManager *network,
                            const RunnerConfig &config, int timeoutMs);

// Every change of a service's state becomes a log entry (INFO when UP, WARNING otherwise).
void logServiceHealthChanges(ServiceHealthMonitor &monitor, const Logger &logger);

} // namespace necrocode
