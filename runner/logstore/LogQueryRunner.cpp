#include "logstore/LogQueryRunner.h"

#include "logstore/LogQueryMatcher.h"
#include "logstore/LogStore.h"

#include <QThread>
#include <QtConcurrent/QtConcurrentMap>

#include <algorithm>

namespace necrocode {

namespace {

constexpr qsizetype kMinSliceRows = 16384;
constexpr qsizetype kCancelCheckRows = 4096;

struct Slice
{
    qsizetype from;
    qsizetype to;
    LogRowList rows;
    bool cancelled = false;
};

bool isCancelled(const std::atomic_bool *cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

void scan(const LogQuery &query, const LogStore &store, Slice &slice,
          const std::atomic_bool *cancel)
{
    const LogQueryMatcher matcher(query, store);
    if (matcher.matchesNothing())
        return;
    for (qsizetype start = slice.from; start < slice.to; start += kCancelCheckRows) {
        if (isCancelled(cancel)) {
            slice.cancelled = true;
            return;
        }
        const qsizetype end = std::min(slice.to, start + kCancelCheckRows);
        for (qsizetype row = start; row < end; ++row) {
            if (matcher.matches(row))
                slice.rows.push_back(quint32(row));
        }
    }
}

} // namespace

std::optional<LogRowList> LogQueryRunner::matchRange(const LogQuery &query, const LogStore &store,
                                                     qsizetype from, qsizetype to,
                                                     const std::atomic_bool *cancel)
{
    to = std::min(to, store.size());
    if (from >= to)
        return LogRowList();
    const qsizetype count = to - from;
    const qsizetype threads = std::max(1, QThread::idealThreadCount());
    const qsizetype sliceRows = std::max(kMinSliceRows, count / (threads * 4) + 1);

    std::vector<Slice> slices;
    for (qsizetype start = from; start < to; start += sliceRows)
        slices.push_back(Slice{start, std::min(to, start + sliceRows), {}});
    if (slices.size() == 1)
        scan(query, store, slices.front(), cancel);
    else
        QtConcurrent::blockingMap(slices, [&](Slice &slice) { scan(query, store, slice, cancel); });

    std::size_t total = 0;
    for (const Slice &slice : slices) {
        if (slice.cancelled)
            return std::nullopt;
        total += slice.rows.size();
    }
    LogRowList rows;
    rows.reserve(total);
    for (const Slice &slice : slices)
        rows.insert(rows.end(), slice.rows.begin(), slice.rows.end());
    return rows;
}

} // namespace necrocode
