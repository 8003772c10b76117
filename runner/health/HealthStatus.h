// The runner's health as served on /health (SPEC §3.3): who the runner is, what it is doing, and
// the health of each external service. The JSON extends the earlier Python to_dict shape.
#pragma once

#include "health/HealthThresholds.h"
#include "health/ProbeOutcome.h"
#include "health/ServiceHealth.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMap>
#include <QString>

namespace necrocode {

struct HealthStatus
{
    bool healthy = true;
    QString runnerState = QStringLiteral("idle"); // idle, running, completed, failed
    QString runnerId;
    QString currentTaskId;   // empty when no task runs
    QString currentSpecName; // empty when no task runs
    double uptimeSeconds = 0.0;
    QDateTime lastCheck; // UTC; invalid until the first check
    QJsonObject details;
    QMap<QString, ServiceHealth> externalServices; // by service name, e.g. "llm", "repo_pool"

    // {"healthy","runner_id","state","current_task_id","current_spec_name","uptime_seconds",
    //  "last_check","details","external_services":{name: ServiceHealth::toJson()}}; empty ids
    // and an invalid time are null.
    QJsonObject toJson() const;

    // Applies one check of `name` with the thresholds and records the check time. The returned
    // reference is valid until externalServices changes.
    const ServiceHealth &
    updateServiceStatus(const QString &name, const ProbeOutcome &outcome,
                        const HealthThresholds &thresholds = {},
                        const QDateTime &checkedAt = QDateTime::currentDateTimeUtc());
    const ServiceHealth &updateServiceStatus(const QString &name, bool ok, double latencySeconds,
                                             const QString &error = {},
                                             const HealthThresholds &thresholds = {});

    friend bool operator==(const HealthStatus &, const HealthStatus &) = default;
};

} // namespace necrocode
