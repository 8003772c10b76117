// The one retry layer of every client (SPEC §2.5): exponential backoff with a cap and jitter,
// Retry-After honoured, only retryable error classes, non-idempotent POSTs only with a key.
#pragma once

#include "core/RunnerConfig.h"

#include <QByteArray>
#include <QDateTime>
#include <QRandomGenerator>

#include <optional>

namespace necrocode {

struct AttemptFailure
{
    QString errorType;                       // from classifyError
    std::optional<double> retryAfterSeconds; // from the Retry-After header
};

class RetryPolicy
{
public:
    explicit RetryPolicy(RetryConfig config = {},
                         quint32 seed = QRandomGenerator::global()->generate());

    const RetryConfig &config() const { return m_config; }
    int maxAttempts() const { return m_config.maxAttempts; }

    // Backoff before attempt `attempt + 1` after `attempt` (1-based) failed, without jitter.
    double baseDelaySeconds(int attempt) const;

    // The delay before the next attempt, or nothing when the call must not be retried: the
    // attempts are used up, the error class is not retryable, or the request is a POST without
    // an idempotency key. Retry-After wins over backoff (capped by max_delay_seconds * 4).
    std::optional<double> nextDelay(int failedAttempt, const AttemptFailure &failure,
                                    bool requestIsRetrySafe);

    // Retry-After as delta-seconds or an HTTP-date relative to `now`.
    static std::optional<double>
    parseRetryAfter(const QByteArray &header,
                    const QDateTime &now = QDateTime::currentDateTimeUtc());

private:
    RetryConfig m_config;
    QRandomGenerator m_random;
};

} // namespace necrocode
