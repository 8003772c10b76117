#include "widgets/ChartPlot.h"

#include "models/PanelFormatting.h"
#include "widgets/ChartDecimation.h"

#include <QChart>
#include <QCursor>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>

namespace necrocode {

namespace {

constexpr int kMinimumColumns = 100;
constexpr qint64 kHourMs = 3600 * 1000;
constexpr qint64 kDayMs = 24 * kHourMs;

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
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_timeAxis->setTickCount(5);
    m_timeAxis->setFormat(timeAxisFormat(0));
    m_valueAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_valueAxis->setRange(0, 1);
    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_chart->addAxis(m_valueAxis, Qt::AlignLeft);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(320, 220);
}

int ChartPlot::addSeries(const QColor &color, Qt::PenStyle style)
{
    auto *series = new QLineSeries;
    series->setUseOpenGL(false);
    QPen pen(color);
    pen.setWidthF(1.5);
    pen.setStyle(style);
    series->setPen(pen);
    series->setMarkerSize(5);
    m_chart->addSeries(series);
    series->attachAxis(m_timeAxis);
    series->attachAxis(m_valueAxis);
    connect(series, &QLineSeries::hovered, this,
            [this, series](const QPointF &point, bool state) { showValue(series, point, state); });
    m_series.push_back(series);
    return int(m_series.size()) - 1;
}

void ChartPlot::setSeriesName(int index, const QString &name)
{
    m_series.at(std::size_t(index))->setName(name);
}

void ChartPlot::setTitle(const QString &title)
{
    m_chart->setTitle(title);
}

void ChartPlot::setValueAxis(const QString &labelFormat, const QString &title)
{
    m_valueAxis->setLabelFormat(labelFormat);
    m_valueAxis->setTitleText(title);
}

int ChartPlot::plotColumns() const
{
    return std::max(kMinimumColumns, int(m_chart->plotArea().width()));
}

void ChartPlot::redraw(const std::vector<const ChartTimeSeries *> &data, double xFrom, double xTo)
{
    const int columns = plotColumns();
    double maxValue = 0;
    for (std::size_t i = 0; i < m_series.size(); ++i) {
        const ChartTimeSeries *source = i < data.size() ? data[i] : nullptr;
        const QList<QPointF> points =
            source ? decimateMinMax(*source, xFrom, xTo, columns) : QList<QPointF>();
        for (const QPointF &point : points) {
            if (point.x() >= xFrom && point.x() <= xTo)
                maxValue = std::max(maxValue, point.y());
        }
        m_series[i]->setPointsVisible(!points.isEmpty() && points.size() < kMarkerThreshold);
        m_series[i]->replace(points);
    }
    m_timeAxis->setFormat(timeAxisFormat(xTo - xFrom));
    m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(qint64(xFrom)),
                         QDateTime::fromMSecsSinceEpoch(qint64(xTo)));
    m_valueAxis->setRange(0, maxValue > 0 ? maxValue * 1.1 : 1.0);
    m_valueAxis->applyNiceNumbers();
}

void ChartPlot::showValue(QLineSeries *series, const QPointF &point, bool hovered)
{
    if (!hovered) {
        QToolTip::hideText();
        return;
    }
    // The tooltip names the drawn point nearest to the cursor, not a value between two points.
    const QList<QPointF> points = series->points();
    if (points.isEmpty())
        return;
    auto nearest = std::lower_bound(points.cbegin(), points.cend(), point.x(),
                                    [](const QPointF &p, double x) { return p.x() < x; });
    if (nearest == points.cend() ||
        (nearest != points.cbegin() && point.x() - (nearest - 1)->x() < nearest->x() - point.x()))
        --nearest;
    const QString text = series->name() + QLatin1Char('\n') +
                         PanelFormatting::clockTime(qint64(nearest->x())) + QStringLiteral(": ") +
                         m_formatter(nearest->y());
    QToolTip::showText(QCursor::pos(), text, this);
}

} // namespace necrocode
