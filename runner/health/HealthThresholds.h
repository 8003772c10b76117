// When a service turns DOWN, UP again or DEGRADED, and how often and how long it is checked.
#pragma once

#include "core/Result.h"

namespace necrocode {

struct HealthThresholds
{
    int failuresToDown = 3;              // consecutive failed checks that make a service DOWN
    int successesToUp = 2;               // consecutive good checks that bring a DOWN service UP
    double degradedLatencySeconds = 2.0; // a slower successful check is DEGRADED; <= 0 disables
    int checkIntervalMs = 30000;         // time between two periodic rounds of checks
    int checkTimeoutMs = 5000;           // a probe that has not answered by then has failed

    // The message names the offending field.
    Status validate() const;

    friend bool operator==(const HealthThresholds &, const HealthThresholds &) = default;
};

} // namespace necrocode
