#include "faults/FaultConfig.h"

#include "core/JsonFields.h"

#include <limits>

namespace necrocode {

namespace {

struct KindName
{
    FaultKind kind;
    const char *name;
};

constexpr KindName kindNames[] = {
    {FaultKind::None, "none"},
    {FaultKind::Error, "error"},
    {FaultKind::RateLimit, "rate_limit"},
    {FaultKind::Drop, "drop"},
    {FaultKind::Malformed, "malformed"},
    {FaultKind::SlowBody, "slow_body"},
};

Error invalid(const QString &where, const QString &key, const QString &what)
{
    return makeError(QStringLiteral("'%1' %2").arg(json::keyPath(where, key), what),
                     QStringLiteral("invalid"));
}

Status checkKnownKeys(const QJsonObject &object, const QStringList &known, const QString &where)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!known.contains(it.key()))
            return invalid(where, it.key(),
                           QStringLiteral("is not a known key (known: %1)")
                               .arg(known.join(QStringLiteral(", "))));
    }
    return Ok{};
}

Result<double> readRate(const QJsonObject &o, const QString &key, const QString &where)
{
    Result<double> rate = json::optionalNumber(o, key, 0.0, where);
    if (!rate)
        return rate.error();
    if (*rate < 0.0 || *rate > 1.0)
        return invalid(where, key, QStringLiteral("must be between 0 and 1"));
    return rate;
}

Result<int> readInt(const QJsonObject &o, const QString &key, int fallback, int min, int max,
                    const QString &where)
{
    const Result<qint64> value = json::optionalInteger(o, key, fallback, where);
    if (!value)
        return value.error();
    if (*value < min || *value > max)
        return invalid(where, key, QStringLiteral("must be between %1 and %2").arg(min).arg(max));
    return int(*value);
}

// Stores a successful read into the field, or the error; true on success.
template <typename T> bool take(T &field, const Result<T> &result, std::optional<Error> &error)
{
    if (!result) {
        error = result.error();
        return false;
    }
    field = *result;
    return true;
}

} // namespace

QString faultKindName(FaultKind kind)
{
    for (const KindName &entry : kindNames) {
        if (entry.kind == kind)
            return QString::fromLatin1(entry.name);
    }
    return QStringLiteral("none");
}

std::optional<FaultKind> parseFaultKind(QStringView name)
{
    for (const KindName &entry : kindNames) {
        if (name == QLatin1String(entry.name))
            return entry.kind;
    }
    return std::nullopt;
}

Result<FaultConfig> FaultConfig::fromJson(const QJsonObject &o, const QString &where)
{
    static const QStringList known = {QStringLiteral("latency_ms"),
                                      QStringLiteral("latency_jitter_ms"),
                                      QStringLiteral("error_rate"),
                                      QStringLiteral("error_status"),
                                      QStringLiteral("rate_limit_rate"),
                                      QStringLiteral("retry_after_seconds"),
                                      QStringLiteral("drop_rate"),
                                      QStringLiteral("malformed_rate"),
                                      QStringLiteral("slow_body_rate"),
                                      QStringLiteral("slow_body_bytes_per_second"),
                                      QStringLiteral("fail_next"),
                                      QStringLiteral("path_prefix"),
                                      QStringLiteral("seed")};
    if (Status known_ = checkKnownKeys(o, known, where); !known_)
        return known_.error();

    FaultConfig c;
    constexpr int maxLatency = 600000;
    std::optional<Error> error;
    const bool read =
        take(c.latencyMs, readInt(o, QStringLiteral("latency_ms"), 0, 0, maxLatency, where),
             error) &&
        take(c.latencyJitterMs,
             readInt(o, QStringLiteral("latency_jitter_ms"), 0, 0, maxLatency, where), error) &&
        take(c.errorRate, readRate(o, QStringLiteral("error_rate"), where), error) &&
        take(c.errorStatus, readInt(o, QStringLiteral("error_status"), 500, 400, 599, where),
             error) &&
        take(c.rateLimitRate, readRate(o, QStringLiteral("rate_limit_rate"), where), error) &&
        take(c.retryAfterSeconds,
             readInt(o, QStringLiteral("retry_after_seconds"), 1, 0, 86400, where), error) &&
        take(c.dropRate, readRate(o, QStringLiteral("drop_rate"), where), error) &&
        take(c.malformedRate, readRate(o, QStringLiteral("malformed_rate"), where), error) &&
        take(c.slowBodyRate, readRate(o, QStringLiteral("slow_body_rate"), where), error) &&
        take(c.slowBodyBytesPerSecond,
             readInt(o, QStringLiteral("slow_body_bytes_per_second"), 1024, 1, 1 << 30, where),
             error) &&
        take(c.pathPrefix, json::optionalString(o, QStringLiteral("path_prefix"), {}, where),
             error);
    if (!read)
        return *error;

    if (o.contains(QStringLiteral("seed")) && !o.value(QStringLiteral("seed")).isNull()) {
        const Result<int> seed =
            readInt(o, QStringLiteral("seed"), 0, 0, std::numeric_limits<int>::max(), where);
        if (!seed)
            return seed.error();
        c.seed = quint32(*seed);
    }

    const Result<QJsonObject> failNext =
        json::optionalObject(o, QStringLiteral("fail_next"), where);
    if (!failNext)
        return failNext.error();
    if (!failNext->isEmpty()) {
        const QString nextWhere = json::keyPath(where, QStringLiteral("fail_next"));
        const QStringList nextKeys = {QStringLiteral("count"), QStringLiteral("kind"),
                                      QStringLiteral("status")};
        if (Status known_ = checkKnownKeys(*failNext, nextKeys, nextWhere); !known_)
            return known_.error();
        const Result<int> count =
            readInt(*failNext, QStringLiteral("count"), 1, 0, 1000000, nextWhere);
        if (!count)
            return count.error();
        const Result<QString> kindName = json::optionalString(*failNext, QStringLiteral("kind"),
                                                              QStringLiteral("error"), nextWhere);
        if (!kindName)
            return kindName.error();
        const std::optional<FaultKind> kind = parseFaultKind(*kindName);
        if (!kind || *kind == FaultKind::None)
            return invalid(nextWhere, QStringLiteral("kind"),
                           QStringLiteral("must be one of error, rate_limit, drop, malformed, "
                                          "slow_body (got '%1')")
                               .arg(*kindName));
        const Result<int> status =
            readInt(*failNext, QStringLiteral("status"), *kind == FaultKind::RateLimit ? 429 : 503,
                    400, 599, nextWhere);
        if (!status)
            return status.error();
        c.failNextCount = *count;
        c.failNextKind = *kind;
        c.failNextStatus = *status;
    }
    return c;
}

QJsonObject FaultConfig::toJson() const
{
    QJsonObject o{
        {QStringLiteral("latency_ms"), latencyMs},
        {QStringLiteral("latency_jitter_ms"), latencyJitterMs},
        {QStringLiteral("error_rate"), errorRate},
        {QStringLiteral("error_status"), errorStatus},
        {QStringLiteral("rate_limit_rate"), rateLimitRate},
        {QStringLiteral("retry_after_seconds"), retryAfterSeconds},
        {QStringLiteral("drop_rate"), dropRate},
        {QStringLiteral("malformed_rate"), malformedRate},
        {QStringLiteral("slow_body_rate"), slowBodyRate},
        {QStringLiteral("slow_body_bytes_per_second"), slowBodyBytesPerSecond},
        {QStringLiteral("fail_next"),
         QJsonObject{{QStringLiteral("count"), failNextCount},
                     {QStringLiteral("kind"), faultKindName(failNextKind)},
                     {QStringLiteral("status"), failNextStatus}}},
        {QStringLiteral("path_prefix"), pathPrefix},
    };
    if (seed)
        o.insert(QStringLiteral("seed"), qint64(*seed));
    return o;
}

bool FaultConfig::isActive() const
{
    return latencyMs > 0 || latencyJitterMs > 0 || errorRate > 0 || rateLimitRate > 0 ||
           dropRate > 0 || malformedRate > 0 || slowBodyRate > 0 || failNextCount > 0;
}

} // namespace necrocode
