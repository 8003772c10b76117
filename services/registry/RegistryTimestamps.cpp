#include "registry/RegistryTimestamps.h"

#include "UtcTimestamp.h"
#include "log/JsonLineFormatter.h"

#include <cmath>

namespace necrocode {

namespace {

constexpr double maxEpochSeconds = 253402300799.0; // 9999-12-31T23:59:59Z

Error badTimestamp(const QString &key, const QString &got)
{
    return makeError(
        QStringLiteral("'%1' must be epoch seconds or an ISO-8601 date-time, got %2").arg(key, got),
        QStringLiteral("invalid"));
}

} // namespace

Result<QString> normalizeRegistryTimestamp(const QJsonValue &value, const QString &key)
{
    if (value.isUndefined() || value.isNull())
        return isoUtcNow();
    if (value.isDouble()) {
        const double seconds = value.toDouble();
        if (!std::isfinite(seconds) || std::abs(seconds) > maxEpochSeconds)
            return badTimestamp(key, QString::number(seconds));
        return isoUtcTimestamp(std::llround(seconds * 1000.0));
    }
    if (value.isString()) {
        const QString text = value.toString();
        const auto parsed = parseIsoTimestamp(text.toUtf8());
        if (!parsed || std::abs(double(parsed->first)) / 1000.0 > maxEpochSeconds)
            return badTimestamp(key, QLatin1Char('\'') + text + QLatin1Char('\''));
        return isoUtcTimestamp(parsed->first);
    }
    return badTimestamp(key, QStringLiteral("a value of another type"));
}

} // namespace necrocode
