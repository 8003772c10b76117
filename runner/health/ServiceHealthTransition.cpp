#include "health/ServiceHealthTransition.h"

#include <algorithm>

namespace necrocode {

namespace {

ServiceState stateAfterFailure(ServiceState previous, int consecutiveFailures,
                               const HealthThresholds &thresholds)
{
    if (consecutiveFailures >= std::max(1, thresholds.failuresToDown))
        return ServiceState::Down;
    return previous == ServiceState::Down ? ServiceState::Down : ServiceState::Degraded;
}

ServiceState stateAfterSuccess(ServiceState previous, int consecutiveSuccesses, bool slow,
                               const HealthThresholds &thresholds)
{
    if (previous == ServiceState::Down &&
        consecutiveSuccesses < std::max(1, thresholds.successesToUp))
        return ServiceState::Down;
    return slow ? ServiceState::Degraded : ServiceState::Up;
}

} // namespace

ServiceHealth nextServiceHealth(const ServiceHealth &previous, const ProbeOutcome &outcome,
                                const HealthThresholds &thresholds, const QDateTime &checkedAt)
{
    ServiceHealth next = previous;
    next.latencySeconds = outcome.latencySeconds.value_or(0.0);
    next.lastCheck = checkedAt.toUTC();
    next.lastStatusCode = outcome.statusCode;
    if (outcome.ok) {
        next.consecutiveFailures = 0;
        next.consecutiveSuccesses = previous.consecutiveSuccesses + 1;
        next.lastError.clear();
        next.lastErrorType.clear();
        const bool slow = thresholds.degradedLatencySeconds > 0.0 &&
                          next.latencySeconds > thresholds.degradedLatencySeconds;
        next.state = stateAfterSuccess(previous.state, next.consecutiveSuccesses, slow, thresholds);
    } else {
        next.consecutiveSuccesses = 0;
        next.consecutiveFailures = previous.consecutiveFailures + 1;
        next.lastError = outcome.error.isEmpty() ? QStringLiteral("check failed") : outcome.error;
        next.lastErrorType = outcome.errorType;
        next.state = stateAfterFailure(previous.state, next.consecutiveFailures, thresholds);
    }
    return next;
}

} // namespace necrocode
