// Runs a LogQuery over a range of a LogStore's rows in parallel slices on worker threads and
// returns the matching rows in ascending order (LogFilter follows a growing store with it).
// Call it from a worker thread: it blocks until the scan is done.
#pragma once

#include "logstore/LogQuery.h"

#include <atomic>
#include <optional>
#include <vector>

namespace necrocode {

class LogStore;

using LogRowList = std::vector<quint32>;

class LogQueryRunner
{
public:
    // The matching rows of [from, to), scanned in parallel slices; nothing when cancelled.
    static std::optional<LogRowList> matchRange(const LogQuery &query, const LogStore &store,
                                                qsizetype from, qsizetype to,
                                                const std::atomic_bool *cancel = nullptr);
};

} // namespace necrocode
