// Min/max decimation of chart series, rolling percentiles and the time-ordered series store.
#include "widgets/ChartDecimation.h"
#include "widgets/ChartTimeSeries.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace necrocode;

class TestChartDecimation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepsMinAndMaxOfEveryColumn_data()
    {
        QTest::addColumn<int>("points");
        QTest::addColumn<int>("columns");
        QTest::newRow("10k points, 100 columns") << 10000 << 100;
        QTest::newRow("100k points, 800 columns") << 100000 << 800;
        QTest::newRow("uneven: 1001 points, 7 columns") << 1001 << 7;
    }

    void keepsMinAndMaxOfEveryColumn()
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
        QVERIFY(drawn.size() >= columns);
        const double width = (to - from) / columns;
        for (int column = 0; column < columns; ++column) {
            double minY = std::numeric_limits<double>::max();
            double maxY = std::numeric_limits<double>::lowest();
            for (qsizetype i = 0; i < series.size(); ++i) {
                const int c = std::min(columns - 1, int((series.x(i) - from) / width));
                if (c != column)
                    continue;
                minY = std::min(minY, series.y(i));
                maxY = std::max(maxY, series.y(i));
            }
            QList<double> drawnInColumn;
            for (const QPointF &p : drawn) {
                if (std::min(columns - 1, int((p.x() - from) / width)) == column)
                    drawnInColumn.append(p.y());
            }
            QVERIFY2(drawnInColumn.contains(minY), qPrintable(QString::number(column)));
            QVERIFY2(drawnInColumn.contains(maxY), qPrintable(QString::number(column)));
            QVERIFY(drawnInColumn.size() <= 2);
        }
        QVERIFY(std::is_sorted(drawn.cbegin(), drawn.cend(),
                               [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); }));
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
