#include "charts/ChartPlot.h"

#include "charts/ChartDenseLines.h"
#include "charts/data/ChartDecimation.h"
#include "common/PanelFormatting.h"

#include <QChart>
#include <QCursor>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QPainter>
#include <QResizeEvent>
#include <QScatterSeries>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace necrocode {

namespace {

constexpr int kMinimumColumns = 100;
constexpr qint64 kHourMs = qint64{3600} * 1000;
constexpr qint64 kDayMs = 24 * kHourMs;
constexpr double kLineWidth = 1.5;
// One-pixel lines: the raster engine draws them antialiased on its fast path, which keeps a
// redraw of hundreds of points per series within a few milliseconds.
constexpr double kDenseLineWidth = 1.0;
constexpr int kValueTicks = 5;
constexpr double kMarkSize = 9.0;

// 1, 2, 5 or 10 times a power of ten: the smallest at least x (ceiling) or the nearest (not).
double niceNumber(double x, bool ceiling)
{
    const double magnitude = std::pow(10.0, std::floor(std::log10(x)));
    const double q = x / magnitude;
    if (ceiling)
        return (q <= 1.0 ? 1.0 : q <= 2.0 ? 2.0 : q <= 5.0 ? 5.0 : 10.0) * magnitude;
    return (q < 1.5 ? 1.0 : q < 3.0 ? 2.0 : q < 7.0 ? 5.0 : 10.0) * magnitude;
}

// Upper end and tick count of a value axis from 0 that shows `top`, with round tick steps of at
// least `smallestStep`.
std::pair<double, int> niceValueAxis(double top, double smallestStep)
{
    const double step =
        std::max(smallestStep, niceNumber(niceNumber(top, true) / (kValueTicks - 1), false));
    const double steps = std::max(1.0, std::ceil(top / step - 1e-9));
    return {steps * step, int(steps) + 1};
}

QString timeAxisFormat(double spanMs)
{
    if (spanMs <= 2.0 * kHourMs)
        return QStringLiteral("hh:mm:ss");
    if (spanMs <= 2.0 * kDayMs)
        return QStringLiteral("hh:mm");
    return QStringLiteral("MM-dd hh:mm");
}

} // namespace

ChartPlot::ChartPlot(QWidget *parent)
    : QChartView(new QChart, parent), m_chart(chart()), m_timeAxis(new QDateTimeAxis),
      m_valueAxis(new QValueAxis),
      m_formatter([](double value) { return QLocale().toString(value, 'g', 6); })
{
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    // A little smaller than the labels, so that three series names fit a narrow dock.
    QFont legendFont = m_chart->legend()->font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.9);
    m_chart->legend()->setFont(legendFont);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_timeAxis->setTickCount(5);
    m_timeAxis->setFormat(timeAxisFormat(0));
    m_valueAxis->setLabelFormat(QStringLiteral("%.0f"));
    fitValueAxis(m_valueTop);
    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_chart->addAxis(m_valueAxis, Qt::AlignLeft);
    m_denseLines = new ChartDenseLines(m_chart, m_timeAxis, m_valueAxis);
    m_denseLines->setHoverHandler(
        [this](int line, const QPointF &value) { showValue(line, value, line >= 0); });
    // Painted by drawBackground() in the theme's colours instead of by the chart's own items.
    m_chart->setBackgroundVisible(false);
    m_timeAxis->setGridLineVisible(false);
    m_valueAxis->setGridLineVisible(false);
    scene()->setItemIndexMethod(QGraphicsScene::NoIndex); // a few items that move on every redraw
    // Partial updates leave the old places of moved markers behind while the axis scrolls.
    setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(kMinimumWidth, kMinimumHeight);

    m_emptyItem = new QGraphicsSimpleTextItem(m_chart);
    m_emptyItem->setBrush(palette().color(QPalette::PlaceholderText));
    m_emptyItem->setZValue(10);
    m_emptyItem->hide();
    connect(m_chart, &QChart::plotAreaChanged, this, [this] {
        placeEmptyText();
        m_denseLines->plotAreaChanged();
    });
}

void ChartPlot::setEmptyText(const QString &text)
{
    if (text == m_emptyText)
        return;
    m_emptyText = text;
    m_emptyItem->setText(text);
    placeEmptyText();
}

QString ChartPlot::shownEmptyText() const
{
    return m_emptyItem->isVisible() ? m_emptyText : QString();
}

void ChartPlot::placeEmptyText()
{
    const bool shown = !m_drewPoints && !m_emptyText.isEmpty();
    m_emptyItem->setVisible(shown);
    if (!shown)
        return;
    const QRectF area = m_chart->plotArea();
    const QRectF text = m_emptyItem->boundingRect();
    m_emptyItem->setPos(area.center() - QPointF(text.width() / 2, text.height() / 2));
}

void ChartPlot::resizeEvent(QResizeEvent *event)
{
    QChartView::resizeEvent(event);
    const int ticks = event->size().width() < kNarrowWidth ? 3 : 5;
    if (m_timeAxis->tickCount() != ticks)
        m_timeAxis->setTickCount(ticks);
}

void ChartPlot::drawBackground(QPainter *painter, const QRectF &rect)
{
    QChartView::drawBackground(painter, rect);
    painter->save();
    painter->setPen(Qt::NoPen);
    // The theme's background is a gradient of one colour: painting it as that colour is the same.
    const QBrush background = m_chart->backgroundBrush();
    painter->setBrush(background.gradient() && !background.gradient()->stops().isEmpty()
                          ? background.gradient()->stops().constFirst().second
                          : background.color());
    const qreal roundness = m_chart->backgroundRoundness();
    // Where Qt Charts puts its background: inside the chart layout's contents margins.
    qreal left = 0, top = 0, right = 0, bottom = 0;
    if (m_chart->layout())
        m_chart->layout()->getContentsMargins(&left, &top, &right, &bottom);
    painter->drawRoundedRect(m_chart->geometry().adjusted(left, top, -right, -bottom), roundness,
                             roundness);
    // Grid lines at the ticks, which both axes space evenly over the plot area, from edge to edge.
    const QRect area = m_chart->mapRectToScene(m_chart->plotArea()).toRect();
    const int columns = m_timeAxis->tickCount() - 1;
    const int rows = m_valueAxis->tickCount() - 1;
    const QColor grid = m_timeAxis->gridLineColor();
    for (int i = 0; columns > 0 && i <= columns; ++i) {
        const int x = area.left() + int(std::lround(double(area.width()) * i / columns));
        painter->fillRect(QRect(std::min(x, area.right()), area.top(), 1, area.height()), grid);
    }
    for (int i = 0; rows > 0 && i <= rows; ++i) {
        const int y = area.top() + int(std::lround(double(area.height()) * i / rows));
        painter->fillRect(QRect(area.left(), std::min(y, area.bottom()), area.width(), 1), grid);
    }
    painter->restore();
}

void ChartPlot::fitValueAxis(double top)
{
    m_valueTop = top;
    const auto [valueMax, valueTicks] = niceValueAxis(top, m_smallestValueStep);
    if (m_valueAxis->min() != 0 || m_valueAxis->max() != valueMax)
        m_valueAxis->setRange(0, valueMax);
    if (m_valueAxis->tickCount() != valueTicks)
        m_valueAxis->setTickCount(valueTicks);
}

int ChartPlot::addSeries(const QColor &color, Qt::PenStyle style)
{
    auto *series = new QLineSeries;
    QPen pen(color);
    pen.setWidthF(kLineWidth);
    pen.setStyle(style);
    series->setPen(pen);
    series->setMarkerSize(5);
    return adoptSeries(series, false);
}

int ChartPlot::addMarkSeries(const QColor &color)
{
    auto *series = new QScatterSeries;
    series->setMarkerShape(QScatterSeries::MarkerShapeTriangle);
    series->setMarkerSize(kMarkSize);
    series->setColor(color);
    series->setBorderColor(color.darker(130));
    return adoptSeries(series, true);
}

int ChartPlot::adoptSeries(QXYSeries *series, bool isMark)
{
    series->setUseOpenGL(false);
    m_chart->addSeries(series);
    series->attachAxis(m_timeAxis);
    series->attachAxis(m_valueAxis);
    const int index = int(m_series.size());
    connect(series, &QXYSeries::hovered, this,
            [this, index](const QPointF &point, bool state) { showValue(index, point, state); });
    m_series.push_back(series);
    m_marks.push_back(isMark);
    m_drawn.emplace_back();
    return int(m_series.size()) - 1;
}

void ChartPlot::setSeriesName(int index, const QString &name)
{
    m_series.at(std::size_t(index))->setName(name);
}

const QList<QPointF> &ChartPlot::drawnPoints(int index) const
{
    return m_drawn.at(std::size_t(index));
}

bool ChartPlot::drawsOwnLine(int index) const
{
    return m_denseLines->drawsLine(index);
}

void ChartPlot::setTitle(const QString &title)
{
    m_chart->setTitle(title);
}

void ChartPlot::setValueAxis(const QString &labelFormat, const QString &title, double smallestStep)
{
    m_valueAxis->setLabelFormat(labelFormat);
    m_valueAxis->setTitleText(title);
    m_smallestValueStep = smallestStep;
    fitValueAxis(m_valueTop);
}

int ChartPlot::plotColumns() const
{
    return std::max(kMinimumColumns, int(m_chart->plotArea().width()));
}

void ChartPlot::redraw(const std::vector<const ChartTimeSeries *> &data, double xFrom, double xTo)
{
    const int columns = plotColumns();
    std::vector<QList<QPointF>> drawn(m_series.size());
    double maxValue = 0;
    for (std::size_t i = 0; i < m_series.size(); ++i) {
        const ChartTimeSeries *source = i < data.size() ? data[i] : nullptr;
        if (source)
            drawn[i] = decimateMinMax(*source, xFrom, xTo, columns);
        for (const QPointF &point : std::as_const(drawn[i])) {
            if (point.x() >= xFrom && point.x() <= xTo)
                maxValue = std::max(maxValue, point.y());
        }
    }
    // Decimation keeps a neighbour on each side for the line's ends: only points inside count.
    m_drewPoints = std::any_of(drawn.cbegin(), drawn.cend(), [&](const QList<QPointF> &points) {
        return std::any_of(points.cbegin(), points.cend(), [&](const QPointF &point) {
            return point.x() >= xFrom && point.x() <= xTo;
        });
    });
    placeEmptyText();
    // Qt Charts lays a series out again (its geometry and its hover shape) on every replace and
    // on every change of an axis, and lays the axis labels out again on every change of a range:
    // the series that change are emptied first, so that moving axes pass over empty series and
    // each series is laid out once; axes that stay put are left alone.
    std::vector<bool> changed(m_series.size());
    for (std::size_t i = 0; i < m_series.size(); ++i) {
        changed[i] = drawn[i] != m_drawn[i];
        if (changed[i] && m_series[i]->count() > 0)
            m_series[i]->clear();
    }
    const QString format = timeAxisFormat(xTo - xFrom);
    if (m_timeAxis->format() != format)
        m_timeAxis->setFormat(format);
    const QDateTime timeFrom = QDateTime::fromMSecsSinceEpoch(qint64(xFrom));
    const QDateTime timeTo = QDateTime::fromMSecsSinceEpoch(qint64(xTo));
    if (m_timeAxis->min() != timeFrom || m_timeAxis->max() != timeTo)
        m_timeAxis->setRange(timeFrom, timeTo);
    fitValueAxis(maxValue > 0 ? maxValue * 1.1 : 1.0);
    for (std::size_t i = 0; i < m_series.size(); ++i) {
        QXYSeries *series = m_series[i];
        if (!changed[i])
            continue;
        if (m_marks[i]) {
            if (!drawn[i].isEmpty())
                series->replace(drawn[i]);
            continue;
        }
        const bool dense = drawn[i].size() > kDenseLineThreshold;
        QPen pen = series->pen();
        const double width = dense ? kDenseLineWidth : kLineWidth;
        if (pen.widthF() != width) {
            pen.setWidthF(width);
            series->setPen(pen);
        }
        series->setPointsVisible(drawn[i].size() < kMarkerThreshold);
        // A dense line is drawn by m_denseLines; its series stays empty and keeps its legend.
        m_denseLines->setLine(int(i), dense ? drawn[i] : QList<QPointF>(), pen);
        if (!dense && !drawn[i].isEmpty())
            series->replace(drawn[i]);
    }
    m_drawn = std::move(drawn);
    m_denseLines->update(); // the axes may have moved under unchanged lines
}

void ChartPlot::showValue(int index, const QPointF &point, bool hovered)
{
    if (!hovered || index < 0) {
        QToolTip::hideText();
        return;
    }
    // The tooltip names the drawn point nearest to the cursor, not a value between two points.
    const QList<QPointF> &points = m_drawn.at(std::size_t(index));
    if (points.isEmpty())
        return;
    auto nearest = std::lower_bound(points.cbegin(), points.cend(), point.x(),
                                    [](const QPointF &p, double x) { return p.x() < x; });
    if (nearest == points.cend() ||
        (nearest != points.cbegin() && point.x() - (nearest - 1)->x() < nearest->x() - point.x()))
        --nearest;
    QString text = m_series.at(std::size_t(index))->name() + QLatin1Char('\n') +
                   PanelFormatting::clockTime(qint64(nearest->x()));
    if (!m_marks.at(std::size_t(index)))
        text += QStringLiteral(": ") + m_formatter(nearest->y());
    QToolTip::showText(QCursor::pos(), text, this);
}

} // namespace necrocode
