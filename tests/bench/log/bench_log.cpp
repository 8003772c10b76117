// Figures of the log pipeline on a realistic million-entry log: JSON Lines formatting, store
// appends, memory per entry, query times, JSONL loading, and the `logs` command next to jq, lnav
// and grep. Prints one line per figure.
#include "log/JsonLineFormatter.h"
#include "logstore/JsonlLoader.h"
#include "logstore/LogQuery.h"
#include "logstore/LogQueryRunner.h"
#include "logstore/LogStore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>
#include <cstring>
#include <ctime>
#include <functional>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

extern char **environ;

using namespace necrocode;

namespace {

constexpr int kEntries = 1'000'000;
constexpr int kPoolSize = 8192;
constexpr int kCachedPoolSize = 64;
constexpr qint64 kFirstTimestampMs = 1'764'265'321'000;

// Entries like a runner writes: debug lines without fields (15 %), phase and step lines (30 %),
// external service calls (40 %), LLM calls with token counts (10 %), retries (5 %). Runner, task
// and spec come from eight runner contexts and logger names from a fixed set, shared the way a
// Logger shares them with every entry it makes.
std::vector<LogEntry> realisticEntries(int count)
{
    QRandomGenerator rng(7);
    struct Context
    {
        QString runnerId;
        QString taskId;
        QString specName;
    };
    std::vector<Context> contexts;
    for (int runner = 0; runner < 8; ++runner)
        contexts.push_back(
            {QStringLiteral("runner-%1").arg(runner),
             QStringLiteral("%1.%2").arg(rng.bounded(1, 12)).arg(rng.bounded(1, 9)),
             runner % 2 ? QStringLiteral("chat-app") : QStringLiteral("todo-service")});
    const QString workspaceLogger = QStringLiteral("necrocode.runner.workspace");
    const QString orchestratorLogger = QStringLiteral("necrocode.runner.orchestrator");
    const QString llmLogger = QStringLiteral("necrocode.runner.llm_client");
    const QString httpLogger = QStringLiteral("necrocode.runner.http");
    const QString clientLoggers[] = {QStringLiteral("necrocode.runner.task_registry_client"),
                                     QStringLiteral("necrocode.runner.repo_pool_client"),
                                     QStringLiteral("necrocode.runner.artifact_store_client")};
    const QString services[] = {QStringLiteral("task_registry"), QStringLiteral("repo_pool"),
                                QStringLiteral("artifact_store"), QStringLiteral("llm")};
    const QString operations[] = {QStringLiteral("get_task"), QStringLiteral("allocate_slot"),
                                  QStringLiteral("upload"), QStringLiteral("chat_completion")};
    const QString phases[] = {QStringLiteral("workspace_preparation"),
                              QStringLiteral("task_implementation"),
                              QStringLiteral("test_execution"), QStringLiteral("commit_and_push"),
                              QStringLiteral("artifact_upload")};
    std::vector<LogEntry> entries;
    entries.reserve(std::size_t(count));
    for (int i = 0; i < count; ++i) {
        LogEntry e;
        e.utcOffsetSeconds = 9 * 3600;
        e.level = LogLevel::Info;
        const Context &context = contexts[rng.bounded(8)];
        e.runnerId = context.runnerId;
        e.taskId = context.taskId;
        e.specName = context.specName;
        const int service = int(rng.bounded(3));
        const int kind = int(rng.bounded(100));
        if (kind < 15) {
            e.level = LogLevel::Debug;
            e.logger = workspaceLogger;
            e.message = QStringLiteral("git rev-parse HEAD returned %1 in %2 ms")
                            .arg(rng.generate64(), 0, 16)
                            .arg(rng.bounded(2, 40));
        } else if (kind < 45) {
            e.logger = orchestratorLogger;
            const QString phase = phases[rng.bounded(5)];
            e.message =
                QStringLiteral("Phase %1 %2").arg(phase, rng.bounded(2) ? u"started" : u"finished");
            e.extra = {{QStringLiteral("phase"), phase}};
            if (rng.bounded(2))
                e.extra.insert(QStringLiteral("duration_seconds"), rng.bounded(60000) / 1000.0);
        } else if (kind < 85) {
            e.logger = clientLoggers[service];
            const int status = rng.bounded(20) == 0 ? 503 : 200;
            e.level = status == 200 ? LogLevel::Info : LogLevel::Error;
            e.message = QStringLiteral("%1 %2 answered %3 in %4 ms")
                            .arg(services[service], operations[service])
                            .arg(status)
                            .arg(rng.bounded(5, 900));
            e.extra = {{QStringLiteral("service"), services[service]},
                       {QStringLiteral("operation"), operations[service]},
                       {QStringLiteral("duration_seconds"), rng.bounded(900) / 1000.0},
                       {QStringLiteral("status_code"), status},
                       {QStringLiteral("attempt"), 1}};
            if (service == 2)
                e.extra.insert(QStringLiteral("uri"),
                               QStringLiteral("file:///var/lib/necrocode/artifacts/%1.diff")
                                   .arg(rng.bounded(100000)));
        } else if (kind < 95) {
            e.logger = llmLogger;
            const int tokens = int(rng.bounded(200, 6000));
            e.message = QStringLiteral("LLM request completed with %1 tokens").arg(tokens);
            e.extra = {{QStringLiteral("service"), services[3]},
                       {QStringLiteral("operation"), operations[3]},
                       {QStringLiteral("duration_seconds"), rng.bounded(20000) / 1000.0},
                       {QStringLiteral("llm_model"), QStringLiteral("gpt-4o-mini")},
                       {QStringLiteral("tokens_used"), tokens},
                       {QStringLiteral("prompt_tokens"), tokens * 3 / 4},
                       {QStringLiteral("completion_tokens"), tokens / 4},
                       {QStringLiteral("finish_reason"), QStringLiteral("stop")},
                       {QStringLiteral("attempt"), 1}};
        } else {
            e.logger = httpLogger;
            e.level = rng.bounded(4) == 0 ? LogLevel::Error : LogLevel::Warning;
            const int attempt = int(rng.bounded(1, 4));
            e.message = QStringLiteral("Retrying request to %1 after HTTP 503 (attempt %2 of 3)")
                            .arg(services[service])
                            .arg(attempt);
            e.extra = {{QStringLiteral("service"), services[service]},
                       {QStringLiteral("operation"), operations[service]},
                       {QStringLiteral("attempt"), attempt},
                       {QStringLiteral("max_attempts"), 3},
                       {QStringLiteral("delay_seconds"), 0.5 * attempt},
                       {QStringLiteral("error_type"), QStringLiteral("ServiceUnavailable")},
                       {QStringLiteral("status_code"), 503}};
        }
        entries.push_back(std::move(e));
    }
    return entries;
}

double processCpuSeconds()
{
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

// Wall-clock and CPU seconds of the fastest of `repeats` runs. On a busy machine the CPU time
// shows what the wall clock would be without the other load.
struct Timing
{
    double wall = 1e300;
    double cpu = 1e300;
};

Timing measure(const std::function<void()> &work, int repeats = 1)
{
    Timing best;
    for (int i = 0; i < repeats; ++i) {
        QElapsedTimer timer;
        const double cpuBefore = processCpuSeconds();
        timer.start();
        work();
        const double wall = double(timer.nsecsElapsed()) / 1e9;
        if (wall < best.wall)
            best = Timing{wall, processCpuSeconds() - cpuBefore};
    }
    return best;
}

qint64 heapBytes()
{
#if defined(__GLIBC__)
    const struct mallinfo2 info = mallinfo2();
    return qint64(info.uordblks + info.hblkhd);
#else
    return 0;
#endif
}

// One run of another program: wall and CPU seconds, and its peak resident memory.
struct ChildRun
{
    bool ok = false;
    double wall = 1e300;
    double peakMiB = -1; // unknown
};

// Runs `program` with `arguments`, standard output into `outputPath`; the fastest of `repeats`
// runs. The peak memory comes from GNU time when it is installed: a child started from this
// process would inherit this process's peak at exec, so time's own child is measured.
ChildRun runProgram(const QString &program, const QStringList &arguments, const QString &outputPath,
                    int repeats = 3)
{
    const QString timeProgram = QStandardPaths::findExecutable(QStringLiteral("time"));
    const QString peakPath = outputPath + QStringLiteral(".peak");
    std::vector<QByteArray> words;
    if (!timeProgram.isEmpty()) {
        for (const QString &word : {timeProgram, QStringLiteral("-f"), QStringLiteral("%M"),
                                    QStringLiteral("-o"), peakPath})
            words.push_back(QFile::encodeName(word));
    }
    words.push_back(QFile::encodeName(program));
    for (const QString &argument : arguments)
        words.push_back(argument.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &word : words)
        argv.push_back(word.data());
    argv.push_back(nullptr);
    const QByteArray output = QFile::encodeName(outputPath);
    ChildRun best;
    for (int i = 0; i < repeats; ++i) {
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, output.constData(),
                                         O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
        QElapsedTimer timer;
        timer.start();
        pid_t pid = 0;
        const int spawned =
            posix_spawn(&pid, argv.front(), &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        if (spawned != 0)
            return best;
        int status = 0;
        if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
            WEXITSTATUS(status) > 1) // grep -c exits 1 when nothing matches
            return best;
        const double wall = double(timer.nsecsElapsed()) / 1e9;
        if (wall < best.wall) {
            best.ok = true;
            best.wall = wall;
            QFile peak(peakPath);
            best.peakMiB = peak.open(QIODevice::ReadOnly)
                               ? peak.readAll().trimmed().split('\n').last().toDouble() / 1024.0
                               : -1;
        }
    }
    return best;
}

qint64 lineCount(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    qint64 lines = 0;
    while (!file.atEnd())
        lines += file.read(1 << 20).count('\n');
    return lines;
}

// `necrocode-runner logs` on the benchmark's file next to the tools people use instead, each
// writing its matches to a file: jq and lnav with the same filter where installed, and
// `grep -c` on the raw text as the floor.
void compareLogsCommand(const QString &logPath, const QString &outputDir)
{
    const QString matchesPath = outputDir + QStringLiteral("/logs.out");
    const ChildRun ours =
        runProgram(QStringLiteral(NECROCODE_RUNNER_EXECUTABLE),
                   {QStringLiteral("logs"), logPath, QStringLiteral("--level"),
                    QStringLiteral("ERROR"), QStringLiteral("--grep"), QStringLiteral("retrying")},
                   matchesPath);
    if (!ours.ok) {
        std::printf("logs query: necrocode-runner logs failed\n");
        return;
    }
    std::printf("logs query (level >= ERROR + \"retrying\", %lld matches, written to a file): "
                "%.3f s, %.1f MiB peak memory (target <= 64 MiB)\n",
                static_cast<long long>(lineCount(matchesPath)), ours.wall, ours.peakMiB);
    struct Tool
    {
        const char *name;
        QStringList arguments;
        const char *target;
    };
    const Tool tools[] = {
        {"jq",
         {QStringLiteral("-c"),
          QStringLiteral("select((.level == \"ERROR\" or .level == \"CRITICAL\") and "
                         "(.message | ascii_downcase | contains(\"retrying\")))"),
          logPath},
         "target: logs >= 10x faster"},
        {"lnav",
         {QStringLiteral("-n"), QStringLiteral("-c"),
          QStringLiteral(":filter-in (?i)\"level\":\"(ERROR|CRITICAL)\".*retrying"), logPath},
         "target: logs >= 4x faster"},
        {"grep",
         {QStringLiteral("-c"), QStringLiteral("-i"), QStringLiteral("retrying"), logPath},
         "raw text, no JSON; target <= 2x"},
    };
    for (const Tool &tool : tools) {
        const QString program = QStandardPaths::findExecutable(QString::fromLatin1(tool.name));
        if (program.isEmpty()) {
            std::printf("  %s: not installed\n", tool.name);
            continue;
        }
        const ChildRun run = runProgram(program, tool.arguments,
                                        outputDir + QStringLiteral("/%1.out").arg(tool.name));
        if (!run.ok) {
            std::printf("  %s: failed\n", tool.name);
            continue;
        }
        if (std::strcmp(tool.name, "grep") == 0)
            std::printf("  %s: %.3f s, %.1f MiB peak; logs takes %.2fx its time (%s)\n", tool.name,
                        run.wall, run.peakMiB, ours.wall / run.wall, tool.target);
        else
            std::printf("  %s: %.3f s, %.1f MiB peak; logs is %.1fx faster (%s)\n", tool.name,
                        run.wall, run.peakMiB, run.wall / ours.wall, tool.target);
    }
    const ChildRun stats = runProgram(QStringLiteral(NECROCODE_RUNNER_EXECUTABLE),
                                      {QStringLiteral("logs"), logPath, QStringLiteral("--stats")},
                                      outputDir + QStringLiteral("/stats.json"));
    if (stats.ok)
        std::printf("logs --stats over every entry: %.3f s, %.1f MiB peak memory\n", stats.wall,
                    stats.peakMiB);
    else
        std::printf("logs --stats: failed\n");
}

void stamp(LogEntry &entry, int index)
{
    entry.timestampMs = kFirstTimestampMs + index * 3LL;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    if (!dir.isValid()) {
        std::fprintf(stderr, "bench_log: no temporary directory\n");
        return 1;
    }
    std::printf("log benchmark: %d entries, %d worker threads\n", kEntries,
                QThread::idealThreadCount());
    std::vector<LogEntry> pool = realisticEntries(kPoolSize);

    // Formatting, and the JSONL file for the load figure.
    const QString path = dir.filePath(QStringLiteral("bench.jsonl"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return 1;
    QByteArray buffer;
    Timing format{0, 0};
    for (int begin = 0; begin < kEntries; begin += 100000) {
        buffer.resize(0);
        const Timing part = measure([&] {
            for (int i = begin; i < begin + 100000; ++i) {
                LogEntry &e = pool[std::size_t(i % kPoolSize)];
                stamp(e, i);
                appendJsonLine(buffer, e);
            }
        });
        format.wall += part.wall;
        format.cpu += part.cpu;
        file.write(buffer);
    }
    file.close();
    const double fileMb = double(QFile(path).size()) / 1e6;
    std::printf("format JSONL: %.2f M entries/s (%.0f ns per entry; CPU %.2f s)\n",
                kEntries / format.wall / 1e6, format.wall / kEntries * 1e9, format.cpu);

    // Appending to the store: entries from the whole pool (mostly not in the CPU caches, as
    // when the console takes a batch from the log hub), then from a pool that fits in the caches
    // (the store's own cost).
    const qint64 heapBefore = heapBytes();
    LogStore store;
    const Timing append = measure([&] {
        for (int i = 0; i < kEntries; ++i) {
            LogEntry &e = pool[std::size_t(i % kPoolSize)];
            stamp(e, i);
            store.append(e);
        }
    });
    const qint64 heapAfter = heapBytes();
    std::printf("store append: %.2f M entries/s (target >= 1 M; CPU %.2f s = %.2f M entries per "
                "CPU second)\n",
                kEntries / append.wall / 1e6, append.cpu, kEntries / append.cpu / 1e6);
    {
        LogStore warmStore;
        const Timing warm = measure([&] {
            for (int i = 0; i < kEntries; ++i) {
                LogEntry &e = pool[std::size_t(i % kCachedPoolSize)];
                stamp(e, i);
                warmStore.append(e);
            }
        });
        std::printf("store append, entries in cache: %.2f M entries/s (CPU %.2f M entries per CPU "
                    "second)\n",
                    kEntries / warm.wall / 1e6, kEntries / warm.cpu / 1e6);
    }
    std::printf(
        "store memory beyond text: %.1f bytes per entry by the store's count, %.1f measured "
        "on the heap (target <= 64); text %.1f bytes per entry\n",
        double(store.bytesUsed() - store.textBytes()) / kEntries,
        double(heapAfter - heapBefore - store.textBytes()) / kEntries,
        double(store.textBytes()) / kEntries);

    // Queries over the whole store.
    auto timeQuery = [&](const char *name, const LogQuery &query, const char *target) {
        std::size_t matches = 0;
        const Timing t = measure(
            [&] { matches = LogQueryRunner::matchRange(query, store, 0, store.size())->size(); },
            5);
        std::printf("query %s: %.1f ms over %d entries, %zu matches%s; CPU %.1f ms\n", name,
                    t.wall * 1e3, kEntries, matches, target, t.cpu * 1e3);
    };
    LogQuery levelAndText;
    levelAndText.acceptFrom(LogLevel::Warning);
    levelAndText.text = QStringLiteral("retrying");
    timeQuery("level >= WARNING + substring \"retrying\"", levelAndText, " (target <= 50 ms)");
    LogQuery levelAndRareText = levelAndText;
    levelAndRareText.acceptFrom(LogLevel::Debug);
    levelAndRareText.text = QStringLiteral("attempt 3");
    timeQuery("level >= DEBUG + substring \"attempt 3\"", levelAndRareText, "");
    LogQuery textOnly;
    textOnly.text = QStringLiteral("tokens");
    timeQuery("substring \"tokens\" (case-insensitive)", textOnly, "");
    LogQuery runnerAndService;
    runnerAndService.runnerId = QStringLiteral("runner-3");
    runnerAndService.service = QStringLiteral("llm");
    timeQuery("runner + service", runnerAndService, "");
    LogQuery regex;
    regex.textMode = LogQuery::TextMode::RegularExpression;
    regex.text = QStringLiteral("attempt [23] of \\d");
    timeQuery("regex \"attempt [23] of \\d\"", regex, "");
    regex.acceptFrom(LogLevel::Warning);
    timeQuery("level >= WARNING + regex", regex, "");

    // Loading the JSONL file.
    JsonlLoadReport report;
    const Timing load = measure(
        [&] {
            LogStore loaded;
            report = JsonlLoader().load({path}, loaded).value();
        },
        3);
    std::printf("JSONL load: %.0f MB/s (target >= 300 MB/s; %.1f MB, %lld entries, %lld bad lines, "
                "%.2f s, CPU %.2f s)\n",
                fileMb / load.wall, fileMb, static_cast<long long>(report.entries),
                static_cast<long long>(report.badLineCount), load.wall, load.cpu);

    compareLogsCommand(path, dir.path());
    return 0;
}
