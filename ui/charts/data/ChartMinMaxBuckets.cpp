#include "charts/data/ChartMinMaxBuckets.h"

#include <algorithm>
#include <cmath>

namespace necrocode {

double ChartMinMaxBuckets::widthFor(double span, int buckets)
{
    constexpr double kNarrowest = 1.0 / 1024; // keys of epoch milliseconds stay far from overflow
    const double least = std::max(span, 0.0) / std::max(1, buckets);
    return std::max(kNarrowest, std::exp2(std::ceil(std::log2(std::max(least, kNarrowest)))));
}

void ChartMinMaxBuckets::reset(double width)
{
    m_width = width;
    m_buckets.clear();
    m_summarized = 0;
}

void ChartMinMaxBuckets::update(const std::vector<double> &xs, const std::vector<double> &ys,
                                qsizetype changedFrom)
{
    const auto size = qsizetype(xs.size());
    if (changedFrom < m_summarized || m_summarized > size) {
        const std::size_t stale = bucketOf(std::min(changedFrom, size));
        if (stale < m_buckets.size()) {
            m_summarized = m_buckets[stale].first;
            m_buckets.erase(m_buckets.begin() + qsizetype(stale), m_buckets.end());
        }
    }
    for (qsizetype i = m_summarized; i < size; ++i) {
        const double y = ys[std::size_t(i)];
        const auto key = qint64(std::floor(xs[std::size_t(i)] / m_width));
        if (m_buckets.empty() || m_buckets.back().key != key) {
            m_buckets.push_back(Bucket{key, i, i, i});
            continue;
        }
        Bucket &bucket = m_buckets.back();
        if (y < ys[std::size_t(bucket.lowest)])
            bucket.lowest = i;
        if (y > ys[std::size_t(bucket.highest)])
            bucket.highest = i;
    }
    m_summarized = size;
}

qsizetype ChartMinMaxBuckets::endOf(std::size_t index) const
{
    return index + 1 < m_buckets.size() ? m_buckets[index + 1].first : m_summarized;
}

std::size_t ChartMinMaxBuckets::bucketOf(qsizetype pointIndex) const
{
    const auto after = std::upper_bound(
        m_buckets.begin(), m_buckets.end(), pointIndex,
        [](qsizetype index, const Bucket &bucket) { return index < bucket.first; });
    return after == m_buckets.begin() ? 0 : std::size_t(after - m_buckets.begin() - 1);
}

} // namespace necrocode
