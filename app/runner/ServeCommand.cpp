#include "ServeCommand.h"

#include "RunnerSetup.h"
#include "ServeWorker.h"
#include "core/ProcessSignals.h"
#include "stack/LocalServiceStack.h"

#include <QCoreApplication>
#include <QHostInfo>

#include <cstdio>

namespace necrocode {

namespace {

constexpr int kBadInput = 2;

int badInput(const QString &message)
{
    std::fprintf(stderr, "necrocode-runner serve: %s\n", qPrintable(message));
    return kBadInput;
}

Result<int> positiveInteger(const QCommandLineParser &parser, const QString &name, int fallback,
                            int minimum)
{
    if (!parser.isSet(name))
        return fallback;
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok || value < minimum)
        return makeError(QStringLiteral("--%1 must be an integer of at least %2, got '%3'")
                             .arg(name)
                             .arg(minimum)
                             .arg(parser.value(name)));
    return value;
}

} // namespace

int runServeCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Takes ready tasks from the Task Registry and runs them with up to --parallel runners "
        "until "
        "SIGTERM. Serves /livez /readyz /health /metrics and /logs (server-sent events) on the "
        "health "
        "address and port. JSON log lines on stdout, each run's metrics summary on stderr."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("spec"), QStringLiteral("Only take tasks of this spec."),
                      QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("worker-id"),
                      QStringLiteral("Name this worker gives the registry when it claims a task "
                                     "(default: serve-<host>-<pid>)."),
                      QStringLiteral("ID")});
    parser.addOption(
        {QStringLiteral("poll-interval"),
         QStringLiteral("Milliseconds between two looks for ready tasks (default 1000)."),
         QStringLiteral("MS")});
    parser.addOption(
        {QStringLiteral("grace-seconds"),
         QStringLiteral("On SIGTERM, how long running tasks may finish before they are "
                        "cancelled (default 30; a second SIGTERM cancels at once)."),
         QStringLiteral("SECONDS")});
    addLocalServiceOptions(
        parser, QStringLiteral("With --local: create the demo repository and task set."));
    addConfigOptions(parser);
    if (!parser.parse(arguments))
        return badInput(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    if (const Status checked = checkLocalServiceOptions(parser); !checked)
        return badInput(checked.errorMessage());
    const auto pollInterval = positiveInteger(parser, QStringLiteral("poll-interval"), 1000, 10);
    if (!pollInterval)
        return badInput(pollInterval.errorMessage());
    const auto grace = positiveInteger(parser, QStringLiteral("grace-seconds"), 30, 0);
    if (!grace)
        return badInput(grace.errorMessage());
    auto config = configFromOptions(parser);
    if (!config)
        return badInput(config.errorMessage());

    auto started = startLocalServicesIfAsked(parser, config.value());
    if (!started)
        return badInput(started.errorMessage());
    const std::unique_ptr<LocalServiceStack> stack = std::move(started).value();
    const RunnerConfig &settings = config.value();
    if (settings.taskRegistry.url.isEmpty() || settings.repoPool.url.isEmpty() ||
        settings.artifactStore.url.isEmpty() || settings.llm.baseUrl.isEmpty())
        return badInput(
            QStringLiteral("the service URLs are not all configured (task_registry.url, "
                           "repo_pool.url, artifact_store.url, llm.base_url): set them or "
                           "pass --local"));
    auto logs = makeProcessLogging(settings);
    if (!logs)
        return badInput(logs.errorMessage());

    ServeOptions options;
    options.workerId = parser.isSet(QStringLiteral("worker-id"))
                           ? parser.value(QStringLiteral("worker-id"))
                           : QStringLiteral("serve-%1-%2")
                                 .arg(QHostInfo::localHostName())
                                 .arg(QCoreApplication::applicationPid());
    options.spec = parser.value(QStringLiteral("spec"));
    options.pollIntervalMs = pollInterval.value();
    options.graceSeconds = grace.value();

    int exitCode = 0;
    {
        ServeWorker worker(settings, logs.value(), options);
        QObject::connect(&worker, &ServeWorker::runFinished, &worker,
                         [&settings](const ExecutionMetrics &metrics, bool) {
                             reportRunMetrics(metrics, settings);
                         });
        QObject::connect(&worker, &ServeWorker::stopped, QCoreApplication::instance(),
                         &QCoreApplication::quit, Qt::QueuedConnection);
        ProcessSignals signalWatch;
        QObject::connect(&signalWatch, &ProcessSignals::received, &worker, &ServeWorker::stop);
        const auto url = worker.start();
        if (!url) {
            // A port in use can be changed; an address refused without a token needs one.
            exitCode = badInput(url.error().kind == QLatin1String("bind")
                                    ? url.errorMessage() +
                                          QStringLiteral(" (choose another port with "
                                                         "--health-port; 0 picks a free one)")
                                    : url.errorMessage());
        } else {
            QCoreApplication::exec();
        }
    }
    logs.value()->flush();
    if (stack)
        stack->stop();
    return exitCode;
}

} // namespace necrocode
