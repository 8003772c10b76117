#include "charts/ChartsPanel.h"

#include "charts/ChartPlot.h"
#include "common/PanelFormatting.h"
#include "healthview/HealthModel.h"
#include "prompt/LlmCallLog.h"
#include "shell/ConsoleBackend.h"

#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QScrollArea>
#include <QScrollBar>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace necrocode {

namespace {

constexpr qint64 kFiveMinutesMs = qint64{5} * 60 * 1000;
constexpr qint64 kHourMs = qint64{60} * 60 * 1000;
constexpr int kMinimumPlotWidth = 360;
constexpr double kMinimumPadMs = 2000;
const QString kLlmService = QStringLiteral("llm");
const QColor kFailureColor(0xc6, 0x28, 0x28);

// Where each Series is drawn: chart and series index within it.
struct SeriesPlace
{
    ChartsPanel::Chart chart;
    int index;
};

SeriesPlace placeOf(ChartsPanel::Series series)
{
    using C = ChartsPanel::Chart;
    switch (series) {
    case ChartsPanel::Series::PromptTokens:
        return {C::Tokens, 0};
    case ChartsPanel::Series::CompletionTokens:
        return {C::Tokens, 1};
    case ChartsPanel::Series::Latency:
        return {C::Latency, 0};
    case ChartsPanel::Series::LatencyP50:
        return {C::Latency, 1};
    case ChartsPanel::Series::LatencyP95:
        return {C::Latency, 2};
    case ChartsPanel::Series::TimeToFirstToken:
        return {C::TimeToFirstToken, 0};
    case ChartsPanel::Series::CallsPerMinute:
        return {C::CallsPerMinute, 0};
    case ChartsPanel::Series::CumulativeCost:
        return {C::Cost, 0};
    case ChartsPanel::Series::FailedCalls:
        return {C::Latency, 3};
    }
    return {C::Tokens, 0};
}

// The time axis moves in steps of a power of ten of milliseconds, about a 500th of its span (a
// second for five minutes): most redraws then leave the axes alone and only replace lines.
double timeAxisStep(double spanMs)
{
    return std::pow(10.0, std::ceil(std::log10(std::max(spanMs, 500.0) / 500.0)));
}

QColor serviceColor(const QString &service)
{
    if (service == QLatin1String("task_registry"))
        return QColor(0x1e, 0x6f, 0xd9);
    if (service == QLatin1String("repo_pool"))
        return QColor(0xe6, 0x7e, 0x22);
    if (service == QLatin1String("artifact_store"))
        return QColor(0x8e, 0x24, 0xaa);
    if (service == kLlmService)
        return QColor(0x2e, 0x9d, 0x3a);
    return QColor(0x54, 0x6e, 0x7a);
}

} // namespace

ChartsPanel::ChartsPanel(const LlmCallLog *calls, QWidget *parent) : QWidget(parent), m_calls(calls)
{
    m_windowLabel = new QLabel(this);
    m_windowBox = new QComboBox(this);
    m_windowBox->setObjectName(QStringLiteral("timeWindow"));
    for (int i = 0; i < 3; ++i)
        m_windowBox->addItem(QString());
    m_filterLabel = new QLabel(this);
    m_filterLabel->setObjectName(QStringLiteral("runFilter"));
    // A long run name wraps within the room left, and must not widen the dock; the tooltip
    // holds it whole.
    m_filterLabel->setWordWrap(true);
    m_filterLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_filterLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_windowLabel);
    bar->addWidget(m_windowBox);
    bar->addWidget(m_filterLabel, 1);

    auto *plots = new QWidget;
    m_grid = new QGridLayout(plots);
    m_grid->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(plots);
    // The charts scroll up and down in a narrow dock, never sideways: the panel is at least as
    // wide as one chart.
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(ChartPlot::kMinimumWidth +
                            scroll->verticalScrollBar()->sizeHint().width());

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(scroll, 1);

    createPlots();
    arrangePlots();
    retranslateUi();

    connect(m_windowBox, &QComboBox::currentIndexChanged, this,
            [this](int index) { setTimeWindow(TimeWindow(index)); });
    connect(m_calls, &LlmCallLog::appended, this, &ChartsPanel::appendCalls);

    m_redrawTimer.setSingleShot(true);
    m_redrawTimer.setInterval(kRedrawIntervalMs);
    connect(&m_redrawTimer, &QTimer::timeout, this, &ChartsPanel::redrawNow);
    m_liveTimer.setInterval(kLiveTickMs);
    connect(&m_liveTimer, &QTimer::timeout, this, [this] {
        if (m_window != TimeWindow::All)
            scheduleRedraw();
    });
    m_liveTimer.start();

    rebuild();
}

void ChartsPanel::createPlots()
{
    for (ChartPlot *&plot : m_plots)
        plot = new ChartPlot;
    plot(Chart::Tokens)->addSeries(QColor(0x1e, 0x6f, 0xd9));
    plot(Chart::Tokens)->addSeries(QColor(0xe6, 0x7e, 0x22));
    plot(Chart::Latency)->addSeries(QColor(0x54, 0x6e, 0x7a));
    plot(Chart::Latency)->addSeries(QColor(0x2e, 0x9d, 0x3a), Qt::DashLine);
    plot(Chart::Latency)->addSeries(QColor(0xd3, 0x2f, 0x2f), Qt::DashLine);
    plot(Chart::TimeToFirstToken)->addSeries(QColor(0x8e, 0x24, 0xaa));
    plot(Chart::CallsPerMinute)->addSeries(QColor(0x00, 0x89, 0x7b));
    plot(Chart::Cost)->addSeries(QColor(0xc7, 0x7c, 0x02));
    for (Chart chart : {Chart::Tokens, Chart::Latency})
        plot(chart)->addMarkSeries(kFailureColor);
    for (const QString &service : ConsoleBackend::serviceNames()) {
        if (service != kLlmService)
            serviceSeriesIndex(service);
    }

    const auto count = [](double value) { return PanelFormatting::count(qint64(value)); };
    const auto seconds = [](double value) { return PanelFormatting::latency(value); };
    plot(Chart::Tokens)->setValueFormatter(count);
    plot(Chart::Latency)->setValueFormatter(seconds);
    plot(Chart::TimeToFirstToken)->setValueFormatter(seconds);
    plot(Chart::CallsPerMinute)->setValueFormatter(count);
    plot(Chart::ServiceLatency)->setValueFormatter(seconds);
    plot(Chart::Cost)->setValueFormatter([](double usd) { return PanelFormatting::costUsd(usd); });
    for (int chart = 0; chart < kChartCount; ++chart)
        m_plots[std::size_t(chart)]->setObjectName(QStringLiteral("chart%1").arg(chart));
}

int ChartsPanel::serviceSeriesIndex(const QString &service)
{
    const qsizetype known = m_plottedServices.indexOf(service);
    if (known >= 0)
        return int(known);
    const int index = plot(Chart::ServiceLatency)->addSeries(serviceColor(service));
    plot(Chart::ServiceLatency)->setSeriesName(index, HealthModel::serviceText(service));
    m_plottedServices.append(service);
    return index;
}

void ChartsPanel::retranslateUi()
{
    m_windowLabel->setText(tr("Time window:"));
    m_windowBox->setItemText(int(TimeWindow::FiveMinutes), tr("Last 5 minutes"));
    m_windowBox->setItemText(int(TimeWindow::OneHour), tr("Last hour"));
    m_windowBox->setItemText(int(TimeWindow::All), tr("All"));
    m_filterLabel->setText(isRunFiltered() ? tr("Run: task %1, runner %2")
                                                 .arg(m_filterTaskId, m_filterRunnerId.isEmpty()
                                                                          ? tr("(queued)")
                                                                          : m_filterRunnerId)
                                           : tr("All runs"));
    m_filterLabel->setToolTip(m_filterLabel->text());

    ChartPlot *tokens = plot(Chart::Tokens);
    tokens->setTitle(tr("Tokens per LLM call"));
    tokens->setSeriesName(0, tr("Prompt"));
    tokens->setSeriesName(1, tr("Completion"));
    tokens->setValueAxis(QStringLiteral("%.0f"), tr("tokens"), 1);
    tokens->setSeriesName(2, tr("Failed calls"));

    ChartPlot *latency = plot(Chart::Latency);
    latency->setTitle(tr("LLM latency per call"));
    latency->setSeriesName(0, tr("Latency"));
    // Short legend names fit a narrow dock in every language; the window is in the tooltip.
    latency->setSeriesName(1, QStringLiteral("p50"));
    latency->setSeriesName(2, QStringLiteral("p95"));
    latency->setToolTip(
        tr("p50 and p95 over the last %n calls", nullptr, ChartLlmSeries::kPercentileWindow));
    latency->setValueAxis(QStringLiteral("%.2f"), tr("seconds"));
    latency->setSeriesName(3, tr("Failed calls"));

    ChartPlot *ttft = plot(Chart::TimeToFirstToken);
    ttft->setTitle(tr("Time to first token (streamed calls)"));
    ttft->setSeriesName(0, tr("Time to first token"));
    ttft->setValueAxis(QStringLiteral("%.2f"), tr("seconds"));

    ChartPlot *perMinute = plot(Chart::CallsPerMinute);
    perMinute->setTitle(tr("LLM calls per minute"));
    perMinute->setSeriesName(0, tr("Calls"));
    perMinute->setValueAxis(QStringLiteral("%.0f"), tr("calls"), 1);

    ChartPlot *services = plot(Chart::ServiceLatency);
    services->setTitle(tr("Latency per external service"));
    for (qsizetype i = 0; i < m_plottedServices.size(); ++i)
        services->setSeriesName(int(i), HealthModel::serviceText(m_plottedServices.at(i)));
    services->setValueAxis(QStringLiteral("%.2f"), tr("seconds"));

    ChartPlot *cost = plot(Chart::Cost);
    cost->setTitle(tr("Cumulative LLM cost (priced models)"));
    cost->setSeriesName(0, tr("Cost"));
    cost->setValueAxis(QStringLiteral("%.4f"), tr("USD"));
}

void ChartsPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void ChartsPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_dirty)
        scheduleRedraw();
}

void ChartsPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    arrangePlots();
    scheduleRedraw();
}

void ChartsPanel::arrangePlots()
{
    const int columns = width() >= 2 * kMinimumPlotWidth + 40 ? 2 : 1;
    if (columns == m_gridColumns)
        return;
    m_gridColumns = columns;
    for (int i = 0; i < kChartCount; ++i) {
        ChartPlot *chart = m_plots[std::size_t(i)];
        m_grid->removeWidget(chart);
        m_grid->addWidget(chart, i / columns, i % columns);
    }
}

const ChartTimeSeries &ChartsPanel::seriesData(Series series) const
{
    switch (series) {
    case Series::PromptTokens:
        return m_llm.promptTokens();
    case Series::CompletionTokens:
        return m_llm.completionTokens();
    case Series::Latency:
        return m_llm.latency();
    case Series::LatencyP50:
        return m_llm.latencyP50();
    case Series::LatencyP95:
        return m_llm.latencyP95();
    case Series::TimeToFirstToken:
        return m_llm.timeToFirstToken();
    case Series::CallsPerMinute:
        return m_llm.callsPerMinute();
    case Series::CumulativeCost:
        return m_llm.cumulativeCost();
    case Series::FailedCalls:
        return m_llm.failures();
    }
    return m_llm.promptTokens();
}

const ChartTimeSeries *ChartsPanel::serviceData(const QString &service) const
{
    if (service == kLlmService)
        return &m_llm.latency();
    const auto found = m_serviceSeries.constFind(service);
    return found == m_serviceSeries.constEnd() ? nullptr : &found.value();
}

ChartTimeSeries ChartsPanel::serviceLatencyData(const QString &service) const
{
    const ChartTimeSeries *data = serviceData(service);
    return data ? *data : ChartTimeSeries();
}

qsizetype ChartsPanel::drawnPointCount(Series series) const
{
    const SeriesPlace place = placeOf(series);
    return plot(place.chart)->drawnPoints(place.index).size();
}

void ChartsPanel::addServiceLatency(const QString &service, qint64 timeMs, double seconds,
                                    const QString &runnerId, const QString &taskId)
{
    if (service == kLlmService)
        return;
    m_serviceSamples.add(service, timeMs, seconds, runnerId, taskId);
    serviceSeriesIndex(service);
    const bool passes =
        !isRunFiltered() || (runnerId == m_filterRunnerId && taskId == m_filterTaskId);
    if (!passes)
        return;
    m_serviceSeries[service].insert(double(timeMs), seconds);
    scheduleRedraw();
}

void ChartsPanel::setRunFilter(const QString &runKey, const QString &runnerId,
                               const QString &taskId)
{
    if (runKey == m_filterRunKey && runnerId == m_filterRunnerId && taskId == m_filterTaskId)
        return;
    m_filterRunKey = runKey;
    m_filterRunnerId = runKey.isEmpty() ? QString() : runnerId;
    m_filterTaskId = runKey.isEmpty() ? QString() : taskId;
    retranslateUi();
    rebuild();
}

void ChartsPanel::setTimeWindow(TimeWindow window)
{
    if (m_windowBox->currentIndex() != int(window))
        m_windowBox->setCurrentIndex(int(window));
    if (window == m_window)
        return;
    m_window = window;
    scheduleRedraw();
}

void ChartsPanel::rebuild()
{
    m_llm.clear();
    appendCalls(0, m_calls->size() - 1);
    m_serviceSeries.clear();
    for (const QString &service : m_serviceSamples.services())
        m_serviceSeries.insert(service,
                               m_serviceSamples.series(service, m_filterRunnerId, m_filterTaskId));
    scheduleRedraw();
}

void ChartsPanel::appendCalls(int first, int last)
{
    const LlmCallSeries &calls = m_calls->series();
    const int run = isRunFiltered() ? calls.runIndexOf(m_filterRunKey) : -1;
    if (isRunFiltered() && run < 0)
        return;
    bool added = false;
    for (int i = std::max(0, first); i <= last && std::size_t(i) < calls.size(); ++i) {
        if (run >= 0 && calls.runIndex[std::size_t(i)] != run)
            continue;
        m_llm.addCall(calls, std::size_t(i));
        added = true;
    }
    if (added)
        scheduleRedraw();
}

void ChartsPanel::scheduleRedraw()
{
    m_dirty = true;
    if (isVisible() && !m_redrawTimer.isActive())
        m_redrawTimer.start();
}

std::pair<double, double> ChartsPanel::visibleRange() const
{
    const double now = double(QDateTime::currentMSecsSinceEpoch());
    // Every call (answered or failed) and every service call, at its own time.
    std::vector<const ChartTimeSeries *> timed{&m_llm.latency(), &m_llm.failures()};
    for (const ChartTimeSeries &series : m_serviceSeries)
        timed.push_back(&series);
    if (m_window != TimeWindow::All) {
        const double span = m_window == TimeWindow::FiveMinutes ? kFiveMinutesMs : kHourMs;
        const double step = timeAxisStep(span);
        const double end = std::ceil(now / step) * step;
        const double windowFrom = end - span;
        double firstInWindow = std::numeric_limits<double>::max();
        for (const ChartTimeSeries *series : timed) {
            const qsizetype at = series->lowerBound(windowFrom);
            if (at < series->size())
                firstInWindow = std::min(firstInWindow, series->x(at));
        }
        if (firstInWindow > end)
            return {windowFrom, end};
        // Data younger than the window fills the width: from a little before its first point
        // to now, in whole steps of that shorter span.
        const double pad = std::max(kMinimumPadMs, (end - firstInWindow) * 0.05);
        const double fittedStep = timeAxisStep(end - (firstInWindow - pad));
        const double fittedEnd = std::ceil(now / fittedStep) * fittedStep;
        const double from = std::floor((firstInWindow - pad) / fittedStep) * fittedStep;
        return {std::max(windowFrom, from), std::max(fittedEnd, end)};
    }
    double first = std::numeric_limits<double>::max();
    double last = std::numeric_limits<double>::lowest();
    for (const ChartTimeSeries *series : timed) {
        if (series->isEmpty())
            continue;
        first = std::min(first, series->xs().front());
        last = std::max(last, series->xs().back());
    }
    if (first > last)
        return {now - kFiveMinutesMs, now};
    if (last - first < 1000)
        return {first - 30000, last + 30000};
    const double step = timeAxisStep(last - first);
    return {std::floor(first / step) * step, std::ceil(last / step) * step};
}

void ChartsPanel::redrawNow()
{
    m_redrawTimer.stop();
    const auto [from, to] = visibleRange();
    updateEmptyTexts(from, to);
    plot(Chart::Tokens)
        ->redraw({&m_llm.promptTokens(), &m_llm.completionTokens(), &m_llm.failures()}, from, to);
    plot(Chart::Latency)
        ->redraw({&m_llm.latency(), &m_llm.latencyP50(), &m_llm.latencyP95(), &m_llm.failures()},
                 from, to);
    plot(Chart::TimeToFirstToken)->redraw({&m_llm.timeToFirstToken()}, from, to);
    plot(Chart::CallsPerMinute)->redraw({&m_llm.callsPerMinute()}, from, to);
    std::vector<const ChartTimeSeries *> services;
    for (const QString &service : std::as_const(m_plottedServices))
        services.push_back(serviceData(service));
    plot(Chart::ServiceLatency)->redraw(services, from, to);
    plot(Chart::Cost)->redraw({&m_llm.cumulativeCost()}, from, to);
    m_dirty = false;
    ++m_redrawCount;
}

void ChartsPanel::updateEmptyTexts(double from, double to)
{
    const auto inWindow = [from, to](const ChartTimeSeries &series) {
        const auto [first, last] = series.indexRange(from, to);
        return last > first;
    };
    const bool anyCall = !m_llm.latency().isEmpty() || !m_llm.failures().isEmpty();
    const bool anyCallShown = inWindow(m_llm.latency()) || inWindow(m_llm.failures());
    const QString noCalls = anyCall ? tr("No LLM calls in this time window") : tr("No data yet");
    for (Chart chart : {Chart::Tokens, Chart::Latency, Chart::CallsPerMinute})
        plot(chart)->setEmptyText(anyCallShown ? QString() : noCalls);
    plot(Chart::TimeToFirstToken)
        ->setEmptyText(anyCallShown && m_llm.timeToFirstToken().isEmpty()
                           ? tr("No streamed calls yet")
                           : noCalls);
    plot(Chart::Cost)
        ->setEmptyText(m_calls->prices().isEmpty() ? tr("No price configured")
                       : anyCall && m_llm.cumulativeCost().isEmpty()
                           ? tr("No price configured for the models called")
                           : noCalls);
    bool anyServiceCall = false;
    for (const ChartTimeSeries &series : std::as_const(m_serviceSeries))
        anyServiceCall = anyServiceCall || !series.isEmpty();
    plot(Chart::ServiceLatency)
        ->setEmptyText(anyServiceCall ? tr("No service calls in this time window")
                                      : tr("No data yet"));
}

} // namespace necrocode
