#include "health/HealthThresholds.h"

namespace necrocode {

Status HealthThresholds::validate() const
{
    const auto atLeastOne = [](int value, const char *field) -> Status {
        if (value >= 1)
            return Ok{};
        return makeError(QStringLiteral("health.%1 must be at least 1 (got %2)")
                             .arg(QLatin1StringView(field))
                             .arg(value),
                         QStringLiteral("config"));
    };
    for (const auto &[value, field] : {std::pair{failuresToDown, "failures_to_down"},
                                       std::pair{successesToUp, "successes_to_up"},
                                       std::pair{checkIntervalMs, "check_interval_ms"},
                                       std::pair{checkTimeoutMs, "check_timeout_ms"}}) {
        if (Status status = atLeastOne(value, field); !status)
            return status;
    }
    return Ok{};
}

} // namespace necrocode
