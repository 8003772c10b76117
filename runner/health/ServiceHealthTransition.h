// The state machine that turns one check outcome into the next ServiceHealth of a service.
#pragma once

#include "health/HealthThresholds.h"
#include "health/ProbeOutcome.h"
#include "health/ServiceHealth.h"

namespace necrocode {

// Rules (N = failuresToDown, M = successesToUp, L = degradedLatencySeconds):
// - a service is UNKNOWN until its first check;
// - a failed check resets the success count; with N consecutive failures the service is DOWN,
//   below N it is DEGRADED, except that a DOWN service stays DOWN;
// - a good check resets the failure count; a DOWN service stays DOWN until M consecutive good
//   checks (no flapping back through DEGRADED on a single lucky answer); any other service is UP
//   after one good check;
// - a good check slower than L (when L > 0) counts as good for the counts above but makes the
//   state DEGRADED wherever it would have been UP.
// Thresholds below 1 count as 1. The outcome's latency is recorded (0 when absent).
ServiceHealth nextServiceHealth(const ServiceHealth &previous, const ProbeOutcome &outcome,
                                const HealthThresholds &thresholds, const QDateTime &checkedAt);

} // namespace necrocode
