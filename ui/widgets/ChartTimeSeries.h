// One chart series in full: points kept in time order (x = milliseconds since the epoch), the
// source the charts decimate from on every redraw.
#pragma once

#include <QtGlobal>

#include <utility>
#include <vector>

namespace necrocode {

class ChartTimeSeries
{
public:
    // Inserts after any point with the same x and returns the index. Appending in time order,
    // the usual case, costs no move.
    qsizetype insert(double x, double y);
    void addToY(qsizetype index, double delta) { m_ys[std::size_t(index)] += delta; }
    void setY(qsizetype index, double y) { m_ys[std::size_t(index)] = y; }
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

private:
    std::vector<double> m_xs;
    std::vector<double> m_ys;
};

} // namespace necrocode
