// The charts: one point per LLM call in full series, the run filter, service latencies,
// coalesced redraws, decimated drawing of 100 000 points, redraws that touch only what changed,
// the time window and hover values.
#include "PanelTestData.h"
#include "charts/ChartPlot.h"
#include "charts/ChartsPanel.h"
#include "prompt/LlmCallLog.h"
#include "runs/RunsModel.h"

#include <QDateTimeAxis>
#include <QElapsedTimer>
#include <QScatterSeries>
#include <QScrollArea>
#include <QSignalSpy>
#include <QTest>
#include <QToolTip>
#include <QValueAxis>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

using namespace necrocode;
using testdata::exchange;
using Series = ChartsPanel::Series;

namespace {

// A plot of one dense line rising from 0.5 to 1.0 over a minute (5 000 points), shown.
struct DenseLinePlot
{
    static constexpr double kSpanMs = 60000;

    DenseLinePlot()
    {
        plot.resize(640, 420);
        plot.addSeries(QColor(0xd0, 0x10, 0x10));
        plot.setSeriesName(0, QStringLiteral("dense"));
        for (int i = 0; i < 5000; ++i) {
            const double x = kSpanMs * i / 5000;
            data.insert(x, 0.5 + 0.5 * x / kSpanMs);
        }
        plot.show();
        if (!QTest::qWaitForWindowExposed(&plot))
            qFatal("the plot was not shown");
        plot.redraw({&data}, 0, kSpanMs);
        QCoreApplication::processEvents();
    }

    QRect plotAreaInView() const
    {
        const QRect inScene = plot.chart()->mapRectToScene(plot.chart()->plotArea()).toRect();
        return {plot.mapFromScene(inScene.topLeft()), inScene.size()};
    }
    // The line's value at pixel column x of the view.
    QPointF valueAtColumn(int x, const QRect &area) const
    {
        const double time = kSpanMs * (x - area.left()) / area.width();
        return {time, 0.5 + 0.5 * time / kSpanMs};
    }
    QPoint pixelOf(const QPointF &value) const
    {
        const QPointF inChart = plot.chart()->mapToPosition(value, plot.series(0));
        return plot.mapFromScene(plot.chart()->mapToScene(inChart));
    }

    ChartPlot plot;
    ChartTimeSeries data;
};

// The line's red, at least half covering the pixel (an antialiased line between two rows).
bool isLineColour(const QColor &c)
{
    return c.red() > 200 && c.red() - c.green() > 80 && c.red() - c.blue() > 80;
}

QString keyOf(const QString &runId)
{
    return RunsModel::runKey(QStringLiteral("local"), runId);
}

} // namespace

class TestChartsPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void getsExactlyOnePointPerLlmCall()
    {
        LlmCallLog calls;
        QMap<QString, ModelPrice> prices;
        prices.insert(QStringLiteral("scripted-model"), ModelPrice{1.0, 2.0});
        calls.setPrices(prices);
        ChartsPanel panel(&calls);
        const qint64 t0 = 1764265200000; // on a minute boundary
        LlmExchange streamed =
            exchange(QStringLiteral("2"), QStringLiteral("a"), t0 + 2000, 3.0, 2000000, 0);
        streamed.response.timeToFirstTokenSeconds = 0.4;
        calls.append({exchange(QStringLiteral("1"), QStringLiteral("a"), t0, 1.0, 1000000, 500000),
                      streamed});
        calls.append(
            {exchange(QStringLiteral("3"), QStringLiteral("b"), t0 + 61000, 2.0, 0, 1000000)});

        const ChartTimeSeries &prompt = panel.seriesData(Series::PromptTokens);
        QCOMPARE(prompt.xs(),
                 (std::vector<double>{double(t0), double(t0 + 2000), double(t0 + 61000)}));
        QCOMPARE(prompt.ys(), (std::vector<double>{1000000, 2000000, 0}));
        QCOMPARE(panel.seriesData(Series::CompletionTokens).ys(),
                 (std::vector<double>{500000, 0, 1000000}));
        QCOMPARE(panel.seriesData(Series::Latency).ys(), (std::vector<double>{1.0, 3.0, 2.0}));
        QCOMPARE(panel.seriesData(Series::LatencyP50).size(), 3);
        QCOMPARE(panel.seriesData(Series::LatencyP95).size(), 3);
        QCOMPARE(panel.seriesData(Series::LatencyP50).ys(), (std::vector<double>{1.0, 1.0, 2.0}));
        QCOMPARE(panel.seriesData(Series::LatencyP95).ys(), (std::vector<double>{1.0, 3.0, 3.0}));
        QCOMPARE(panel.seriesData(Series::TimeToFirstToken).ys(), std::vector<double>{0.4});
        QCOMPARE(panel.seriesData(Series::CallsPerMinute).xs(),
                 (std::vector<double>{double(t0), double(t0 + 60000)}));
        QCOMPARE(panel.seriesData(Series::CallsPerMinute).ys(), (std::vector<double>{2, 1}));
        // 1M in at $1 + 0.5M out at $2 = $2; 2M in = $2; 1M out = $2.
        QCOMPARE(panel.seriesData(Series::CumulativeCost).ys(), (std::vector<double>{2, 4, 6}));
        QCOMPARE(panel.serviceLatencyData(QStringLiteral("llm")).size(), 3);
    }

    void callsArrivingOutOfOrderStayInTimeOrder()
    {
        LlmCallLog calls;
        QMap<QString, ModelPrice> prices;
        prices.insert(QStringLiteral("scripted-model"), ModelPrice{1.0, 0.0});
        calls.setPrices(prices);
        ChartsPanel panel(&calls);
        calls.append({exchange(QStringLiteral("1"), QStringLiteral("a"), 3000, 3.0, 1000000),
                      exchange(QStringLiteral("2"), QStringLiteral("a"), 1000, 1.0, 2000000)});
        QCOMPARE(panel.seriesData(Series::Latency).xs(), (std::vector<double>{1000, 3000}));
        QCOMPARE(panel.seriesData(Series::CumulativeCost).ys(), (std::vector<double>{2, 3}));
        QCOMPARE(panel.seriesData(Series::LatencyP95).ys(), (std::vector<double>{1.0, 3.0}));
    }

    void filtersToTheSelectedRun()
    {
        LlmCallLog calls;
        ChartsPanel panel(&calls);
        calls.append({exchange(QStringLiteral("1"), QStringLiteral("a"), 1000, 1.0),
                      exchange(QStringLiteral("2"), QStringLiteral("b"), 2000, 2.0),
                      exchange(QStringLiteral("3"), QStringLiteral("a"), 3000, 3.0)});
        panel.addServiceLatency(QStringLiteral("repo_pool"), 1500, 0.2, QStringLiteral("runner-a"),
                                QStringLiteral("task-a"));
        panel.addServiceLatency(QStringLiteral("repo_pool"), 2500, 0.4, QStringLiteral("runner-b"),
                                QStringLiteral("task-b"));
        QCOMPARE(panel.seriesData(Series::Latency).size(), 3);
        QCOMPARE(panel.serviceLatencyData(QStringLiteral("repo_pool")).size(), 2);

        panel.setRunFilter(keyOf(QStringLiteral("a")), QStringLiteral("runner-a"),
                           QStringLiteral("task-a"));
        QVERIFY(panel.isRunFiltered());
        QCOMPARE(panel.seriesData(Series::Latency).ys(), (std::vector<double>{1.0, 3.0}));
        QCOMPARE(panel.serviceLatencyData(QStringLiteral("repo_pool")).ys(),
                 std::vector<double>{0.2});

        calls.append({exchange(QStringLiteral("4"), QStringLiteral("b"), 4000, 4.0),
                      exchange(QStringLiteral("5"), QStringLiteral("a"), 5000, 5.0)});
        panel.addServiceLatency(QStringLiteral("repo_pool"), 5500, 0.8, QStringLiteral("runner-b"),
                                QStringLiteral("task-b"));
        QCOMPARE(panel.seriesData(Series::Latency).ys(), (std::vector<double>{1.0, 3.0, 5.0}));
        QCOMPARE(panel.serviceLatencyData(QStringLiteral("repo_pool")).size(), 1);

        panel.setRunFilter({}, {}, {});
        QVERIFY(!panel.isRunFiltered());
        QCOMPARE(panel.seriesData(Series::Latency).size(), 5);
        QCOMPARE(panel.serviceLatencyData(QStringLiteral("repo_pool")).size(), 3);
    }

    void aRunWithoutCallsYetShowsItsFirstCall()
    {
        LlmCallLog calls;
        ChartsPanel panel(&calls);
        panel.setRunFilter(keyOf(QStringLiteral("new")), {}, QStringLiteral("task-new"));
        QCOMPARE(panel.seriesData(Series::Latency).size(), 0);
        calls.append({exchange(QStringLiteral("1"), QStringLiteral("new"), 1000, 1.5)});
        QCOMPARE(panel.seriesData(Series::Latency).ys(), std::vector<double>{1.5});
    }

    void coalescesRedraws()
    {
        LlmCallLog calls;
        ChartsPanel panel(&calls);
        panel.resize(900, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QTRY_VERIFY(panel.redrawCount() >= 1);
        QTest::qWait(2 * ChartsPanel::kRedrawIntervalMs);
        const int before = panel.redrawCount();
        const qint64 now = testdata::nowMs();
        for (int i = 0; i < 200; ++i)
            calls.append({exchange(QString::number(i), QStringLiteral("a"), now - 1000 + i, 0.5)});
        QCOMPARE(panel.redrawCount(), before); // nothing drawn synchronously
        QTRY_COMPARE(panel.redrawCount(), before + 1);
        QTest::qWait(3 * ChartsPanel::kRedrawIntervalMs);
        QCOMPARE(panel.redrawCount(), before + 1);
        QCOMPARE(panel.drawnPointCount(Series::Latency), 200);
    }

    void redrawsOneHundredThousandPointsDecimated()
    {
        LlmCallLog calls;
        ChartsPanel panel(&calls);
        panel.resize(1200, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setTimeWindow(ChartsPanel::TimeWindow::All);

        constexpr int kCalls = 100000;
        QList<LlmExchange> batch;
        batch.reserve(kCalls);
        const qint64 t0 = testdata::nowMs() - kCalls * 100;
        for (int i = 0; i < kCalls; ++i)
            batch.append(exchange(QString::number(i), QStringLiteral("a"), t0 + i * 100,
                                  0.5 + (i % 97) * 0.01, 100 + i % 1000, 10 + i % 50));
        batch[54321].response.durationSeconds = 42.0; // a peak that must stay visible
        QElapsedTimer clock;
        clock.start();
        calls.append(batch);
        const qint64 insertMs = clock.elapsed();
        QCOMPARE(panel.seriesData(Series::Latency).size(), kCalls);

        clock.restart();
        panel.redrawNow();
        const qint64 redrawMs = clock.elapsed();
        clock.restart();
        QTest::qWait(1); // lets the chart lay out and paint
        panel.repaint();
        const qint64 paintMs = clock.elapsed();
        qInfo("100000 calls: insert %lld ms, redraw (decimate + replace) %lld ms, paint %lld ms",
              insertMs, redrawMs, paintMs);

        const int columns = panel.plot(ChartsPanel::Chart::Latency)->plotColumns();
        const qsizetype drawn = panel.drawnPointCount(Series::Latency);
        QVERIFY2(drawn <= 2 * columns + 2, qPrintable(QString::number(drawn)));
        QVERIFY(drawn >= columns / 2);
        const QList<QPointF> points = panel.plot(ChartsPanel::Chart::Latency)->drawnPoints(0);
        QVERIFY(std::any_of(points.cbegin(), points.cend(),
                            [](const QPointF &p) { return p.y() == 42.0; }));
        QVERIFY(redrawMs < 1000);
        // Dense lines are one pixel wide (the raster engine's fast path), without markers.
        QCOMPARE(panel.plot(ChartsPanel::Chart::Latency)->series(0)->pen().widthF(), 1.0);
        QVERIFY(!panel.plot(ChartsPanel::Chart::Latency)->series(0)->pointsVisible());
        // ... drawn by the plot itself: Qt Charts' series stays empty, so that no redraw strokes
        // the dense line into a hover shape.
        QVERIFY(panel.plot(ChartsPanel::Chart::Latency)->drawsOwnLine(0));
        QCOMPARE(panel.plot(ChartsPanel::Chart::Latency)->series(0)->count(), 0);

        // New calls fold into the kept buckets: the next redraw shows them at once.
        calls.append(
            {exchange(QStringLiteral("late"), QStringLiteral("a"), t0 + kCalls * 100 + 50, 77.0)});
        panel.redrawNow();
        const QList<QPointF> after = panel.plot(ChartsPanel::Chart::Latency)->drawnPoints(0);
        QCOMPARE(after.last().y(), 77.0);
        QVERIFY(panel.drawnPointCount(Series::Latency) <= 2 * columns + 2);
    }

    void showsOnlyTheChosenTimeWindow()
    {
        LlmCallLog calls;
        ChartsPanel panel(&calls);
        const qint64 now = testdata::nowMs();
        calls.append({exchange(QStringLiteral("old"), QStringLiteral("a"), now - 20 * 60000, 9.0),
                      exchange(QStringLiteral("new"), QStringLiteral("a"), now - 60000, 1.0)});
        ChartPlot *latency = panel.plot(ChartsPanel::Chart::Latency);
        auto *axis =
            qobject_cast<QDateTimeAxis *>(latency->chart()->axes(Qt::Horizontal).constFirst());

        panel.setTimeWindow(ChartsPanel::TimeWindow::FiveMinutes);
        panel.redrawNow();
        QVERIFY(axis->min().msecsTo(axis->max()) <= 5 * 60000 + 100);
        QVERIFY(axis->min().toMSecsSinceEpoch() > now - 20 * 60000);
        QVERIFY(axis->max().toMSecsSinceEpoch() >= now);
        QVERIFY(axis->max().toMSecsSinceEpoch() < testdata::nowMs() + 1000);
        QCOMPARE(axis->max().toMSecsSinceEpoch() % 1000, 0); // moves in whole seconds

        panel.setTimeWindow(ChartsPanel::TimeWindow::All);
        panel.redrawNow();
        // From the first call to the last one, widened to steps of 10 s (a 500th of 19 minutes,
        // as a power of ten).
        const qint64 first = axis->min().toMSecsSinceEpoch();
        const qint64 last = axis->max().toMSecsSinceEpoch();
        QVERIFY(first <= now - 20 * 60000 && first > now - 20 * 60000 - 10000);
        QVERIFY(last >= now - 60000 && last < now - 60000 + 10000);
        QCOMPARE(first % 10000, 0);
        QCOMPARE(last % 10000, 0);
    }

    void aRedrawWithNothingNewTouchesNothing()
    {
        LlmCallLog calls;
        ChartsPanel panel(&calls);
        panel.setTimeWindow(ChartsPanel::TimeWindow::All);
        const qint64 t0 = 1764265200000;
        calls.append({exchange(QStringLiteral("1"), QStringLiteral("a"), t0, 1.0),
                      exchange(QStringLiteral("2"), QStringLiteral("a"), t0 + 60000, 2.0),
                      exchange(QStringLiteral("3"), QStringLiteral("a"), t0 + 90000, 1.5)});
        panel.redrawNow();
        ChartPlot *latency = panel.plot(ChartsPanel::Chart::Latency);
        QSignalSpy replaced(latency->series(0), &QXYSeries::pointsReplaced);
        QSignalSpy timeMoved(latency->chart()->axes(Qt::Horizontal).constFirst(),
                             SIGNAL(rangeChanged(QDateTime, QDateTime)));
        QSignalSpy valueMoved(latency->chart()->axes(Qt::Vertical).constFirst(),
                              SIGNAL(rangeChanged(qreal, qreal)));
        QVERIFY(timeMoved.isValid() && valueMoved.isValid());

        panel.redrawNow();
        QCOMPARE(replaced.count(), 0);
        QCOMPARE(timeMoved.count(), 0);
        QCOMPARE(valueMoved.count(), 0);

        calls.append({exchange(QStringLiteral("4"), QStringLiteral("a"), t0 + 200000, 9.0)});
        panel.redrawNow();
        QCOMPARE(replaced.count(), 1);
        QCOMPARE(latency->series(0)->count(), 4);
        QCOMPARE(timeMoved.count(), 1);
        QCOMPARE(valueMoved.count(), 1);
        auto *values =
            qobject_cast<QValueAxis *>(latency->chart()->axes(Qt::Vertical).constFirst());
        QVERIFY(values->max() >= 9.0);
    }

    void fitsANarrowDockWithoutScrollingSideways()
    {
        LlmCallLog calls;
        ChartsPanel panel(&calls);
        QVERIFY2(panel.minimumSizeHint().width() <= 300,
                 qPrintable(QString::number(panel.minimumSizeHint().width())));
        panel.setRunFilter(keyOf(QStringLiteral("a")), QStringLiteral("console-worker-12345-2"),
                           QStringLiteral("a-task-with-a-long-name"));
        panel.resize(panel.minimumSizeHint().width(), 600);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(panel.minimumSizeHint().width() <= 300); // the run name wraps
        auto *scroll = panel.findChild<QScrollArea *>();
        QVERIFY(scroll);
        QTRY_VERIFY(scroll->widget()->width() <= scroll->viewport()->width());
        for (int chart = 0; chart < ChartsPanel::kChartCount; ++chart) {
            ChartPlot *plot = panel.plot(ChartsPanel::Chart(chart));
            QVERIFY(plot->width() >= ChartPlot::kMinimumWidth);
            // Three time labels fit where five would overlap.
            QCOMPARE(qobject_cast<QDateTimeAxis *>(plot->chart()->axes(Qt::Horizontal).constFirst())
                         ->tickCount(),
                     3);
        }
        panel.resize(900, 700);
        QTRY_COMPARE(
            qobject_cast<QDateTimeAxis *>(
                panel.plot(ChartsPanel::Chart::Tokens)->chart()->axes(Qt::Horizontal).constFirst())
                ->tickCount(),
            5);
    }

    void tenSecondsOfDataFillTheFiveMinuteWindow()
    {
        LlmCallLog calls;
        ChartsPanel panel(&calls);
        const qint64 now = testdata::nowMs();
        for (int i = 0; i <= 10; ++i)
            calls.append({exchange(QString::number(i), QStringLiteral("a"), now - 10000 + i * 1000,
                                   1.0 + i * 0.1)});
        auto *axis = qobject_cast<QDateTimeAxis *>(
            panel.plot(ChartsPanel::Chart::Latency)->chart()->axes(Qt::Horizontal).constFirst());
        panel.setTimeWindow(ChartsPanel::TimeWindow::FiveMinutes);
        panel.redrawNow();
        const qint64 from = axis->min().toMSecsSinceEpoch();
        const qint64 to = axis->max().toMSecsSinceEpoch();
        // The axis spans the data (10 s) and a little more, not the whole five minutes.
        QVERIFY2(from <= now - 10000, qPrintable(QString::number(now - 10000 - from)));
        QVERIFY2(to - from <= 20000, qPrintable(QString::number(to - from)));
        QVERIFY(to >= now);
        // Every point is drawn, spread over the width.
        QCOMPARE(panel.drawnPointCount(Series::Latency), 11);

        // Older data widens the axis up to the window, never beyond it.
        calls.append({exchange(QStringLiteral("old"), QStringLiteral("a"), now - 20 * 60000, 2.0)});
        calls.append({exchange(QStringLiteral("mid"), QStringLiteral("a"), now - 4 * 60000, 2.0)});
        panel.redrawNow();
        QVERIFY(axis->min().toMSecsSinceEpoch() <= now - 4 * 60000);
        QVERIFY(axis->min().msecsTo(axis->max()) <= 5 * 60000 + 1000);
    }

    void failedCallsAreMarksNotValues()
    {
        LlmCallLog calls;
        ChartsPanel panel(&calls);
        const qint64 now = testdata::nowMs();
        LlmExchange failed =
            exchange(QStringLiteral("2"), QStringLiteral("a"), now - 2000, 30.0, 0, 0);
        failed.errorType = QStringLiteral("timeout");
        calls.append({exchange(QStringLiteral("1"), QStringLiteral("a"), now - 3000, 1.0), failed,
                      exchange(QStringLiteral("3"), QStringLiteral("a"), now - 1000, 2.0)});
        // No zero-token, zero-second point in the lines: the failed call is a mark of its own.
        QCOMPARE(panel.seriesData(Series::PromptTokens).size(), 2);
        QCOMPARE(panel.seriesData(Series::Latency).ys(), (std::vector<double>{1.0, 2.0}));
        QCOMPARE(panel.seriesData(Series::FailedCalls).xs(),
                 std::vector<double>{double(now - 2000)});
        QCOMPARE(panel.seriesData(Series::CallsPerMinute).ys().size() >= 1, true);
        double perMinute = 0;
        for (double y : panel.seriesData(Series::CallsPerMinute).ys())
            perMinute += y;
        QCOMPARE(perMinute, 3.0); // it was still a call
        panel.redrawNow();
        for (ChartsPanel::Chart chart : {ChartsPanel::Chart::Tokens, ChartsPanel::Chart::Latency}) {
            ChartPlot *plot = panel.plot(chart);
            const int marks = plot->seriesCount() - 1;
            QVERIFY(plot->isMarkSeries(marks));
            QVERIFY(qobject_cast<QScatterSeries *>(plot->series(marks)));
            QCOMPARE(plot->series(marks)->count(), 1);
            QCOMPARE(plot->series(marks)->at(0).x(), double(now - 2000));
        }
    }

    void emptyChartsSayWhy()
    {
        LlmCallLog calls;
        ChartsPanel panel(&calls);
        panel.setTimeWindow(ChartsPanel::TimeWindow::FiveMinutes);
        panel.redrawNow();
        for (int chart = 0; chart < ChartsPanel::kChartCount; ++chart) {
            const QString text = panel.plot(ChartsPanel::Chart(chart))->shownEmptyText();
            if (ChartsPanel::Chart(chart) == ChartsPanel::Chart::Cost)
                QCOMPARE(text, QStringLiteral("No price configured"));
            else
                QCOMPARE(text, QStringLiteral("No data yet"));
        }

        const qint64 now = testdata::nowMs();
        calls.append({exchange(QStringLiteral("1"), QStringLiteral("a"), now - 1000, 1.0)});
        panel.redrawNow();
        QVERIFY(panel.plot(ChartsPanel::Chart::Latency)->shownEmptyText().isEmpty());
        QCOMPARE(panel.plot(ChartsPanel::Chart::TimeToFirstToken)->shownEmptyText(),
                 QStringLiteral("No streamed calls yet"));

        QMap<QString, ModelPrice> prices;
        prices.insert(QStringLiteral("another-model"), ModelPrice{1.0, 2.0});
        calls.setPrices(prices);
        panel.redrawNow();
        QCOMPARE(panel.plot(ChartsPanel::Chart::Cost)->shownEmptyText(),
                 QStringLiteral("No price configured for the models called"));

        // A call older than the window: the window is empty, not the chart's history.
        LlmCallLog older;
        ChartsPanel quiet(&older);
        older.append({exchange(QStringLiteral("1"), QStringLiteral("a"), now - 30 * 60000, 1.0)});
        quiet.setTimeWindow(ChartsPanel::TimeWindow::FiveMinutes);
        quiet.redrawNow();
        QCOMPARE(quiet.plot(ChartsPanel::Chart::Latency)->shownEmptyText(),
                 QStringLiteral("No LLM calls in this time window"));
        quiet.setTimeWindow(ChartsPanel::TimeWindow::All);
        quiet.redrawNow();
        QVERIFY(quiet.plot(ChartsPanel::Chart::Latency)->shownEmptyText().isEmpty());
    }

    void serviceLatencyLeavesTheLlmToItsOwnChart()
    {
        LlmCallLog calls;
        ChartsPanel panel(&calls);
        ChartPlot *services = panel.plot(ChartsPanel::Chart::ServiceLatency);
        QStringList names;
        for (int i = 0; i < services->seriesCount(); ++i)
            names.append(services->series(i)->name());
        QCOMPARE(names, (QStringList{QStringLiteral("Task Registry"), QStringLiteral("Repo Pool"),
                                     QStringLiteral("Artifact Store")}));
        const qint64 now = testdata::nowMs();
        calls.append({exchange(QStringLiteral("1"), QStringLiteral("a"), now - 1000, 40.0)});
        panel.addServiceLatency(QStringLiteral("repo_pool"), now - 500, 0.02,
                                QStringLiteral("runner-a"), QStringLiteral("task-a"));
        panel.redrawNow();
        // The pool's 20 ms are not flattened by a 40 s LLM call.
        auto *values =
            qobject_cast<QValueAxis *>(services->chart()->axes(Qt::Vertical).constFirst());
        QVERIFY2(values->max() < 1.0, qPrintable(QString::number(values->max())));
    }

    void theWholeViewIsRepaintedSoMovedMarkersLeaveNoTrail()
    {
        LlmCallLog calls;
        ChartsPanel panel(&calls);
        QCOMPARE(panel.plot(ChartsPanel::Chart::Latency)->viewportUpdateMode(),
                 QGraphicsView::FullViewportUpdate);
    }

    // The grid is painted as crisp one-pixel lines at the ticks of both axes, on the chart's
    // white background (Qt Charts' own grid lines fall between pixels and are stroked pixel by
    // pixel).
    void gridLinesAreCrispAtEveryTick()
    {
        ChartPlot plot;
        plot.resize(517, 331);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.redraw({}, 0, 60000);
        QCoreApplication::processEvents();
        const QImage image = plot.viewport()->grab().toImage();
        const QRect inScene = plot.chart()->mapRectToScene(plot.chart()->plotArea()).toRect();
        const QRect area(plot.mapFromScene(inScene.topLeft()), inScene.size());
        auto *time = plot.chart()->axes(Qt::Horizontal).constFirst();
        const QColor grid = time->gridLineColor();
        QVERIFY(grid != QColor(Qt::white));
        const int columns = qobject_cast<QDateTimeAxis *>(time)->tickCount() - 1;
        QCOMPARE(columns, 4);
        const int row = area.top() + area.height() / 3 + 1;
        int crisp = 0;
        for (int i = 1; i <= columns; ++i) { // at 0, the value axis' own line
            const int x = std::min(
                area.left() + int(std::lround(double(area.width()) * i / columns)), area.right());
            QCOMPARE(image.pixelColor(x, row), grid);
            if (i < columns) {
                QCOMPARE(image.pixelColor(x - 1, row), QColor(Qt::white));
                QCOMPARE(image.pixelColor(x + 1, row), QColor(Qt::white));
                ++crisp;
            }
        }
        QCOMPARE(crisp, 3);
        const int column = area.left() + area.width() / 8 + 1;
        QCOMPARE(image.pixelColor(column, area.top()), grid); // the highest value tick
        QCOMPARE(image.pixelColor(column, area.top() + 1), QColor(Qt::white));
    }

    // A dense line, drawn by the plot itself, lies where the axes put its values, across the
    // whole plot area.
    void denseLinesArePaintedAtTheirValues()
    {
        DenseLinePlot dense;
        const QImage image = dense.plot.viewport()->grab().toImage();
        const QRect area = dense.plotAreaInView();
        int onTheLine = 0;
        int columns = 0;
        for (int x = area.left() + 10; x < area.right() - 10; x += 25, ++columns) {
            const QPoint expected = dense.pixelOf(dense.valueAtColumn(x, area));
            bool found = false;
            for (int dy = -1; dy <= 1 && !found; ++dy)
                found = isLineColour(image.pixelColor(x, expected.y() + dy));
            onTheLine += found ? 1 : 0;
            QVERIFY2(!isLineColour(image.pixelColor(x, expected.y() - 6)),
                     qPrintable(QString::number(x)));
        }
        QVERIFY(columns > 15);
        QCOMPARE(onTheLine, columns);
    }

    // Hovering a dense line shows the value of its nearest drawn point; moving away hides it.
    void hoveringADenseLineShowsTheValue()
    {
        DenseLinePlot dense;
        const QRect area = dense.plotAreaInView();
        const int x = area.left() + area.width() / 2;
        const QPointF value = dense.valueAtColumn(x, area);
        QTest::mouseMove(dense.plot.viewport(), dense.pixelOf(value) + QPoint(0, 2));
        QTRY_VERIFY(QToolTip::isVisible());
        const QString shown = QLocale().toString(value.y(), 'g', 2);
        QVERIFY2(QToolTip::text().contains(QStringLiteral("dense\n")),
                 qPrintable(QToolTip::text()));
        QVERIFY2(QToolTip::text().contains(shown), qPrintable(QToolTip::text() + " / " + shown));
        QTest::mouseMove(dense.plot.viewport(), QPoint(x, area.top() + 5));
        QTRY_VERIFY(!QToolTip::isVisible());
    }

    void countsHaveWholeNumberTicks()
    {
        LlmCallLog calls;
        ChartsPanel panel(&calls);
        panel.redrawNow(); // nothing yet: 0..1
        for (ChartsPanel::Chart chart :
             {ChartsPanel::Chart::Tokens, ChartsPanel::Chart::CallsPerMinute}) {
            auto *values = qobject_cast<QValueAxis *>(
                panel.plot(chart)->chart()->axes(Qt::Vertical).constFirst());
            QCOMPARE(values->max(), 1.0);
            QCOMPARE(values->tickCount(), 2); // 0 and 1, no 0.2 shown as "0"
        }
        auto *seconds = qobject_cast<QValueAxis *>(
            panel.plot(ChartsPanel::Chart::Latency)->chart()->axes(Qt::Vertical).constFirst());
        QCOMPARE(seconds->max(), 1.0);
        QCOMPARE(seconds->tickCount(), 6); // 0, 0.2, ... 1.0
    }

    void hoveringShowsTheValue()
    {
        LlmCallLog calls;
        ChartsPanel panel(&calls);
        panel.resize(900, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const qint64 now = testdata::nowMs();
        calls.append({exchange(QStringLiteral("1"), QStringLiteral("a"), now - 2000, 1.25),
                      exchange(QStringLiteral("2"), QStringLiteral("a"), now - 1000, 2.0)});
        panel.redrawNow();
        QXYSeries *latency = panel.plot(ChartsPanel::Chart::Latency)->series(0);
        QCOMPARE(latency->pen().widthF(), 1.5); // few points: the regular line and markers
        QVERIFY(latency->pointsVisible());
        Q_EMIT latency->hovered(QPointF(now - 1900, 1.4), true);
        QTRY_VERIFY(QToolTip::isVisible());
        QVERIFY2(QToolTip::text().contains(QStringLiteral("1.25 s")), qPrintable(QToolTip::text()));
        Q_EMIT latency->hovered(QPointF(now - 1900, 1.4), false);
        QTRY_VERIFY(!QToolTip::isVisible());
    }
};

QTEST_MAIN(TestChartsPanel)
#include "test_charts_panel.moc"
