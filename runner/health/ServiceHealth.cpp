#include "health/ServiceHealth.h"

#include "health/HealthJson.h"

namespace necrocode {

QJsonObject ServiceHealth::toJson() const
{
    const bool checked = lastCheck.isValid();
    return QJsonObject{
        {QStringLiteral("state"), QString(serviceStateName(state))},
        {QStringLiteral("latency_seconds"),
         checked ? QJsonValue(latencySeconds) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("last_check"), isoTimestampOrNull(lastCheck)},
        {QStringLiteral("consecutive_failures"), consecutiveFailures},
        {QStringLiteral("consecutive_successes"), consecutiveSuccesses},
        {QStringLiteral("last_error"), textOrNull(lastError)},
        {QStringLiteral("last_error_type"), textOrNull(lastErrorType)},
        {QStringLiteral("last_status_code"),
         lastStatusCode > 0 ? QJsonValue(lastStatusCode) : QJsonValue(QJsonValue::Null)},
    };
}

Result<ServiceHealth> ServiceHealth::fromJson(const QJsonObject &json)
{
    ServiceHealth health;
    const QString state = json.value(QLatin1String("state")).toString();
    const auto parsed = parseServiceState(state);
    if (!parsed)
        return makeError(
            QStringLiteral("state must be UP, DEGRADED, DOWN or UNKNOWN, got '%1'").arg(state));
    health.state = *parsed;
    health.latencySeconds = json.value(QLatin1String("latency_seconds")).toDouble();
    const QString lastCheck = json.value(QLatin1String("last_check")).toString();
    if (!lastCheck.isEmpty()) {
        health.lastCheck = QDateTime::fromString(lastCheck, Qt::ISODateWithMs);
        if (!health.lastCheck.isValid())
            return makeError(
                QStringLiteral("last_check is not an ISO-8601 time: '%1'").arg(lastCheck));
        health.lastCheck = health.lastCheck.toUTC();
    }
    health.consecutiveFailures = json.value(QLatin1String("consecutive_failures")).toInt();
    health.consecutiveSuccesses = json.value(QLatin1String("consecutive_successes")).toInt();
    health.lastError = json.value(QLatin1String("last_error")).toString();
    health.lastErrorType = json.value(QLatin1String("last_error_type")).toString();
    health.lastStatusCode = json.value(QLatin1String("last_status_code")).toInt();
    return health;
}

} // namespace necrocode
