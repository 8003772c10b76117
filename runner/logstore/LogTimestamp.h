// Reads the timestamp of a log record fast: the form formatIsoTimestamp() writes is parsed
// directly, any other form parseIsoTimestamp() accepts goes through it.
#pragma once

#include <QtGlobal>

#include <optional>
#include <string_view>
#include <utility>

namespace necrocode {

// Milliseconds since the epoch (UTC) and the UTC offset in seconds, as parseIsoTimestamp().
std::optional<std::pair<qint64, int>> parseLogTimestamp(std::string_view text);

} // namespace necrocode
