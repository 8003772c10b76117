#include "RunCommand.h"

#include "RunnerSetup.h"
#include "core/ProcessSignals.h"
#include "demo/DemoSeeder.h"
#include "engine/RunnerPool.h"
#include "engine/SandboxSettings.h"
#include "engine/TaskFeeder.h"
#include "metrics/MetricsRegistry.h"
#include "stack/LocalServiceStack.h"

#include <QCoreApplication>
#include <QFile>
#include <QHostInfo>

#include <cstdio>

namespace necrocode {

namespace {

constexpr int kCompleted = 0;
constexpr int kFailed = 1;
constexpr int kBadInput = 2;

int badInput(const QString &message)
{
    std::fprintf(stderr, "necrocode-runner run: %s\n", qPrintable(message));
    return kBadInput;
}

Result<QByteArray> readTaskBytes(const QString &path)
{
    if (path.isEmpty()) {
        const QByteArray fromEnvironment = qgetenv("TASK_CONTEXT");
        if (fromEnvironment.isEmpty())
            return makeError(QStringLiteral("no task: pass --task FILE (or - for stdin), set "
                                            "TASK_CONTEXT, or use --local --demo"));
        return fromEnvironment;
    }
    QFile file;
    const bool opened = path == QLatin1String("-")
                            ? file.open(stdin, QIODevice::ReadOnly)
                            : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened)
        return makeError(
            QStringLiteral("cannot read the task file %1: %2").arg(path, file.errorString()));
    return file.readAll();
}

bool hasAllServiceUrls(const RunnerConfig &config)
{
    return !config.taskRegistry.url.isEmpty() && !config.repoPool.url.isEmpty() &&
           !config.artifactStore.url.isEmpty() && !config.llm.baseUrl.isEmpty();
}

} // namespace

int runRunCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Runs one task: JSON log lines on stdout, the metrics summary on stderr."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("task"),
                      QStringLiteral("Task context JSON file, or - for stdin."),
                      QStringLiteral("FILE")});
    addLocalServiceOptions(parser,
                           QStringLiteral("With --local: create the demo repository and task set; "
                                          "without --task, run the whole demo task set."));
    addConfigOptions(parser);
    if (!parser.parse(arguments))
        return badInput(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    const bool local = parser.isSet(QStringLiteral("local"));
    const bool demo = parser.isSet(QStringLiteral("demo"));
    if (const Status checked = checkLocalServiceOptions(parser); !checked)
        return badInput(checked.errorMessage());

    auto config = configFromOptions(parser);
    if (!config)
        return badInput(config.errorMessage());
    std::optional<TaskContext> task;
    if (parser.isSet(QStringLiteral("task")) || !demo) {
        const auto bytes = readTaskBytes(parser.value(QStringLiteral("task")));
        if (!bytes)
            return badInput(bytes.errorMessage());
        auto parsed = TaskContext::fromJsonBytes(bytes.value());
        if (!parsed)
            return badInput(QStringLiteral("invalid task: %1").arg(parsed.errorMessage()));
        task = parsed.value();
    }
    if (!local && !hasAllServiceUrls(config.value()))
        return badInput(
            QStringLiteral("the service URLs are not all configured (task_registry.url, "
                           "repo_pool.url, artifact_store.url, llm.base_url): set them "
                           "or pass --local"));

    auto started = startLocalServicesIfAsked(parser, config.value());
    if (!started)
        return badInput(started.errorMessage());
    const std::unique_ptr<LocalServiceStack> stack = std::move(started).value();
    auto logs = makeProcessLogging(config.value());
    if (!logs)
        return badInput(logs.errorMessage());

    RunnerPool pool(config.value(), logs.value(), &MetricsRegistry::global());
    logSandboxStatus(Logger(logs.value(), QStringLiteral("necrocode.runner")), config.value());
    int failures = 0;
    int runs = 0;
    QObject::connect(
        &pool, &RunnerPool::runFinished, &pool,
        [&](const RunSnapshot &, const RunnerResult &result, const ExecutionMetrics &metrics) {
            ++runs;
            if (!result.success)
                ++failures;
            reportRunMetrics(metrics, config.value());
        });

    std::unique_ptr<TaskFeeder> feeder;
    if (task) {
        pool.enqueue(task.value());
        QObject::connect(&pool, &RunnerPool::drained, QCoreApplication::instance(),
                         &QCoreApplication::quit, Qt::QueuedConnection);
    } else {
        feeder = std::make_unique<TaskFeeder>(
            pool, config.value(), Logger(logs.value(), QStringLiteral("necrocode.runner.feeder")),
            QStringLiteral("run-%1-%2")
                .arg(QHostInfo::localHostName())
                .arg(QCoreApplication::applicationPid()));
        QObject::connect(feeder.get(), &TaskFeeder::exhausted, QCoreApplication::instance(),
                         &QCoreApplication::quit, Qt::QueuedConnection);
        QObject::connect(feeder.get(), &TaskFeeder::claimFailed, QCoreApplication::instance(),
                         [&failures](const QString &error) {
                             std::fprintf(stderr, "necrocode-runner: cannot take tasks: %s\n",
                                          qPrintable(error));
                             ++failures;
                             QCoreApplication::quit();
                         });
        feeder->start(DemoSeeder::specName(), 200);
    }
    // SIGINT/SIGTERM: take no further task, cancel what runs (each is reported), then exit.
    ProcessSignals signalWatch;
    QObject::connect(&signalWatch, &ProcessSignals::received, &pool, [&pool, &feeder] {
        if (feeder)
            feeder->stop();
        pool.cancelAll(QStringLiteral("the runner was interrupted"));
        if (pool.isIdle())
            QCoreApplication::quit();
        else
            QObject::connect(&pool, &RunnerPool::drained, QCoreApplication::instance(),
                             &QCoreApplication::quit, Qt::QueuedConnection);
    });
    QCoreApplication::exec();
    if (feeder)
        feeder->stop();
    pool.stop();
    logs.value()->flush();
    if (stack)
        stack->stop();
    if (runs == 0 && failures == 0)
        return kFailed;
    return failures == 0 ? kCompleted : kFailed;
}

} // namespace necrocode
