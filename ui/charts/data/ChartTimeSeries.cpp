#include "charts/data/ChartTimeSeries.h"

#include <algorithm>

namespace necrocode {

qsizetype ChartTimeSeries::insert(double x, double y)
{
    if (m_xs.empty() || m_xs.back() <= x) {
        m_xs.push_back(x);
        m_ys.push_back(y);
        return qsizetype(m_xs.size()) - 1;
    }
    const auto at = std::upper_bound(m_xs.begin(), m_xs.end(), x);
    const auto index = at - m_xs.begin();
    m_xs.insert(at, x);
    m_ys.insert(m_ys.begin() + index, y);
    changedAt(qsizetype(index));
    return qsizetype(index);
}

void ChartTimeSeries::clear()
{
    m_xs.clear();
    m_ys.clear();
    for (ChartMinMaxBuckets &buckets : m_buckets)
        buckets.reset(buckets.width());
    m_changedFrom.fill(kUnchanged);
}

void ChartTimeSeries::reserve(qsizetype count)
{
    m_xs.reserve(std::size_t(count));
    m_ys.reserve(std::size_t(count));
}

qsizetype ChartTimeSeries::lowerBound(double value) const
{
    return std::lower_bound(m_xs.begin(), m_xs.end(), value) - m_xs.begin();
}

std::pair<qsizetype, qsizetype> ChartTimeSeries::indexRange(double from, double to) const
{
    const auto first = std::lower_bound(m_xs.begin(), m_xs.end(), from);
    const auto last = std::upper_bound(first, m_xs.end(), to);
    return {first - m_xs.begin(), last - m_xs.begin()};
}

const ChartMinMaxBuckets &ChartTimeSeries::minMaxBuckets(double width) const
{
    std::size_t slot = 0;
    while (slot < kCachedWidths && m_buckets[slot].width() != width)
        ++slot;
    if (slot == kCachedWidths) {
        slot = (m_lastUsedBuckets + 1) % kCachedWidths;
        m_buckets[slot].reset(width);
    }
    m_lastUsedBuckets = slot;
    m_buckets[slot].update(m_xs, m_ys, m_changedFrom[slot]);
    m_changedFrom[slot] = kUnchanged;
    return m_buckets[slot];
}

} // namespace necrocode
