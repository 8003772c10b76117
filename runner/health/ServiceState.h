// The health of one external service as seen by the checks: UP, DEGRADED, DOWN or UNKNOWN.
#pragma once

#include <QString>

#include <optional>

namespace necrocode {

enum class ServiceState { Up, Degraded, Down, Unknown };

// "UP", "DEGRADED", "DOWN", "UNKNOWN".
QLatin1StringView serviceStateName(ServiceState state);

// Case-insensitive inverse of serviceStateName.
std::optional<ServiceState> parseServiceState(QStringView text);

} // namespace necrocode
