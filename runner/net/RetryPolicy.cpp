#include "net/RetryPolicy.h"

#include "net/ErrorClassifier.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace necrocode {

RetryPolicy::RetryPolicy(RetryConfig config, quint32 seed) : m_config(config), m_random(seed) {}

double RetryPolicy::baseDelaySeconds(int attempt) const
{
    const double raw =
        m_config.initialDelaySeconds * std::pow(m_config.factor, std::max(0, attempt - 1));
    return std::min(raw, m_config.maxDelaySeconds);
}

std::optional<double> RetryPolicy::nextDelay(int failedAttempt, const AttemptFailure &failure,
                                             bool requestIsRetrySafe)
{
    if (failedAttempt >= m_config.maxAttempts || !requestIsRetrySafe ||
        !isRetryableErrorType(failure.errorType))
        return std::nullopt;
    if (failure.retryAfterSeconds)
        return std::clamp(*failure.retryAfterSeconds, 0.0,
                          std::max(m_config.maxDelaySeconds * 4, 1.0));
    const double base = baseDelaySeconds(failedAttempt);
    const double spread = base * m_config.jitter;
    const double jittered = base + (m_random.generateDouble() * 2.0 - 1.0) * spread;
    return std::clamp(jittered, 0.0, m_config.maxDelaySeconds);
}

std::optional<double> RetryPolicy::parseRetryAfter(const QByteArray &header, const QDateTime &now)
{
    const QByteArray text = header.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    bool ok = false;
    const double seconds = text.toDouble(&ok);
    if (ok)
        return seconds >= 0 ? std::optional<double>(seconds) : std::nullopt;
    // IMF-fixdate, e.g. "Wed, 21 Oct 2015 07:28:00 GMT".
    QDateTime when = QLocale::c().toDateTime(QString::fromLatin1(text),
                                             QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!when.isValid())
        return std::nullopt;
    when.setTimeSpec(Qt::UTC);
    return std::max(0.0, now.msecsTo(when) / 1000.0);
}

} // namespace necrocode
