#include "health/HealthStatus.h"

#include "health/HealthJson.h"
#include "health/ServiceHealthTransition.h"

namespace necrocode {

QJsonObject HealthStatus::toJson() const
{
    QJsonObject services;
    for (auto it = externalServices.cbegin(); it != externalServices.cend(); ++it)
        services.insert(it.key(), it.value().toJson());
    return QJsonObject{
        {QStringLiteral("healthy"), healthy},
        {QStringLiteral("runner_id"), textOrNull(runnerId)},
        {QStringLiteral("state"), runnerState},
        {QStringLiteral("current_task_id"), textOrNull(currentTaskId)},
        {QStringLiteral("current_spec_name"), textOrNull(currentSpecName)},
        {QStringLiteral("uptime_seconds"), uptimeSeconds},
        {QStringLiteral("last_check"), isoTimestampOrNull(lastCheck)},
        {QStringLiteral("details"), details},
        {QStringLiteral("external_services"), services},
    };
}

const ServiceHealth &HealthStatus::updateServiceStatus(const QString &name,
                                                       const ProbeOutcome &outcome,
                                                       const HealthThresholds &thresholds,
                                                       const QDateTime &checkedAt)
{
    ServiceHealth &health = externalServices[name];
    health = nextServiceHealth(health, outcome, thresholds, checkedAt);
    lastCheck = health.lastCheck;
    return health;
}

const ServiceHealth &HealthStatus::updateServiceStatus(const QString &name, bool ok,
                                                       double latencySeconds, const QString &error,
                                                       const HealthThresholds &thresholds)
{
    return updateServiceStatus(name, ProbeOutcome{ok, latencySeconds, 0, error, {}}, thresholds);
}

} // namespace necrocode
