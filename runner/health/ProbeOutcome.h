// The answer of one health probe: whether the service answered well, how fast, and why not.
#pragma once

#include <QString>

#include <optional>

namespace necrocode {

struct ProbeOutcome
{
    bool ok = false;
    std::optional<double> latencySeconds; // when absent, the caller's own measurement is used
    int statusCode = 0;                   // HTTP status of the answer; 0 when there was none
    QString error;                        // why the check failed; empty when ok
    QString errorType;                    // timeout, connection, auth, rate_limit, http_<code>

    friend bool operator==(const ProbeOutcome &, const ProbeOutcome &) = default;
};

} // namespace necrocode
