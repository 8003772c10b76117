// Decides, request by request, which fault of the current FaultConfig a service injects.
// Deterministic with fail_next or a seed; shared by all four local services.
#pragma once

#include "faults/FaultConfig.h"

#include <QJsonObject>

#include <array>
#include <random>

namespace necrocode {

struct FaultDecision
{
    FaultKind kind = FaultKind::None;
    int delayMs = 0;
    int status = 0;            // Error and RateLimit
    int retryAfterSeconds = 0; // RateLimit, and Error with 503
    int bytesPerSecond = 0;    // SlowBody
};

class FaultInjector
{
public:
    FaultInjector();

    void configure(const FaultConfig &config);
    void clear();
    const FaultConfig &config() const { return m_config; }

    // Consumes one fail_next when it applies to this path.
    FaultDecision decide(const QString &path);

    // {"faults": config, "fail_next_remaining": n, "injected": {"error": n, ...}}
    QJsonObject statusJson() const;

private:
    bool appliesTo(const QString &path) const;
    FaultDecision decisionFor(FaultKind kind, int status);
    bool roll(double rate);

    FaultConfig m_config;
    int m_failNextRemaining = 0;
    std::mt19937 m_random;
    std::array<qint64, 6> m_injected{}; // by FaultKind
};

} // namespace necrocode
