// Prints the engine's throughput and overhead on the local services with real git: 16 demo-like
// tasks (a module and its unit test for the demo calculator) claimed by the task feeder and run on
// 4 runners, the scripted model answering at once. Engine overhead per task is the task's wall time
// minus its time in the LLM, in git commands and in test commands (ExecutionMetrics' LLM duration,
// the git commands' logged durations, the test results' durations); target <= 50 ms.
#include "EngineHarness.h"

#include "engine/TaskFeeder.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <numeric>

#include <algorithm>
#include <cstdio>
#include <map>
#include <vector>

using namespace necrocode;
using namespace necrocode::test;

namespace {

constexpr int kRunners = 4;
constexpr int kTasks = 48;
constexpr int kWarmUpTasks = kRunners;
// Twice as many slots as runners: a released slot is still being cleaned by the Repo Pool (reset,
// clean, fetch, checkout) when the runner asks for its next one, and with only one slot per
// runner the allocation would wait for that cleaning.
constexpr int kSlots = 2 * kRunners;

struct TaskFigures
{
    double wall = 0;
    double llm = 0;
    double git = 0;
    double tests = 0;
    double registry = 0;
    double repoPool = 0;
    double artifactStore = 0;
    double servicesWall = 0; // time with at least one service call in flight
    std::map<QString, double> phases;

    double overhead() const { return wall - llm - git - tests; }
};

struct Round
{
    double wallSeconds = 0;
    QHash<QString, FinishedRun> runs;
};

QString titleOf(const QString &spec, int n)
{
    return QStringLiteral("Add the %1 helper number %2").arg(spec).arg(n);
}

QJsonArray tasksOf(const QString &spec, int count, const QString &origin)
{
    QJsonArray tasks;
    for (int n = 1; n <= count; ++n)
        tasks.append(taskDefinition(QString::number(n), titleOf(spec, n), origin));
    return tasks;
}

// Claims and runs every task of `spec`; the wall time is from the first claim to the last result.
Round runRound(RunnerPool &pool, const RunnerConfig &config, EngineHarness &harness,
               const QString &spec, int count)
{
    RunRecorder recorder(pool);
    TaskFeeder feeder(pool, config, Logger(harness.logs(), QStringLiteral("feeder")),
                      QStringLiteral("bench-worker"));
    QElapsedTimer clock;
    clock.start();
    feeder.start(spec, 100);
    if (!recorder.waitForFinished(count, 600000))
        std::fprintf(stderr, "only %d of %d tasks of %s finished\n",
                     int(recorder.finished().size()), count, qPrintable(spec));
    Round round;
    round.wallSeconds = clock.nsecsElapsed() / 1e9;
    feeder.stop();
    round.runs = recorder.finished();
    return round;
}

using Intervals = std::vector<std::pair<double, double>>;

// Sorted, non-overlapping intervals covering the same time.
Intervals merged(Intervals list)
{
    std::sort(list.begin(), list.end());
    Intervals out;
    for (const auto &[from, to] : list) {
        if (!out.empty() && from <= out.back().second)
            out.back().second = std::max(out.back().second, to);
        else
            out.emplace_back(from, to);
    }
    return out;
}

// Length of the time covered by `covered` that lies outside `excluded` (both merged).
double lengthOutside(const Intervals &covered, const Intervals &excluded)
{
    double total = 0;
    for (const auto &[from, to] : covered) {
        double length = to - from;
        for (const auto &[exFrom, exTo] : excluded)
            length -= std::max(0.0, std::min(to, exTo) - std::max(from, exFrom));
        total += length;
    }
    return total;
}

// Per task, the time during which at least one call to the Task Registry, Repo Pool or Artifact
// Store was in flight while git was not running: uploads overlap the commit and push, and that
// part is git's time already.
std::map<QString, double> serviceWallSecondsByTask(const QList<LogEntry> &entries,
                                                   const QString &spec)
{
    std::map<QString, Intervals> services;
    std::map<QString, Intervals> git;
    for (const LogEntry &e : entries) {
        if (e.specName != spec || !e.extra.contains(QLatin1String("duration_seconds")))
            continue;
        const double end = double(e.timestampMs) / 1000.0;
        const double start = end - e.extra.value(QLatin1String("duration_seconds")).toDouble();
        const QString service = e.extra.value(QLatin1String("service")).toString();
        if (e.extra.contains(QLatin1String("command")) &&
            e.extra.value(QLatin1String("operation")).toString().startsWith(QLatin1String("git_")))
            git[e.taskId].emplace_back(start, end);
        else if (e.extra.contains(QLatin1String("attempt")) &&
                 (service == QLatin1String("task_registry") ||
                  service == QLatin1String("repo_pool") ||
                  service == QLatin1String("artifact_store")))
            services[e.taskId].emplace_back(start, end);
    }
    std::map<QString, double> seconds;
    for (auto &[task, list] : services)
        seconds[task] = lengthOutside(merged(list), merged(git[task]));
    return seconds;
}

// Mean time per call of each service operation, slowest total first.
void printServiceOperations(const QList<LogEntry> &entries, const QString &spec)
{
    std::map<QString, std::vector<double>> byOperation;
    for (const LogEntry &e : entries) {
        const QString service = e.extra.value(QLatin1String("service")).toString();
        if (e.specName != spec || !e.extra.contains(QLatin1String("attempt")) ||
            !e.extra.contains(QLatin1String("duration_seconds")) || service == QLatin1String("llm"))
            continue;
        byOperation[service + u' ' + e.extra.value(QLatin1String("operation")).toString()]
            .push_back(e.extra.value(QLatin1String("duration_seconds")).toDouble() * 1000.0);
    }
    std::vector<std::pair<double, QString>> order;
    for (const auto &[name, values] : byOperation)
        order.emplace_back(-std::accumulate(values.begin(), values.end(), 0.0), name);
    std::sort(order.begin(), order.end());
    std::printf("service operations (calls, mean ms, max ms):\n");
    for (const auto &[negativeTotal, name] : order) {
        const std::vector<double> &values = byOperation[name];
        std::printf("  %-40s %9zu %9.1f %9.1f\n", qPrintable(name), values.size(),
                    -negativeTotal / double(values.size()),
                    *std::max_element(values.begin(), values.end()));
    }
}

TaskFigures figuresOf(const FinishedRun &run)
{
    TaskFigures f;
    f.wall = run.result.durationSeconds;
    f.llm = run.metrics.llmTotalDurationSeconds;
    f.git = run.metrics.gitDurationSeconds;
    f.tests = run.result.tests ? run.result.tests->totalDurationSeconds : 0.0;
    f.registry = run.metrics.taskRegistryDurationSeconds;
    f.repoPool = run.metrics.repoPoolDurationSeconds;
    f.artifactStore = run.metrics.artifactStoreDurationSeconds;
    for (const PhaseTiming &p : run.metrics.phaseTimings)
        f.phases[p.phase] = p.seconds;
    return f;
}

struct Summary
{
    double mean = 0;
    double median = 0;
    double max = 0;
};

Summary summarize(std::vector<double> values)
{
    Summary s;
    if (values.empty())
        return s;
    std::sort(values.begin(), values.end());
    for (double v : values)
        s.mean += v;
    s.mean /= double(values.size());
    s.median = values[values.size() / 2];
    s.max = values.back();
    return s;
}

void printRow(const char *label, const std::vector<TaskFigures> &tasks,
              double (*pick)(const TaskFigures &))
{
    std::vector<double> values;
    for (const TaskFigures &t : tasks)
        values.push_back(pick(t) * 1000.0);
    const Summary s = summarize(values);
    std::printf("  %-40s %9.1f %9.1f %9.1f\n", label, s.mean, s.median, s.max);
}

// The log of one task with times from its first entry: where its wall time went.
void printTimeline(const QList<LogEntry> &entries, const QString &spec, const QString &taskId)
{
    qint64 first = -1;
    std::printf("timeline of task %s (ms from its first entry; call duration):\n",
                qPrintable(taskId));
    for (const LogEntry &e : entries) {
        if (e.specName != spec || e.taskId != taskId)
            continue;
        if (first < 0)
            first = e.timestampMs;
        const double duration =
            e.extra.value(QLatin1String("duration_seconds")).toDouble() * 1000.0;
        std::printf("  %6lld %7.1f  %-28s %s\n", e.timestampMs - first, duration,
                    qPrintable(e.logger.section(u'.', -1)), qPrintable(e.message.left(90)));
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    EngineHarness harness(dir.filePath(QStringLiteral("data")));
    const QString warmUpSpec = QStringLiteral("bench-warm-up");
    const QString benchSpec = QStringLiteral("bench-engine");
    const std::pair<QString, int> rounds[] = {{warmUpSpec, kWarmUpTasks}, {benchSpec, kTasks}};
    EngineHarness::Options options;
    options.slotsPerPool = kSlots;
    for (const auto &[spec, count] : rounds)
        for (int n = 1; n <= count; ++n)
            options.scenarioRules.append(
                answerRule(titleOf(spec, n), passingChange(QStringLiteral("helper_%1").arg(n))));
    if (const Status started = harness.start(options); !started) {
        std::fprintf(stderr, "services did not start: %s\n", qPrintable(started.errorMessage()));
        return 1;
    }
    const Result<QString> origin = harness.demoOrigin();
    if (!origin) {
        std::fprintf(stderr, "%s\n", qPrintable(origin.errorMessage()));
        return 1;
    }
    for (const auto &[spec, count] : rounds) {
        if (const Status created = harness.createTasks(spec, tasksOf(spec, count, *origin));
            !created) {
            std::fprintf(stderr, "%s\n", qPrintable(created.errorMessage()));
            return 1;
        }
    }

    const RunnerConfig config = harness.runnerConfig(QStringLiteral("bench"), kRunners);
    RunnerPool pool(config, harness.logs());
    // The warm-up round makes the Repo Pool clone its slots; it is not counted.
    runRound(pool, config, harness, warmUpSpec, kWarmUpTasks);
    harness.waitForIdlePool(60000);
    const Round round = runRound(pool, config, harness, benchSpec, kTasks);

    const QList<LogEntry> entries = harness.logCapture().entries();
    const std::map<QString, double> serviceWall = serviceWallSecondsByTask(entries, benchSpec);
    std::vector<TaskFigures> tasks;
    int completed = 0;
    for (const FinishedRun &run : round.runs) {
        if (!run.result.success) {
            std::fprintf(stderr, "task %s failed: %s\n", qPrintable(run.result.taskId),
                         qPrintable(run.result.error));
            continue;
        }
        ++completed;
        tasks.push_back(figuresOf(run));
        const auto wall = serviceWall.find(run.result.taskId);
        tasks.back().servicesWall = wall == serviceWall.end() ? 0.0 : wall->second;
    }

    std::printf("bench_engine: %d demo-like tasks on %d runners (%d Repo Pool slots), scripted "
                "model with zero latency, real git and python3 unit tests\n",
                kTasks, kRunners, kSlots);
    std::printf("completed: %d/%d in %.2f s -> %.1f tasks per minute\n", completed, kTasks,
                round.wallSeconds,
                round.wallSeconds > 0 ? completed * 60.0 / round.wallSeconds : 0);
    std::printf("per task, ms:                              %9s %9s %9s\n", "mean", "median",
                "max");
    printRow("wall time", tasks, [](const TaskFigures &t) { return t.wall; });
    printRow("LLM (chat completion)", tasks, [](const TaskFigures &t) { return t.llm; });
    printRow("git commands", tasks, [](const TaskFigures &t) { return t.git; });
    printRow("test commands", tasks, [](const TaskFigures &t) { return t.tests; });
    printRow("engine overhead", tasks, [](const TaskFigures &t) { return t.overhead(); });
    printRow("  of which service calls (outside git)", tasks,
             [](const TaskFigures &t) { return t.servicesWall; });
    printRow("  of which the engine itself", tasks,
             [](const TaskFigures &t) { return t.overhead() - t.servicesWall; });
    std::printf("service call time summed per task (parallel calls overlap), ms:\n");
    printRow("  Task Registry", tasks, [](const TaskFigures &t) { return t.registry; });
    printRow("  Repo Pool", tasks, [](const TaskFigures &t) { return t.repoPool; });
    printRow("  Artifact Store", tasks, [](const TaskFigures &t) { return t.artifactStore; });
    printServiceOperations(entries, benchSpec);
    std::printf("per phase, ms (mean):\n");
    std::map<QString, std::vector<double>> phases;
    for (const TaskFigures &t : tasks)
        for (const auto &[phase, seconds] : t.phases)
            phases[phase].push_back(seconds * 1000.0);
    for (const auto &[phase, values] : phases)
        std::printf("  %-40s %9.1f\n", qPrintable(phase), summarize(values).mean);
    std::vector<double> outside;
    for (const TaskFigures &t : tasks) {
        double inPhases = 0;
        for (const auto &[phase, seconds] : t.phases)
            inPhases += seconds;
        outside.push_back((t.wall - inPhases) * 1000.0);
    }
    std::printf("  %-40s %9.1f\n", "outside the phases (set-up, slot return)",
                summarize(outside).mean);

    std::vector<double> overheads;
    for (const TaskFigures &t : tasks)
        overheads.push_back(t.overhead() * 1000.0);
    const double overhead = summarize(overheads).mean;
    std::printf("engine overhead per task: %.1f ms (target ≤ 50 ms)%s\n", overhead,
                overhead <= 50.0 ? "" : "  ** above target **");
    std::printf("(service calls are the Task Registry, Repo Pool and Artifact Store round trips "
                "on loopback, counted in the overhead)\n");
    if (app.arguments().contains(QStringLiteral("--timeline")) && !round.runs.isEmpty())
        printTimeline(entries, benchSpec, round.runs.begin().key());
    harness.stop();
    return completed == kTasks ? 0 : 1;
}
