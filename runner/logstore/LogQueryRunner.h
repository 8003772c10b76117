// Runs a LogQuery over a LogStore on worker threads and keeps the matching rows in ascending
// order; extend() scans only the rows appended since the previous call, so a view can follow a
// growing log. Call it from a worker thread: it blocks until the scan is done.
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
    explicit LogQueryRunner(LogQuery query = {}) : m_query(std::move(query)) {}

    const LogQuery &query() const { return m_query; }
    void setQuery(LogQuery query);

    const LogRowList &rows() const { return m_rows; }
    qsizetype scannedRows() const { return m_scannedRows; }

    // Scans rows [scannedRows(), store.size()) and appends the matches. Returns false and
    // changes nothing when `cancel` becomes true before the scan ends.
    bool extend(const LogStore &store, const std::atomic_bool *cancel = nullptr);

    // The matching rows of [from, to), scanned in parallel slices; nothing when cancelled.
    static std::optional<LogRowList> matchRange(const LogQuery &query, const LogStore &store,
                                                qsizetype from, qsizetype to,
                                                const std::atomic_bool *cancel = nullptr);

private:
    LogQuery m_query;
    LogRowList m_rows;
    qsizetype m_scannedRows = 0;
};

} // namespace necrocode
