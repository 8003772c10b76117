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

} // namespace necrocode
