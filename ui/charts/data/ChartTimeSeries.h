// One chart series in full: points kept in time order (x = milliseconds since the epoch), the
// source the charts decimate from on every redraw. It keeps its own min/max buckets for the
// decimation up to date as points arrive or change.
#pragma once

#include "charts/data/ChartMinMaxBuckets.h"

#include <QtGlobal>

#include <algorithm>
#include <array>
#include <limits>
#include <utility>
#include <vector>

namespace necrocode {

class ChartTimeSeries
{
public:
    // Inserts after any point with the same x and returns the index. Appending in time order,
    // the usual case, costs no move.
    qsizetype insert(double x, double y);
    void addToY(qsizetype index, double delta)
    {
        m_ys[std::size_t(index)] += delta;
        changedAt(index);
    }
    void setY(qsizetype index, double y)
    {
        m_ys[std::size_t(index)] = y;
        changedAt(index);
    }
    void clear();
    void reserve(qsizetype count);

    qsizetype size() const { return qsizetype(m_xs.size()); }
    bool isEmpty() const { return m_xs.empty(); }
    double x(qsizetype index) const { return m_xs[std::size_t(index)]; }
    double y(qsizetype index) const { return m_ys[std::size_t(index)]; }
    const std::vector<double> &xs() const { return m_xs; }
    const std::vector<double> &ys() const { return m_ys; }

    // Index of the first point with x >= value (size() when none).
    qsizetype lowerBound(double value) const;
    // [first, last) of the points with from <= x <= to.
    std::pair<qsizetype, qsizetype> indexRange(double from, double to) const;

    // The min/max buckets of `width` (ChartMinMaxBuckets::widthFor) over every point, brought up
    // to date with what changed since they were last asked for. Two widths are kept (a series
    // may be drawn by two charts); a third one starts the less recently used over.
    const ChartMinMaxBuckets &minMaxBuckets(double width) const;

private:
    static constexpr qsizetype kUnchanged = std::numeric_limits<qsizetype>::max();
    static constexpr std::size_t kCachedWidths = 2;

    void changedAt(qsizetype index)
    {
        for (qsizetype &changedFrom : m_changedFrom)
            changedFrom = std::min(changedFrom, index);
    }

    std::vector<double> m_xs;
    std::vector<double> m_ys;
    // Caches of the decimation, filled on demand while drawing, hence mutable.
    mutable std::array<ChartMinMaxBuckets, kCachedWidths> m_buckets;
    mutable std::array<qsizetype, kCachedWidths> m_changedFrom{kUnchanged, kUnchanged};
    mutable std::size_t m_lastUsedBuckets = 0;
};

} // namespace necrocode
