// Reduces a full series to what a plot can show: per time bucket (at least one pixel column
// wide, see ChartMinMaxBuckets) the lowest and the highest value, so peaks survive and at most
// two points per column (plus one neighbour on each side of the window, for lines that enter and
// leave it) are drawn. A bucket's two values are drawn as a vertical stroke at the time of the
// earlier one (within the bucket, so within a pixel or two of both), starting from the value
// nearer the point before it: the line covers about half the pixels of one that crosses each
// bucket's range twice, and times stay in ascending order. The last bucket in the window keeps its
// points as they are, so that the line ends at the newest point.
#pragma once

#include "charts/data/ChartTimeSeries.h"

#include <QList>
#include <QPointF>

namespace necrocode {

// Points of `series` within [xFrom, xTo], decimated to at most `columns` buckets of
// ChartMinMaxBuckets::widthFor(xTo - xFrom, columns - 1). Returns every point unchanged when
// there are no more than two per column. Uses and updates the series' bucket cache, so that a
// redraw after new points costs about the number of buckets, not the number of points.
QList<QPointF> decimateMinMax(const ChartTimeSeries &series, double xFrom, double xTo, int columns);

// The p-quantile (0..1, nearest rank) of the `window` values of `ys` ending at `index`.
double rollingPercentile(const std::vector<double> &ys, qsizetype index, int window, double p);

} // namespace necrocode
