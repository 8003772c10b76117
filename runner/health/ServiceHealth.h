// What the checks know about one external service: its state and the facts of the last check.
#pragma once

#include "core/Result.h"
#include "health/ServiceState.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace necrocode {

struct ServiceHealth
{
    ServiceState state = ServiceState::Unknown;
    double latencySeconds = 0.0; // duration of the last check
    QDateTime lastCheck;         // UTC; invalid until the first check
    int consecutiveFailures = 0;
    int consecutiveSuccesses = 0;
    QString lastError;      // why the last check failed; empty after a good check
    QString lastErrorType;  // timeout, connection, auth, rate_limit, http_<code>
    int lastStatusCode = 0; // HTTP status of the last answer; 0 when there was none
    QString details;        // a line for people (e.g. an attached worker's totals); not in JSON

    bool isUp() const { return state == ServiceState::Up; }

    // {"state":"UP","latency_seconds":..,"last_check":"<ISO-8601>"|null,"consecutive_failures":..,
    //  "consecutive_successes":..,"last_error":..|null,"last_error_type":..|null,
    //  "last_status_code":..|null}
    QJsonObject toJson() const;
    // Reads what toJson() wrote (a worker's /health as a console reads it); the error names the
    // bad key.
    static Result<ServiceHealth> fromJson(const QJsonObject &json);

    friend bool operator==(const ServiceHealth &, const ServiceHealth &) = default;
};

} // namespace necrocode

Q_DECLARE_METATYPE(necrocode::ServiceHealth)
