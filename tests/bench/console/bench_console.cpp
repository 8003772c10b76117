// Figures of the console: the charts' redraw with 100 000 points per series (decimate, replace
// and paint into a pixmap of the panel's size); the log table with a million entries: the time
// to apply a level + text filter, the GUI event loop's longest stall while 50 000 entries/s
// stream in, resident memory per entry; and the time from launch to the first shown window.
// Runs offscreen by default. `bench_console --charts` measures the charts only.
#include "charts/ChartsPanel.h"
#include "log/LogHub.h"
#include "logstore/LogQueryRunner.h"
#include "logview/LogTableModel.h"
#include "logview/LogView.h"
#include "prompt/LlmCallLog.h"
#include "prompt/LlmCallsModel.h"

#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QPixmap>
#include <QProcess>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <thread>
#include <vector>

using namespace necrocode;

namespace {

constexpr int kEntries = 1'000'000;
constexpr int kPoolSize = 8192;
constexpr int kStreamRatePerSecond = 50'000;
constexpr int kStreamSeconds = 5;
constexpr int kStartupRuns = 5;
constexpr int kChartPoints = 100'000;
constexpr int kChartRedraws = 60;        // three seconds of redraws: the time axis moves thrice
constexpr int kChartCallsPerRedraw = 20; // new calls between two redraws (at most 20 per second)

std::vector<LogEntry> entryPool()
{
    QRandomGenerator rng(11);
    const QString services[] = {QStringLiteral("task_registry"), QStringLiteral("repo_pool"),
                                QStringLiteral("artifact_store"), QStringLiteral("llm")};
    const QString operations[] = {QStringLiteral("get_task"), QStringLiteral("allocate_slot"),
                                  QStringLiteral("upload"), QStringLiteral("chat_completion")};
    std::vector<LogEntry> pool;
    for (int i = 0; i < kPoolSize; ++i) {
        LogEntry e;
        e.utcOffsetSeconds = 9 * 3600;
        const int roll = int(rng.bounded(100));
        e.level = roll < 20   ? LogLevel::Debug
                  : roll < 80 ? LogLevel::Info
                  : roll < 92 ? LogLevel::Warning
                  : roll < 99 ? LogLevel::Error
                              : LogLevel::Critical;
        e.runnerId = QStringLiteral("runner-%1").arg(rng.bounded(8));
        e.taskId = QStringLiteral("%1.%2").arg(rng.bounded(1, 12)).arg(rng.bounded(1, 9));
        e.specName = rng.bounded(2) ? QStringLiteral("chat-app") : QStringLiteral("todo-service");
        const int service = int(rng.bounded(4));
        if (rng.bounded(10) < 6) {
            e.logger = QStringLiteral("necrocode.runner.%1_client").arg(services[service]);
            e.message = QStringLiteral("%1 %2 answered %3 in %4 ms")
                            .arg(services[service], operations[service])
                            .arg(rng.bounded(10) == 0 ? 503 : 200)
                            .arg(rng.bounded(5, 900));
            e.extra = {{QStringLiteral("service"), services[service]},
                       {QStringLiteral("operation"), operations[service]},
                       {QStringLiteral("duration_seconds"), rng.bounded(900) / 1000.0},
                       {QStringLiteral("status_code"), 200},
                       {QStringLiteral("attempt"), 1}};
        } else if (rng.bounded(2)) {
            e.logger = QStringLiteral("necrocode.runner.orchestrator");
            e.message = QStringLiteral("Allocated workspace slot %1 for task %2")
                            .arg(rng.bounded(40))
                            .arg(e.taskId);
        } else {
            e.logger = QStringLiteral("necrocode.runner.http");
            e.message = QStringLiteral("Retrying request to %1 after HTTP 503 (attempt %2 of 3)")
                            .arg(services[service])
                            .arg(rng.bounded(1, 4));
            e.extra = {{QStringLiteral("service"), services[service]},
                       {QStringLiteral("error_type"), QStringLiteral("http_503")}};
        }
        pool.push_back(std::move(e));
    }
    return pool;
}

long residentKilobytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLong();
    }
    return -1;
}

void waitFor(const std::function<bool()> &done)
{
    while (!done())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
}

// Wall milliseconds from setQuery() to the filtered rows being in the table.
double applyFilter(LogTableModel &model, const LogQuery &query)
{
    QSignalSpy applied(&model, &LogTableModel::filterApplied);
    QElapsedTimer timer;
    timer.start();
    model.setQuery(query);
    waitFor([&] { return !applied.isEmpty(); });
    return double(timer.nsecsElapsed()) / 1e6;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

struct StallFigures
{
    double longestMs = 0;
    double p99Ms = 0;
    qint64 streamed = 0;
};

// Streams entries from another thread into the hub at kStreamRatePerSecond while a 1 ms timer
// on the GUI thread records the gaps between its ticks.
StallFigures measureStalls(LogHub &hub, LogTableModel &model, const std::vector<LogEntry> &pool)
{
    std::atomic_bool stop{false};
    std::atomic<qint64> streamed{0};
    std::thread producer([&] {
        constexpr int kSliceMs = 10;
        QElapsedTimer clock;
        clock.start();
        qint64 sent = 0;
        while (!stop.load()) {
            const qint64 due = clock.elapsed() * kStreamRatePerSecond / 1000;
            for (; sent < due; ++sent) {
                LogEntry entry = pool[std::size_t(sent % kPoolSize)];
                entry.timestampMs = QDateTime::currentMSecsSinceEpoch();
                hub.post(std::move(entry));
            }
            streamed.store(sent);
            std::this_thread::sleep_for(std::chrono::milliseconds(kSliceMs));
        }
    });

    std::vector<double> gaps;
    QElapsedTimer sinceTick;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(1);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        gaps.push_back(double(sinceTick.nsecsElapsed()) / 1e6);
        sinceTick.restart();
    });
    const qsizetype before = model.totalRowCount();
    sinceTick.start();
    ticker.start();
    QElapsedTimer run;
    run.start();
    waitFor([&] { return run.elapsed() >= kStreamSeconds * 1000; });
    ticker.stop();
    stop.store(true);
    producer.join();
    waitFor([&] { return model.totalRowCount() - before >= streamed.load(); });

    StallFigures figures;
    figures.streamed = streamed.load();
    if (!gaps.empty()) {
        std::sort(gaps.begin(), gaps.end());
        figures.longestMs = gaps.back();
        figures.p99Ms = gaps[gaps.size() * 99 / 100];
    }
    return figures;
}

struct StartupFigures
{
    double wallMs = -1;   // from QProcess::start to the report on stdout
    double insideMs = -1; // as the console measured it from main()
};

StartupFigures measureStartup()
{
    std::vector<double> wall;
    std::vector<double> inside;
    for (int run = 0; run < kStartupRuns; ++run) {
        QProcess console;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("NECROCODE_CONSOLE_REPORT_STARTUP"), QStringLiteral("1"));
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"),
                           qEnvironmentVariable("QT_QPA_PLATFORM", QStringLiteral("offscreen")));
        console.setProcessEnvironment(environment);
        QElapsedTimer timer;
        timer.start();
        console.start(
            QStringLiteral(NECROCODE_CONSOLE_EXECUTABLE),
            {QStringLiteral("--scripted"), QStringLiteral("--quit-after"), QStringLiteral("0.5")});
        QByteArray output;
        double seenAt = -1;
        while (console.state() != QProcess::NotRunning || console.bytesAvailable() > 0) {
            console.waitForReadyRead(20);
            output += console.readAllStandardOutput();
            if (seenAt < 0 && output.contains("first_show_ms="))
                seenAt = double(timer.nsecsElapsed()) / 1e6;
            if (console.state() == QProcess::NotRunning && console.bytesAvailable() == 0)
                break;
        }
        console.waitForFinished();
        const qsizetype at = output.indexOf("first_show_ms=");
        if (at < 0 || seenAt < 0)
            continue;
        wall.push_back(seenAt);
        inside.push_back(output.mid(at + 14).split('\n').value(0).toDouble());
    }
    return {median(wall), median(inside)};
}

LlmExchange chartCall(int i, qint64 startedAtMs)
{
    LlmExchange e;
    e.id = QString::number(i);
    e.source = QStringLiteral("local");
    e.runId = QStringLiteral("run-%1").arg(i % 16);
    e.runnerId = QStringLiteral("runner-%1").arg(i % 4);
    e.taskId = QStringLiteral("%1.1").arg(i % 16);
    e.startedAtMs = startedAtMs;
    e.request.model = QStringLiteral("bench-model");
    e.response.model = e.request.model;
    e.response.promptTokens = 800 + (i * 37) % 2400;
    e.response.completionTokens = 50 + (i * 13) % 900;
    e.response.totalTokens = e.response.promptTokens + e.response.completionTokens;
    e.response.durationSeconds = 0.4 + double((i * 7919) % 1000) / 250.0;
    e.response.timeToFirstTokenSeconds = 0.1 + double((i * 104729) % 1000) / 2000.0;
    e.response.attempts = 1;
    return e;
}

struct ChartFigures
{
    double firstRedrawMs = 0; // decimation buckets built from scratch
    double firstPaintMs = 0;
    std::vector<double> appendMs;   // 20 new calls into the LLM calls model (and the series)
    std::vector<double> redrawMs;   // decimate + replace, after new calls arrived
    std::vector<double> paintMs;    // grab of the panel into a pixmap of its size
    std::vector<double> totalMs;    // redrawMs + paintMs
    std::vector<double> totalCpuMs; // the same, in CPU time of the GUI thread
    std::vector<double> onScreenMs; // decimate + replace + the queued scene updates and repaint
    qsizetype drawnLatencyPoints = 0;
    qsizetype latencyPoints = 0;
};

// CPU time of the calling thread in milliseconds: what a redraw costs, whatever else the
// machine runs meanwhile (wall times grow when other processes take the cores).
double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

double worst(const std::vector<double> &values)
{
    return values.empty() ? 0 : *std::max_element(values.begin(), values.end());
}

// A charts panel of `size` with kChartPoints points in every LLM series and every service
// latency series, all within the last five minutes (the default time window), then kChartRedraws
// live redraws 50 ms apart, each after kChartCallsPerRedraw new calls and service latencies.
// Even rounds time redrawNow() and a grab of the panel; odd rounds time redrawNow() plus the
// events it posts (the graphics scenes' queued updates and the repaint of the shown panel).
ChartFigures measureChartRedraw(QSize size)
{
    LlmCallLog calls;
    LlmCallsModel table(&calls);
    QMap<QString, ModelPrice> prices;
    prices.insert(QStringLiteral("bench-model"), ModelPrice{3.0, 15.0});
    calls.setPrices(prices);
    ChartsPanel panel(&calls);
    panel.resize(size);
    panel.show();
    if (!QTest::qWaitForWindowExposed(&panel))
        std::fprintf(stderr, "the charts panel was not shown\n");
    QCoreApplication::processEvents();

    const QStringList services = {QStringLiteral("task_registry"), QStringLiteral("repo_pool"),
                                  QStringLiteral("artifact_store")};
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 first = now - 4 * 60 * 1000; // 100 000 calls in four minutes
    QList<LlmExchange> batch;
    batch.reserve(kChartPoints);
    for (int i = 0; i < kChartPoints; ++i) {
        const qint64 at = first + qint64(i) * 240'000 / kChartPoints;
        batch.append(chartCall(i, at));
        for (const QString &service : services)
            panel.addServiceLatency(service, at, 0.002 + double((i * 31) % 500) / 10000.0,
                                    batch.last().runnerId, batch.last().taskId);
    }
    calls.append(batch);
    batch.clear();

    ChartFigures figures;
    QElapsedTimer timer;
    timer.start();
    panel.redrawNow();
    figures.firstRedrawMs = double(timer.nsecsElapsed()) / 1e6;
    timer.restart();
    QPixmap picture = panel.grab();
    figures.firstPaintMs = double(timer.nsecsElapsed()) / 1e6;
    QCoreApplication::sendPostedEvents();

    int next = kChartPoints;
    for (int round = 0; round < kChartRedraws; ++round) {
        QList<LlmExchange> arriving;
        const qint64 at = QDateTime::currentMSecsSinceEpoch();
        for (int i = 0; i < kChartCallsPerRedraw; ++i, ++next) {
            arriving.append(chartCall(next, at));
            for (const QString &service : services)
                panel.addServiceLatency(service, at, 0.01, arriving.last().runnerId,
                                        arriving.last().taskId);
        }
        timer.restart();
        calls.append(arriving);
        figures.appendMs.push_back(double(timer.nsecsElapsed()) / 1e6);
        const double cpuBefore = threadCpuMs();
        timer.restart();
        panel.redrawNow();
        const double replaced = double(timer.nsecsElapsed()) / 1e6;
        if (round % 2 == 0) {
            timer.restart();
            picture = panel.grab();
            const double painted = double(timer.nsecsElapsed()) / 1e6;
            figures.totalCpuMs.push_back(threadCpuMs() - cpuBefore);
            figures.redrawMs.push_back(replaced);
            figures.paintMs.push_back(painted);
            figures.totalMs.push_back(replaced + painted);
            QCoreApplication::sendPostedEvents();
        } else {
            QCoreApplication::sendPostedEvents();
            figures.onScreenMs.push_back(double(timer.nsecsElapsed()) / 1e6);
        }
        // Redraws come at most every kRedrawIntervalMs; no timer fires meanwhile, so that the
        // panel's own timers add no redraw that is not measured here.
        std::this_thread::sleep_for(std::chrono::milliseconds(ChartsPanel::kRedrawIntervalMs));
    }
    figures.latencyPoints = panel.seriesData(ChartsPanel::Series::Latency).size();
    figures.drawnLatencyPoints = panel.drawnPointCount(ChartsPanel::Series::Latency);
    return figures;
}

void printChartFigures(const char *label, QSize size)
{
    const ChartFigures f = measureChartRedraw(size);
    std::printf("chart redraw, %s %dx%d, %lld points per series (%lld drawn):\n", label,
                size.width(), size.height(), static_cast<long long>(f.latencyPoints),
                static_cast<long long>(f.drawnLatencyPoints));
    std::printf("  first redraw:       decimate + replace %.1f ms, paint %.1f ms\n",
                f.firstRedrawMs, f.firstPaintMs);
    std::printf("  live redraws:       decimate + replace median %.1f ms (worst %.1f), paint into "
                "a pixmap of the panel's size median %.1f ms (worst %.1f)\n",
                median(f.redrawMs), worst(f.redrawMs), median(f.paintMs), worst(f.paintMs));
    std::printf(
        "  redraw in total:    median %.1f ms, worst %.1f ms (target <= 10 ms); CPU time of "
        "the GUI thread median %.1f ms, worst %.1f ms\n",
        median(f.totalMs), worst(f.totalMs), median(f.totalCpuMs), worst(f.totalCpuMs));
    std::printf("  as shown on screen: decimate + replace + queued scene updates + repaint median "
                "%.1f ms (worst %.1f)\n",
                median(f.onScreenMs), worst(f.onScreenMs));
    std::printf("  %d new calls into a model of %d: median %.2f ms (worst %.2f)\n",
                kChartCallsPerRedraw, kChartPoints, median(f.appendMs), worst(f.appendMs));
}

} // namespace

int main(int argc, char *argv[])
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    // The charts dock of the main window at its default size, and a large panel where all six
    // charts are in view.
    printChartFigures("charts dock", QSize(392, 760));
    printChartFigures("large panel", QSize(1200, 800));
    if (QCoreApplication::arguments().contains(QStringLiteral("--charts")))
        return 0;

    const std::vector<LogEntry> pool = entryPool();

    LogHub hub(LogHub::kDefaultHistory);
    LogTableModel model;
    LogView view;
    view.setLogModel(&model);
    view.resize(1300, 700);
    view.show();

    const long rssBefore = residentKilobytes();
    std::vector<LogEntry> batch;
    batch.reserve(10000);
    QElapsedTimer appendTimer;
    appendTimer.start();
    for (int i = 0; i < kEntries; ++i) {
        LogEntry entry = pool[std::size_t(i % kPoolSize)];
        entry.timestampMs = 1'764'265'321'000 + i * 5;
        batch.push_back(std::move(entry));
        if (batch.size() == 10000) {
            model.appendEntries(batch);
            batch.clear();
            QCoreApplication::processEvents();
        }
    }
    const double appendSeconds = appendTimer.elapsed() / 1000.0;
    QCoreApplication::processEvents();
    const long rssAfter = residentKilobytes();
    std::printf("entries in the table:                 %d (appended in %.2f s)\n",
                int(model.totalRowCount()), appendSeconds);
    std::printf("resident memory per entry:            %.1f bytes (store alone %.1f bytes)\n",
                double(rssAfter - rssBefore) * 1024.0 / kEntries,
                double(model.store().bytesUsed()) / kEntries);

    LogQuery levelAndText;
    levelAndText.acceptFrom(LogLevel::Warning);
    levelAndText.text = QStringLiteral("slot");
    LogQuery other = levelAndText;
    other.text = QStringLiteral("retrying");
    LogQuery expression;
    expression.acceptFrom(LogLevel::Info);
    expression.text = QStringLiteral("answered 50[0-9]");
    expression.textMode = LogQuery::TextMode::RegularExpression;
    std::vector<double> filterWall;
    std::vector<double> filterReported;
    for (int i = 0; i < 6; ++i) {
        filterWall.push_back(applyFilter(model, i % 2 ? other : levelAndText));
        filterReported.push_back(double(model.lastFilterMilliseconds()));
    }
    std::printf("level + text filter over 1M entries:  median %.1f ms, worst %.1f ms "
                "(model reports median %.0f ms; target <= 100 ms), %d rows shown\n",
                median(filterWall), *std::max_element(filterWall.begin(), filterWall.end()),
                median(filterReported), model.rowCount());
    QElapsedTimer scanTimer;
    scanTimer.start();
    const std::optional<LogRowList> scanned =
        LogQueryRunner::matchRange(levelAndText, model.store(), 0, model.totalRowCount());
    std::printf("  of which the scan on worker threads: %.1f ms (%zu rows)\n",
                double(scanTimer.nsecsElapsed()) / 1e6, scanned ? scanned->size() : 0);
    std::printf("regular expression filter:            %.1f ms\n", applyFilter(model, expression));
    applyFilter(model, LogQuery{});

    model.followHub(hub);
    view.jumpToLatest();
    const StallFigures unfiltered = measureStalls(hub, model, pool);
    std::printf("GUI stall while %d entries/s stream in (no filter, following): longest %.1f ms, "
                "p99 %.1f ms, %lld entries streamed\n",
                kStreamRatePerSecond, unfiltered.longestMs, unfiltered.p99Ms,
                static_cast<long long>(unfiltered.streamed));
    applyFilter(model, levelAndText);
    const StallFigures filtered = measureStalls(hub, model, pool);
    waitFor([&] { return !model.isFilterPending(); });
    std::printf("GUI stall while %d entries/s stream in (level + text filter): longest %.1f ms, "
                "p99 %.1f ms, %lld entries streamed\n",
                kStreamRatePerSecond, filtered.longestMs, filtered.p99Ms,
                static_cast<long long>(filtered.streamed));
    std::printf("entries missed by the table:          %llu\n",
                static_cast<unsigned long long>(model.missedEntries()));

    const StartupFigures startup = measureStartup();
    std::printf("start-up to the first shown window:   %.0f ms from launch, %.0f ms inside main() "
                "(median of %d; target <= 500 ms)\n",
                startup.wallMs, startup.insideMs, kStartupRuns);
    return 0;
}
