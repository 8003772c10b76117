// The live charts of the console: tokens per LLM call, LLM latency with rolling p50/p95, time to
// first token, calls per minute, latency per external service and cumulative cost; failed calls
// are marks on the time axis, and an empty chart says why. Full series
// are kept (ChartLlmSeries, ChartServiceLatencies); redraws are coalesced to at most 20 per
// second and draw a decimated copy of the chosen time window (min/max buckets kept up to date
// as calls arrive), filtered to the selected run. A time window wider than the data shown fits
// the data (from its first point to now). The time axis moves in small whole steps, so
// that most redraws only replace lines. The charts stack in one column and scroll in a narrow
// dock, two columns side by side in a wide one.
#pragma once

#include "charts/data/ChartLlmSeries.h"
#include "charts/data/ChartServiceLatencies.h"

#include <QHash>
#include <QTimer>
#include <QWidget>

#include <array>

class QComboBox;
class QGridLayout;
class QLabel;

namespace necrocode {

class ChartPlot;
class LlmCallLog;

class ChartsPanel : public QWidget
{
    Q_OBJECT

public:
    enum class TimeWindow { FiveMinutes, OneHour, All };
    enum class Chart { Tokens, Latency, TimeToFirstToken, CallsPerMinute, ServiceLatency, Cost };
    enum class Series {
        PromptTokens,
        CompletionTokens,
        Latency,
        LatencyP50,
        LatencyP95,
        TimeToFirstToken,
        CallsPerMinute,
        CumulativeCost,
        FailedCalls // marks on the tokens and latency charts
    };

    static constexpr int kRedrawIntervalMs = 50; // at most 20 redraws per second
    static constexpr int kLiveTickMs = 1000;     // a time window slides even without new data
    static constexpr int kChartCount = 6;

    explicit ChartsPanel(const LlmCallLog *calls, QWidget *parent = nullptr);

    // The full (undecimated) data of a series for the current run filter.
    const ChartTimeSeries &seriesData(Series series) const;
    // The full latencies of one external service for the current run filter; "llm" comes
    // from the LLM calls (charted on its own: its seconds would flatten the services' lines).
    ChartTimeSeries serviceLatencyData(const QString &service) const;

    ChartPlot *plot(Chart chart) const { return m_plots[std::size_t(chart)]; }
    // Points the last redraw handed to the chart for that series.
    qsizetype drawnPointCount(Series series) const;
    int redrawCount() const { return m_redrawCount; }
    TimeWindow timeWindow() const { return m_window; }
    bool isRunFiltered() const { return !m_filterRunKey.isEmpty(); }

public Q_SLOTS:
    // Latency of one call to an external service (task_registry, repo_pool, artifact_store),
    // e.g. from a log entry's `service` and `duration_seconds`; runnerId and taskId place it in
    // a run for the run filter. "llm" is ignored: the LLM latency comes from the exchanges.
    void addServiceLatency(const QString &service, qint64 timeMs, double seconds,
                           const QString &runnerId = QString(), const QString &taskId = QString());
    // Shows only the run (RunsModel::runKey) and its runner/task; empty strings: every run.
    void setRunFilter(const QString &runKey, const QString &runnerId, const QString &taskId);
    void setTimeWindow(necrocode::ChartsPanel::TimeWindow window);
    // Redraws at once (the timer calls this; tests and exports may too).
    void redrawNow();
    void retranslateUi();

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void createPlots();
    void appendCalls(int first, int last);
    void rebuild();
    void scheduleRedraw();
    void arrangePlots();
    int serviceSeriesIndex(const QString &service);
    std::pair<double, double> visibleRange() const;
    // What an empty chart says: no data at all yet, or none in the time window.
    void updateEmptyTexts(double from, double to);
    const ChartTimeSeries *serviceData(const QString &service) const;

    const LlmCallLog *m_calls;
    ChartLlmSeries m_llm;
    ChartServiceLatencies m_serviceSamples;
    QHash<QString, ChartTimeSeries> m_serviceSeries; // filtered, per service
    QStringList m_plottedServices;                   // series order of the service chart
    QString m_filterRunKey;
    QString m_filterRunnerId;
    QString m_filterTaskId;
    TimeWindow m_window = TimeWindow::FiveMinutes;

    QLabel *m_windowLabel = nullptr;
    QComboBox *m_windowBox = nullptr;
    QLabel *m_filterLabel = nullptr;
    QGridLayout *m_grid = nullptr;
    int m_gridColumns = 0;
    std::array<ChartPlot *, kChartCount> m_plots{};
    QTimer m_redrawTimer;
    QTimer m_liveTimer;
    bool m_dirty = true;
    int m_redrawCount = 0;
};

} // namespace necrocode
