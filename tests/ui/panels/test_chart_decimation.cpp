// Min/max decimation of chart series (kept up to date incrementally), rolling percentiles and the
// time-ordered series store.
#include "charts/data/ChartDecimation.h"
#include "charts/data/ChartMinMaxBuckets.h"
#include "charts/data/ChartTimeSeries.h"

#include <QHash>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace necrocode;

namespace {

// Whether `value` is drawn in the bucket (of `width`) that holds time x: a bucket's extremes are
// drawn at the time of the earlier one.
bool drawsInBucketOf(const QList<QPointF> &drawn, double x, double value, double width)
{
    return std::any_of(drawn.cbegin(), drawn.cend(), [&](const QPointF &p) {
        return p.y() == value && std::floor(p.x() / width) == std::floor(x / width);
    });
}

} // namespace

class TestChartDecimation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepsMinAndMaxOfEveryBucket_data()
    {
        QTest::addColumn<int>("points");
        QTest::addColumn<int>("columns");
        QTest::newRow("10k points, 100 columns") << 10000 << 100;
        QTest::newRow("100k points, 800 columns") << 100000 << 800;
        QTest::newRow("uneven: 1001 points, 7 columns") << 1001 << 7;
    }

    void keepsMinAndMaxOfEveryBucket()
    {
        QFETCH(int, points);
        QFETCH(int, columns);
        QRandomGenerator random(42);
        ChartTimeSeries series;
        for (int i = 0; i < points; ++i)
            series.insert(1000.0 + i * 10.0, random.bounded(1000.0));
        const double from = series.xs().front();
        const double to = series.xs().back();

        const QList<QPointF> drawn = decimateMinMax(series, from, to, columns);

        QVERIFY(drawn.size() <= 2 * columns);
        QVERIFY(drawn.size() >= columns / 2);
        // Buckets start at multiples of a power of two no narrower than a pixel column.
        const double width = ChartMinMaxBuckets::widthFor(to - from, columns - 1);
        QVERIFY(width >= (to - from) / columns);
        QHash<qint64, std::pair<double, double>> extremes; // bucket → lowest, highest
        for (qsizetype i = 0; i < series.size(); ++i) {
            const auto bucket = qint64(std::floor(series.x(i) / width));
            auto found = extremes.find(bucket);
            if (found == extremes.end())
                found = extremes.insert(bucket, {series.y(i), series.y(i)});
            found->first = std::min(found->first, series.y(i));
            found->second = std::max(found->second, series.y(i));
        }
        QVERIFY(extremes.size() <= columns);
        for (auto it = extremes.cbegin(); it != extremes.cend(); ++it) {
            QList<double> drawnInBucket;
            for (const QPointF &p : drawn) {
                if (qint64(std::floor(p.x() / width)) == it.key())
                    drawnInBucket.append(p.y());
            }
            QVERIFY2(drawnInBucket.contains(it->first), qPrintable(QString::number(it.key())));
            QVERIFY2(drawnInBucket.contains(it->second), qPrintable(QString::number(it.key())));
            QVERIFY(drawnInBucket.size() <= 2);
        }
        QVERIFY(std::is_sorted(drawn.cbegin(), drawn.cend(),
                               [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); }));
    }

    void aWindowCutsItsEdgeBuckets()
    {
        ChartTimeSeries series;
        for (int i = 0; i < 10000; ++i)
            series.insert(i, i % 2 ? 1000 + i : i); // peaks everywhere
        // 1000..2000 over 10 columns: buckets of 128 start at 896 and end at 2048.
        const QList<QPointF> drawn = decimateMinMax(series, 1000, 2000, 10);
        QCOMPARE(drawn.first(), QPointF(999, 1999)); // the neighbour before the window
        QCOMPARE(drawn.last(), QPointF(2001, 3001)); // the neighbour after it
        for (qsizetype i = 1; i + 1 < drawn.size(); ++i) {
            QVERIFY2(drawn.at(i).x() >= 1000 && drawn.at(i).x() <= 2000,
                     qPrintable(QString::number(drawn.at(i).x())));
        }
        QVERIFY(drawsInBucketOf(drawn, 1000, 1000, 128)); // lowest of the first, cut bucket
        QVERIFY(drawsInBucketOf(drawn, 1999, 2999, 128)); // highest of the last, cut bucket
    }

    // A dense series is drawn as one vertical stroke per bucket, each starting at the end nearer
    // the previous stroke's end, so that the line never crosses a bucket's range twice.
    void bucketStrokesStartAtTheNearerEnd()
    {
        QRandomGenerator random(11);
        ChartTimeSeries series;
        for (int i = 0; i < 50000; ++i)
            series.insert(i * 2.0, random.bounded(1000.0));
        const QList<QPointF> drawn = decimateMinMax(series, 0, 100000, 400);
        QVERIFY(drawn.size() > 400);
        int strokes = 0;
        double travelled = 0;
        for (qsizetype i = 1; i + 1 < drawn.size(); ++i) {
            if (drawn.at(i).x() != drawn.at(i + 1).x())
                continue;
            ++strokes;
            const double previous = drawn.at(i - 1).y();
            QVERIFY2(std::abs(previous - drawn.at(i).y()) <=
                         std::abs(previous - drawn.at(i + 1).y()),
                     qPrintable(QString::number(drawn.at(i).x())));
            travelled += std::abs(previous - drawn.at(i).y());
            ++i;
        }
        QVERIFY(strokes > 200);
        // Random values fill each bucket's range nearly from 0 to 1000: joining near ends keeps the
        // way between two strokes short, where time order would cross the range half the time.
        QVERIFY2(travelled / strokes < 100, qPrintable(QString::number(travelled / strokes)));
    }

    // Whatever happened to the series between two redraws, the buckets kept up to date give the
    // same picture as buckets built from scratch.
    void incrementalBucketsMatchAFreshDecimation()
    {
        QRandomGenerator random(7);
        ChartTimeSeries series;
        const auto redrawBoth = [&series](double from, double to, int columns) {
            const QList<QPointF> incremental = decimateMinMax(series, from, to, columns);
            ChartTimeSeries fresh;
            for (qsizetype i = 0; i < series.size(); ++i)
                fresh.insert(series.x(i), series.y(i));
            return std::pair{incremental, decimateMinMax(fresh, from, to, columns)};
        };
        for (int i = 0; i < 20000; ++i)
            series.insert(i * 5.0, random.bounded(100.0));
        auto [before, expected] = redrawBoth(0, 100000, 300);
        QCOMPARE(before, expected);

        for (int i = 20000; i < 20500; ++i) // appended
            series.insert(i * 5.0, random.bounded(100.0));
        auto [appended, expectedAppended] = redrawBoth(0, 102500, 300);
        QCOMPARE(appended, expectedAppended);

        series.insert(50001.0, 500.0); // out of order: a new peak in the middle
        series.setY(10, -50.0);        // a changed value near the start
        series.addToY(15000, 300.0);   // and one further on
        auto [changed, expectedChanged] = redrawBoth(0, 102500, 300);
        QCOMPARE(changed, expectedChanged);
        const double width = ChartMinMaxBuckets::widthFor(102500, 299);
        QVERIFY(drawsInBucketOf(changed, 50001.0, 500.0, width));
        QVERIFY(drawsInBucketOf(changed, 50.0, -50.0, width));

        auto [otherWidth, expectedOtherWidth] = redrawBoth(20000, 60000, 40);
        QCOMPARE(otherWidth, expectedOtherWidth);
        series.insert(102600.0, 1000.0);
        auto [backAgain, expectedBackAgain] = redrawBoth(0, 102600, 300);
        QCOMPARE(backAgain, expectedBackAgain);
        QCOMPARE(backAgain.last(), QPointF(102600.0, 1000.0));

        series.clear();
        series.insert(1.0, 2.0);
        QCOMPARE(decimateMinMax(series, 0, 10, 300), (QList<QPointF>{QPointF(1.0, 2.0)}));
    }

    void bucketsFoldOnlyWhatIsNew()
    {
        ChartMinMaxBuckets buckets;
        buckets.reset(10);
        std::vector<double> xs{1, 2, 3, 12, 13};
        std::vector<double> ys{5, 1, 9, 4, 4};
        buckets.update(xs, ys, std::numeric_limits<qsizetype>::max());
        QCOMPARE(buckets.buckets().size(), std::size_t(2));
        QCOMPARE(buckets.buckets()[0].lowest, 1);
        QCOMPARE(buckets.buckets()[0].highest, 2);
        QCOMPARE(buckets.buckets()[1].lowest, 3); // the first of equal values
        QCOMPARE(buckets.endOf(0), 3);
        QCOMPARE(buckets.bucketOf(4), std::size_t(1));

        xs.push_back(25);
        ys.push_back(0);
        buckets.update(xs, ys, std::numeric_limits<qsizetype>::max());
        QCOMPARE(buckets.buckets().size(), std::size_t(3));
        ys[4] = 7;   // changed: only the bucket holding it and those after are folded again
        ys[1] = 100; // not reported as changed: a fold of everything would see it
        buckets.update(xs, ys, 4);
        QCOMPARE(buckets.buckets().size(), std::size_t(3));
        QCOMPARE(buckets.buckets()[0].lowest, 1); // bucket 0 was left as it was
        QCOMPARE(buckets.buckets()[0].highest, 2);
        QCOMPARE(buckets.buckets()[1].highest, 4);
        QCOMPARE(buckets.buckets()[2].first, 5);
    }

    void bucketWidthsArePowersOfTwo_data()
    {
        QTest::addColumn<double>("span");
        QTest::addColumn<int>("buckets");
        QTest::addColumn<double>("width");
        QTest::newRow("5 minutes over 299 buckets") << 300000.0 << 299 << 1024.0;
        QTest::newRow("exactly 4 per bucket") << 400.0 << 100 << 4.0;
        QTest::newRow("less than a millisecond") << 10.0 << 100 << 0.125;
        QTest::newRow("no span") << 0.0 << 100 << 1.0 / 1024;
    }

    void bucketWidthsArePowersOfTwo()
    {
        QFETCH(double, span);
        QFETCH(int, buckets);
        QFETCH(double, width);
        QCOMPARE(ChartMinMaxBuckets::widthFor(span, buckets), width);
    }

    void keepsEveryPointWhenFewPerColumn()
    {
        ChartTimeSeries series;
        for (int i = 0; i < 50; ++i)
            series.insert(i, i % 7);
        const QList<QPointF> drawn = decimateMinMax(series, 0, 49, 100);
        QCOMPARE(drawn.size(), 50);
        QCOMPARE(drawn.at(17), QPointF(17, 17 % 7));
    }

    void addsOneNeighbourOutsideTheWindow()
    {
        ChartTimeSeries series;
        for (int i = 0; i < 10000; ++i)
            series.insert(i, i);
        const QList<QPointF> drawn = decimateMinMax(series, 1000, 2000, 100);
        QCOMPARE(drawn.first(), QPointF(999, 999));
        QCOMPARE(drawn.last(), QPointF(2001, 2001));
        QVERIFY(drawn.size() <= 2 * 100 + 2);
    }

    void emptyWindowDrawsNothingButNeighbours()
    {
        ChartTimeSeries series;
        series.insert(0, 1);
        series.insert(100, 2);
        const QList<QPointF> drawn = decimateMinMax(series, 40, 60, 100);
        QCOMPARE(drawn.size(), 2); // the line crossing the window
        QVERIFY(decimateMinMax(ChartTimeSeries(), 0, 1, 10).isEmpty());
    }

    void insertKeepsTimeOrder()
    {
        ChartTimeSeries series;
        series.insert(10, 1);
        series.insert(30, 3);
        QCOMPARE(series.insert(20, 2), 1);
        QCOMPARE(series.insert(30, 4), 3); // after the equal x
        QCOMPARE(series.xs(), (std::vector<double>{10, 20, 30, 30}));
        QCOMPARE(series.ys(), (std::vector<double>{1, 2, 3, 4}));
        QCOMPARE(series.indexRange(15, 30), (std::pair<qsizetype, qsizetype>(1, 4)));
    }

    void rollingPercentile_data()
    {
        QTest::addColumn<int>("index");
        QTest::addColumn<int>("window");
        QTest::addColumn<double>("p");
        QTest::addColumn<double>("expected");
        // ys = 1..100
        QTest::newRow("p50 of the first value") << 0 << 50 << 0.5 << 1.0;
        QTest::newRow("p50 of 1..10") << 9 << 50 << 0.5 << 5.0;
        QTest::newRow("p95 of 1..100, window 100") << 99 << 100 << 0.95 << 95.0;
        QTest::newRow("p50 of 51..100, window 50") << 99 << 50 << 0.5 << 75.0;
        QTest::newRow("p95 of 51..100, window 50") << 99 << 50 << 0.95 << 98.0;
    }

    void rollingPercentile()
    {
        QFETCH(int, index);
        QFETCH(int, window);
        QFETCH(double, p);
        QFETCH(double, expected);
        std::vector<double> ys;
        for (int i = 100; i >= 1; --i)
            ys.insert(ys.begin(), double(i));
        QCOMPARE(necrocode::rollingPercentile(ys, index, window, p), expected);
    }
};

QTEST_GUILESS_MAIN(TestChartDecimation)
#include "test_chart_decimation.moc"
