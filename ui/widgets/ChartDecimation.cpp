#include "widgets/ChartDecimation.h"

#include <algorithm>
#include <cmath>

namespace necrocode {

QList<QPointF> decimateMinMax(const ChartTimeSeries &series, double xFrom, double xTo, int columns)
{
    QList<QPointF> points;
    if (series.isEmpty() || xTo < xFrom)
        return points;
    columns = std::max(1, columns);
    const auto [first, last] = series.indexRange(xFrom, xTo);
    const qsizetype begin = first > 0 ? first - 1 : first;
    const qsizetype end = last < series.size() ? last + 1 : last;
    const auto pointAt = [&series](qsizetype i) { return QPointF(series.x(i), series.y(i)); };

    if (last - first <= 2 * qsizetype(columns)) {
        points.reserve(end - begin);
        for (qsizetype i = begin; i < end; ++i)
            points.append(pointAt(i));
        return points;
    }

    points.reserve(2 * columns + 2);
    if (begin < first)
        points.append(pointAt(begin));
    const double columnWidth = std::max((xTo - xFrom) / columns, 1e-9);
    qsizetype column = -1;
    qsizetype minIndex = 0;
    qsizetype maxIndex = 0;
    const auto flush = [&] {
        if (column < 0)
            return;
        points.append(pointAt(std::min(minIndex, maxIndex)));
        if (minIndex != maxIndex)
            points.append(pointAt(std::max(minIndex, maxIndex)));
    };
    for (qsizetype i = first; i < last; ++i) {
        const qsizetype c =
            std::min<qsizetype>(columns - 1, qsizetype((series.x(i) - xFrom) / columnWidth));
        if (c != column) {
            flush();
            column = c;
            minIndex = i;
            maxIndex = i;
            continue;
        }
        if (series.y(i) < series.y(minIndex))
            minIndex = i;
        if (series.y(i) > series.y(maxIndex))
            maxIndex = i;
    }
    flush();
    if (end > last)
        points.append(pointAt(last));
    return points;
}

double rollingPercentile(const std::vector<double> &ys, qsizetype index, int window, double p)
{
    const qsizetype first = std::max<qsizetype>(0, index - window + 1);
    std::vector<double> values(ys.begin() + first, ys.begin() + index + 1);
    const auto rank = std::clamp<qsizetype>(qsizetype(std::ceil(p * double(values.size()))) - 1, 0,
                                            qsizetype(values.size()) - 1);
    std::nth_element(values.begin(), values.begin() + rank, values.end());
    return values[std::size_t(rank)];
}

} // namespace necrocode
