// The dense lines of one chart (more drawn points than ChartPlot::kDenseLineThreshold), painted
// as one-pixel polylines in the plot area and hit-tested for hovering by this item itself.
// Qt Charts lays out a QLineSeries again on every change of its points or of an axis, and that
// includes stroking the whole line into a hover shape (QPainterPathStroker), which was two thirds
// of a redraw of dense charts. Here a redraw only stores the points; they are mapped to pixels
// when painted, from the axes' ranges and the plot area at that moment.
#pragma once

#include <QGraphicsItem>
#include <QList>
#include <QPen>
#include <QPointF>

#include <functional>
#include <vector>

class QChart;
class QDateTimeAxis;
class QValueAxis;

namespace necrocode {

class ChartDenseLines : public QGraphicsItem
{
public:
    // Called with the index of the hovered line and the point under the cursor (time in ms,
    // value), or with -1 when the cursor left every line.
    using HoverHandler = std::function<void(int line, const QPointF &value)>;

    // A child of `chart`, below its own line series and markers.
    ChartDenseLines(QChart *chart, const QDateTimeAxis *timeAxis, const QValueAxis *valueAxis);

    // Line `index` (a series index of the plot) draws `points` (time in ms, value) with `pen`;
    // empty points: the line is not drawn by this item.
    void setLine(int index, const QList<QPointF> &points, const QPen &pen);
    bool drawsLine(int index) const;
    void setHoverHandler(HoverHandler handler) { m_hover = std::move(handler); }
    // The plot area moved or was resized.
    void plotAreaChanged();

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

protected:
    void hoverMoveEvent(QGraphicsSceneHoverEvent *event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent *event) override;

private:
    struct Line
    {
        QList<QPointF> points;
        QPen pen;
    };

    // From (time, value) to this item's coordinates and back, for the axes' ranges and the plot
    // area of the moment.
    struct Mapping
    {
        double left = 0, bottom = 0;        // pixel of the axes' lower ends
        double timeFrom = 0, valueFrom = 0; // the axes' lower ends
        double xPerMs = 0, yPerValue = 0;   // pixels per unit (0 when a range is empty)

        QPointF toPixel(const QPointF &value) const
        {
            return {left + (value.x() - timeFrom) * xPerMs,
                    bottom - (value.y() - valueFrom) * yPerValue};
        }
        QPointF toValue(const QPointF &pixel) const
        {
            return {xPerMs > 0 ? timeFrom + (pixel.x() - left) / xPerMs : timeFrom,
                    yPerValue > 0 ? valueFrom + (bottom - pixel.y()) / yPerValue : valueFrom};
        }
    };

    Mapping mapping() const;
    // Distance in pixels from `pixel` to the nearest segment of `line` around its column.
    static double distanceTo(const Line &line, const Mapping &mapping, const QPointF &pixel);

    QChart *m_chart;
    const QDateTimeAxis *m_timeAxis;
    const QValueAxis *m_valueAxis;
    std::vector<Line> m_lines;
    HoverHandler m_hover;
    int m_hovered = -1;
};

} // namespace necrocode
