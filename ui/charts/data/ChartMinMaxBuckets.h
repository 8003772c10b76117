// The lowest and the highest point of a time series in every time bucket of a fixed width
// (buckets start at multiples of the width), kept up to date incrementally: appended points fold
// into the last bucket, and a change at some index recomputes only the buckets from the one that
// holds it. Decimating 100 000 points for a redraw then costs a binary search and a walk over the
// few hundred buckets in view instead of a pass over the whole series.
#pragma once

#include <QtGlobal>

#include <vector>

namespace necrocode {

class ChartMinMaxBuckets
{
public:
    struct Bucket
    {
        qint64 key;        // floor(x / width)
        qsizetype first;   // index of the bucket's first point
        qsizetype lowest;  // index of its lowest point (the first one on ties)
        qsizetype highest; // index of its highest point (the first one on ties)
    };

    // A power of two (of milliseconds, fractions included) no smaller than span / buckets, so
    // that at most `buckets` of them cover the span and a slowly growing span keeps its width.
    static double widthFor(double span, int buckets);

    // Forgets every bucket and starts over with buckets of `width`.
    void reset(double width);
    double width() const { return m_width; }

    // Brings the buckets up to date with the series (xs in ascending order): drops the buckets
    // from the one holding point `changedFrom` on (points from there on were changed, inserted
    // or removed), then folds in every point not summarized yet.
    void update(const std::vector<double> &xs, const std::vector<double> &ys,
                qsizetype changedFrom);

    const std::vector<Bucket> &buckets() const { return m_buckets; }
    // Index one past the last point of bucket `index`.
    qsizetype endOf(std::size_t index) const;
    // The bucket that holds point `pointIndex` (which must be summarized).
    std::size_t bucketOf(qsizetype pointIndex) const;

private:
    double m_width = 0;
    std::vector<Bucket> m_buckets;
    qsizetype m_summarized = 0; // points folded into the buckets
};

} // namespace necrocode
