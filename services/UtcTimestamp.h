// The timestamps the local services store and return: ISO-8601 in UTC with milliseconds.
#pragma once

#include <QString>

namespace necrocode {

// "2025-11-27T17:42:01.123+00:00" for the given time, or for now.
QString isoUtcTimestamp(qint64 msecsSinceEpoch);
QString isoUtcNow();

} // namespace necrocode
