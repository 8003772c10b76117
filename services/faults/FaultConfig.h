// What a service should get wrong on purpose: added latency, errors, 429s, dropped connections,
// malformed or slow bodies, at random rates or deterministically for the next N requests.
#pragma once

#include "core/Result.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace necrocode {

enum class FaultKind { None, Error, RateLimit, Drop, Malformed, SlowBody };

QString faultKindName(FaultKind kind);
std::optional<FaultKind> parseFaultKind(QStringView name);

struct FaultConfig
{
    int latencyMs = 0;       // added to every matching request
    int latencyJitterMs = 0; // plus a uniform 0..jitter
    double errorRate = 0.0;
    int errorStatus = 500;
    double rateLimitRate = 0.0;
    int retryAfterSeconds = 1; // Retry-After of injected 429 and 503 answers
    double dropRate = 0.0;
    double malformedRate = 0.0;
    double slowBodyRate = 0.0;
    int slowBodyBytesPerSecond = 1024;
    int failNextCount = 0; // the next N matching requests fail with failNextKind
    FaultKind failNextKind = FaultKind::Error;
    int failNextStatus = 503;
    QString pathPrefix; // only requests whose path starts with it; empty: all but /admin
    std::optional<quint32> seed;

    // JSON keys: latency_ms, latency_jitter_ms, error_rate, error_status, rate_limit_rate,
    // retry_after_seconds, drop_rate, malformed_rate, slow_body_rate, slow_body_bytes_per_second,
    // fail_next {count, kind, status}, path_prefix, seed. Unknown keys are rejected by name.
    static Result<FaultConfig> fromJson(const QJsonObject &object, const QString &where = {});
    QJsonObject toJson() const;
    bool isActive() const;
};

} // namespace necrocode
