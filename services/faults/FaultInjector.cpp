#include "faults/FaultInjector.h"

namespace necrocode {

FaultInjector::FaultInjector() : m_random(std::random_device{}()) {}

void FaultInjector::configure(const FaultConfig &config)
{
    m_config = config;
    m_failNextRemaining = config.failNextCount;
    m_random.seed(config.seed ? *config.seed : std::random_device{}());
}

void FaultInjector::clear()
{
    configure(FaultConfig{});
}

bool FaultInjector::appliesTo(const QString &path) const
{
    if (path.startsWith(QLatin1String("/admin/")))
        return false;
    return m_config.pathPrefix.isEmpty() || path.startsWith(m_config.pathPrefix);
}

bool FaultInjector::roll(double rate)
{
    if (rate <= 0.0)
        return false;
    return std::uniform_real_distribution<double>(0.0, 1.0)(m_random) < rate;
}

FaultDecision FaultInjector::decisionFor(FaultKind kind, int status)
{
    FaultDecision decision;
    decision.kind = kind;
    switch (kind) {
    case FaultKind::RateLimit:
        decision.status = 429;
        decision.retryAfterSeconds = m_config.retryAfterSeconds;
        break;
    case FaultKind::Error:
        decision.status = status;
        if (status == 429 || status == 503)
            decision.retryAfterSeconds = m_config.retryAfterSeconds;
        break;
    case FaultKind::SlowBody:
        decision.bytesPerSecond = m_config.slowBodyBytesPerSecond;
        break;
    case FaultKind::None:
    case FaultKind::Drop:
    case FaultKind::Malformed:
        break;
    }
    if (kind != FaultKind::None)
        ++m_injected[size_t(kind)];
    return decision;
}

FaultDecision FaultInjector::decide(const QString &path)
{
    if (!appliesTo(path) || !m_config.isActive())
        return {};
    int delayMs = m_config.latencyMs;
    if (m_config.latencyJitterMs > 0)
        delayMs += std::uniform_int_distribution<int>(0, m_config.latencyJitterMs)(m_random);

    FaultDecision decision;
    if (m_failNextRemaining > 0) {
        --m_failNextRemaining;
        decision = decisionFor(m_config.failNextKind, m_config.failNextStatus);
    } else if (roll(m_config.dropRate)) {
        decision = decisionFor(FaultKind::Drop, 0);
    } else if (roll(m_config.rateLimitRate)) {
        decision = decisionFor(FaultKind::RateLimit, 429);
    } else if (roll(m_config.errorRate)) {
        decision = decisionFor(FaultKind::Error, m_config.errorStatus);
    } else if (roll(m_config.malformedRate)) {
        decision = decisionFor(FaultKind::Malformed, 0);
    } else if (roll(m_config.slowBodyRate)) {
        decision = decisionFor(FaultKind::SlowBody, 0);
    }
    decision.delayMs = delayMs;
    return decision;
}

QJsonObject FaultInjector::statusJson() const
{
    QJsonObject injected;
    for (FaultKind kind : {FaultKind::Error, FaultKind::RateLimit, FaultKind::Drop,
                           FaultKind::Malformed, FaultKind::SlowBody})
        injected.insert(faultKindName(kind), m_injected[size_t(kind)]);
    return QJsonObject{{QStringLiteral("faults"), m_config.toJson()},
                       {QStringLiteral("fail_next_remaining"), m_failNextRemaining},
                       {QStringLiteral("injected"), injected}};
}

} // namespace necrocode
