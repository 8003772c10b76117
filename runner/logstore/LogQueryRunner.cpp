#include "logstore/LogQueryRunner.h"

#include "logstore/LogQueryMatcher.h"
#include "logstore/LogStore.h"

#include <QThread>

#include <algorithm>
#include <atomic>
#include <thread>

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

// Scans the slices on up to `threads` threads, this one included, each taking the next slice
// not yet taken. Plain threads rather than a QThreadPool: ThreadSanitizer sees every hand-off.
void scanInParallel(std::vector<Slice> &slices, qsizetype threads, const LogQuery &query,
                    const LogStore &store, const std::atomic_bool *cancel)
{
    std::atomic<std::size_t> next{0};
    const auto drain = [&] {
        for (std::size_t i = next++; i < slices.size(); i = next++)
            scan(query, store, slices[i], cancel);
    };
    const std::size_t helpers = std::min(slices.size(), std::size_t(threads)) - 1;
    std::vector<std::jthread> running;
    running.reserve(helpers);
    for (std::size_t i = 0; i < helpers; ++i)
        running.emplace_back(drain);
    drain();
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
        scanInParallel(slices, threads, query, store, cancel);

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
