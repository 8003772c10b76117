// One live chart: a time axis, a value axis and line series drawn from decimated copies of full
// series (at most one QXYSeries::replace per series per redraw, none when its points did not
// change; axes are touched only when their range moves); hovering a line shows its value. Mark
// series draw events (a failed call) as symbols on the time axis rather than as values. A chart
// with nothing to draw says why in its plot area ("No data yet"). The whole view is repainted on
// each change, so that moving markers leave no trails. Software rendering (no OpenGL series).
// The chart's background and its grid are painted by the view as one-pixel rectangles at the
// ticks (Qt Charts strokes each grid line pixel by pixel, a quarter of a redraw's time), and its
// dense lines by ChartDenseLines (Qt Charts strokes a line's hover shape on every change).
#pragma once

#include "charts/data/ChartTimeSeries.h"

#include <QChartView>
#include <QList>
#include <QPointF>

#include <functional>
#include <vector>

class QChart;
class QDateTimeAxis;
class QGraphicsSimpleTextItem;
class QValueAxis;
class QXYSeries;

namespace necrocode {

class ChartDenseLines;

class ChartPlot : public QChartView
{
    Q_OBJECT

public:
    using ValueFormatter = std::function<QString(double)>;

    // Series with fewer drawn points than this show their points as markers too.
    static constexpr int kMarkerThreshold = 60;
    // Series with more drawn points than this are drawn with one-pixel lines.
    static constexpr int kDenseLineThreshold = 200;
    // Narrower plots label their time axis at three ticks instead of five.
    static constexpr int kNarrowWidth = 360;
    static constexpr int kMinimumWidth = 240;
    static constexpr int kMinimumHeight = 220;

    explicit ChartPlot(QWidget *parent = nullptr);

    // Returns the index of the new series.
    int addSeries(const QColor &color, Qt::PenStyle style = Qt::SolidLine);
    // A series of events drawn as symbols on the time axis; its values are not shown.
    int addMarkSeries(const QColor &color);
    int seriesCount() const { return int(m_series.size()); }
    QXYSeries *series(int index) const { return m_series.at(std::size_t(index)); }
    // The points the last redraw drew for series `index` (a dense line's series itself is
    // empty: see drawsOwnLine()).
    const QList<QPointF> &drawnPoints(int index) const;
    // Whether series `index` is drawn as a dense line by the plot itself (ChartDenseLines).
    bool drawsOwnLine(int index) const;
    bool isMarkSeries(int index) const { return m_marks.at(std::size_t(index)); }
    // Said in the plot area while the last redraw drew no point; empty: nothing is said.
    void setEmptyText(const QString &text);
    // The text shown now (empty when the chart has points or no text is set).
    QString shownEmptyText() const;
    void setSeriesName(int index, const QString &name);

    void setTitle(const QString &title);
    // printf-like format of the value axis labels ("%.0f") and its title; ticks are at least
    // `smallestStep` apart (1 for counts, so that no tick falls between two whole numbers).
    void setValueAxis(const QString &labelFormat, const QString &title, double smallestStep = 0);
    // Text of a value in the hover tooltip.
    void setValueFormatter(ValueFormatter formatter) { m_formatter = std::move(formatter); }

    // Pixel columns of the plot area: the decimation target.
    int plotColumns() const;
    // Replaces series i with the decimated part of data[i] within [xFrom, xTo] (ms since the
    // epoch) and fits the value axis to what is drawn. A null entry empties its series.
    void redraw(const std::vector<const ChartTimeSeries *> &data, double xFrom, double xTo);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void drawBackground(QPainter *painter, const QRectF &rect) override;

private:
    int adoptSeries(QXYSeries *series, bool isMark);
    // A mark's tooltip says when it happened; a line's also its value.
    void showValue(int index, const QPointF &point, bool hovered);
    void placeEmptyText();
    // Shows 0..top with round ticks; touches the axis only when that changes its range.
    void fitValueAxis(double top);

    QChart *m_chart = nullptr;
    QDateTimeAxis *m_timeAxis = nullptr;
    QValueAxis *m_valueAxis = nullptr;
    std::vector<QXYSeries *> m_series;
    std::vector<bool> m_marks;
    std::vector<QList<QPointF>> m_drawn;
    ChartDenseLines *m_denseLines = nullptr;
    QGraphicsSimpleTextItem *m_emptyItem = nullptr;
    QString m_emptyText;
    bool m_drewPoints = false;
    ValueFormatter m_formatter;
    double m_valueTop = 1.0;
    double m_smallestValueStep = 0;
};

} // namespace necrocode
