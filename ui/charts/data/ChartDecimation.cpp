#include "charts/data/ChartDecimation.h"

#include <algorithm>
#include <cmath>

namespace necrocode {

namespace {

// A bucket's lowest and highest point as one vertical stroke at the time of the earlier of the
// two, starting from the end nearer the line drawn so far: a dense series then zigzags from one
// stroke's end to the next stroke's near end instead of crossing its whole range twice per
// bucket, which about halves the pixels its line covers and looks the same. The last bucket keeps
// its two points as they are, so that the line ends at the newest one.
void appendBucketStroke(QList<QPointF> &points, const ChartTimeSeries &series, qsizetype lowest,
                        qsizetype highest)
{
    const double x = series.x(std::min(lowest, highest));
    if (lowest == highest) {
        points.append(QPointF(x, series.y(lowest)));
        return;
    }
    double from = series.y(lowest);
    double to = series.y(highest);
    if (!points.isEmpty() && std::abs(points.last().y() - to) < std::abs(points.last().y() - from))
        std::swap(from, to);
    points.append(QPointF(x, from));
    points.append(QPointF(x, to));
}

} // namespace

QList<QPointF> decimateMinMax(const ChartTimeSeries &series, double xFrom, double xTo, int columns)
{
    QList<QPointF> points;
    if (series.isEmpty() || xTo < xFrom)
        return points;
    columns = std::max(2, columns);
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

    const ChartMinMaxBuckets &buckets =
        series.minMaxBuckets(ChartMinMaxBuckets::widthFor(xTo - xFrom, columns - 1));
    const std::vector<ChartMinMaxBuckets::Bucket> &all = buckets.buckets();
    points.reserve(2 * columns + 2);
    if (begin < first)
        points.append(pointAt(begin));
    for (std::size_t b = buckets.bucketOf(first); b < all.size() && all[b].first < last; ++b) {
        ChartMinMaxBuckets::Bucket bucket = all[b];
        const qsizetype bucketEnd = buckets.endOf(b);
        if (bucket.first < first || bucketEnd > last) {
            // A bucket cut by the window: only its points inside count.
            bucket.first = std::max(bucket.first, first);
            bucket.lowest = bucket.highest = bucket.first;
            for (qsizetype i = bucket.first + 1; i < std::min(bucketEnd, last); ++i) {
                if (series.y(i) < series.y(bucket.lowest))
                    bucket.lowest = i;
                if (series.y(i) > series.y(bucket.highest))
                    bucket.highest = i;
            }
        }
        const bool lastInWindow = b + 1 == all.size() || all[b + 1].first >= last;
        if (lastInWindow) {
            points.append(pointAt(std::min(bucket.lowest, bucket.highest)));
            if (bucket.lowest != bucket.highest)
                points.append(pointAt(std::max(bucket.lowest, bucket.highest)));
        } else {
            appendBucketStroke(points, series, bucket.lowest, bucket.highest);
        }
    }
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
