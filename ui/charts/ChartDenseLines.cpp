#include "charts/ChartDenseLines.h"

#include <QChart>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGraphicsSceneHoverEvent>
#include <QLineF>
#include <QPainter>
#include <QPolygonF>
#include <QTransform>
#include <QValueAxis>

#include <algorithm>
#include <limits>

namespace necrocode {

namespace {

// How near the cursor must be to a line for its value to be shown, in pixels.
constexpr double kHoverDistance = 4.0;
// Between the chart's axes (z 3) and its line series (z 4): hovering a series or a marker drawn
// by Qt Charts goes to that item first.
constexpr double kZValue = 3.5;

double distanceToSegment(const QPointF &p, const QPointF &a, const QPointF &b)
{
    const QPointF ab = b - a;
    const double lengthSquared = QPointF::dotProduct(ab, ab);
    const double t = lengthSquared > 0
                         ? std::clamp(QPointF::dotProduct(p - a, ab) / lengthSquared, 0.0, 1.0)
                         : 0.0;
    return QLineF(p, a + t * ab).length();
}

} // namespace

ChartDenseLines::ChartDenseLines(QChart *chart, const QDateTimeAxis *timeAxis,
                                 const QValueAxis *valueAxis)
    : QGraphicsItem(chart), m_chart(chart), m_timeAxis(timeAxis), m_valueAxis(valueAxis)
{
    setZValue(kZValue);
    setAcceptHoverEvents(true);
}

void ChartDenseLines::setLine(int index, const QList<QPointF> &points, const QPen &pen)
{
    if (std::size_t(index) >= m_lines.size())
        m_lines.resize(std::size_t(index) + 1);
    Line &line = m_lines[std::size_t(index)];
    if (line.points.isEmpty() && points.isEmpty())
        return;
    line.points = points;
    line.pen = pen;
    update();
}

bool ChartDenseLines::drawsLine(int index) const
{
    return std::size_t(index) < m_lines.size() && !m_lines[std::size_t(index)].points.isEmpty();
}

void ChartDenseLines::plotAreaChanged()
{
    prepareGeometryChange();
}

QRectF ChartDenseLines::boundingRect() const
{
    return m_chart->plotArea();
}

ChartDenseLines::Mapping ChartDenseLines::mapping() const
{
    const QRectF area = m_chart->plotArea();
    Mapping m;
    m.left = area.left();
    m.bottom = area.bottom();
    m.timeFrom = double(m_timeAxis->min().toMSecsSinceEpoch());
    m.valueFrom = m_valueAxis->min();
    const double timeSpan = double(m_timeAxis->max().toMSecsSinceEpoch()) - m.timeFrom;
    const double valueSpan = m_valueAxis->max() - m.valueFrom;
    m.xPerMs = timeSpan > 0 ? area.width() / timeSpan : 0.0;
    m.yPerValue = valueSpan > 0 ? area.height() / valueSpan : 0.0;
    return m;
}

void ChartDenseLines::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    painter->save();
    // Clipped at whole device pixels: a clip between pixels makes the raster engine clip every
    // span of the line through a mask, many times slower.
    const QTransform &toDevice = painter->transform();
    const QRect deviceArea = toDevice.mapRect(m_chart->plotArea()).toAlignedRect();
    painter->setClipRect(toDevice.inverted().mapRect(QRectF(deviceArea)));
    const Mapping m = mapping();
    QPolygonF polyline;
    for (const Line &line : m_lines) {
        if (line.points.isEmpty())
            continue;
        polyline.resize(line.points.size());
        std::transform(line.points.cbegin(), line.points.cend(), polyline.begin(),
                       [&m](const QPointF &value) { return m.toPixel(value); });
        painter->setPen(line.pen);
        painter->drawPolyline(polyline);
    }
    painter->restore();
}

double ChartDenseLines::distanceTo(const Line &line, const Mapping &m, const QPointF &pixel)
{
    // The points are in time order: only the segments within reach of the cursor's column.
    const double fromTime = m.toValue(pixel - QPointF(kHoverDistance, 0)).x();
    const double toTime = m.toValue(pixel + QPointF(kHoverDistance, 0)).x();
    auto at = std::lower_bound(line.points.cbegin(), line.points.cend(), fromTime,
                               [](const QPointF &p, double time) { return p.x() < time; });
    if (at != line.points.cbegin())
        --at;
    double nearest = std::numeric_limits<double>::max();
    for (; at != line.points.cend(); ++at) {
        const auto next = at + 1;
        const QPointF a = m.toPixel(*at);
        nearest = std::min(nearest, next == line.points.cend()
                                        ? QLineF(pixel, a).length()
                                        : distanceToSegment(pixel, a, m.toPixel(*next)));
        if (at->x() > toTime)
            break;
    }
    return nearest;
}

void ChartDenseLines::hoverMoveEvent(QGraphicsSceneHoverEvent *event)
{
    const Mapping m = mapping();
    int hovered = -1;
    double nearest = kHoverDistance;
    for (std::size_t i = 0; i < m_lines.size(); ++i) {
        if (m_lines[i].points.isEmpty())
            continue;
        const double distance = distanceTo(m_lines[i], m, event->pos());
        if (distance <= nearest) {
            nearest = distance;
            hovered = int(i);
        }
    }
    if (hovered < 0 && m_hovered < 0)
        return;
    m_hovered = hovered;
    if (m_hover)
        m_hover(hovered, m.toValue(event->pos()));
}

void ChartDenseLines::hoverLeaveEvent(QGraphicsSceneHoverEvent *)
{
    if (m_hovered < 0)
        return;
    m_hovered = -1;
    if (m_hover)
        m_hover(-1, {});
}

} // namespace necrocode
