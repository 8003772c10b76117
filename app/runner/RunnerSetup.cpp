#include "RunnerSetup.h"

#include "core/ConfigLoader.h"
#include "log/JsonlFileSink.h"
#include "log/StreamSink.h"
#include "metrics/MetricsReporter.h"
#include "stack/LocalServiceStack.h"
#include "tls/TlsFiles.h"

#include <cstdio>

namespace necrocode {

namespace {

// Named flags and the configuration key each one sets.
const std::pair<const char *, const char *> kKeyFlags[] = {
    {"task-registry-url", "task_registry.url"},
    {"repo-pool-url", "repo_pool.url"},
    {"artifact-store-url", "artifact_store.url"},
    {"llm-base-url", "llm.base_url"},
    {"llm-model", "llm.model"},
    {"log-level", "log.level"},
    {"log-file", "log.file"},
    {"parallel", "runners.max_parallel"},
    {"health-port", "health.port"},
    {"health-address", "health.address"},
};

} // namespace

void addConfigOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("config"), QStringLiteral("Configuration file (JSON or INI)."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("set"),
                      QStringLiteral("Sets a configuration key, e.g. --set llm.temperature=0.1."),
                      QStringLiteral("KEY=VALUE")});
    for (const auto &[flag, key] : kKeyFlags)
        parser.addOption({QString::fromLatin1(flag),
                          QStringLiteral("Sets the configuration key %1.").arg(QLatin1String(key)),
                          QStringLiteral("VALUE")});
}

Result<RunnerConfig> configFromOptions(const QCommandLineParser &parser)
{
    ConfigSources sources;
    sources.filePath = parser.value(QStringLiteral("config"));
    for (const QString &assignment : parser.values(QStringLiteral("set"))) {
        const qsizetype eq = assignment.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return makeError(QStringLiteral("--set needs KEY=VALUE, got '%1'").arg(assignment),
                             QStringLiteral("config"));
        sources.overrides.append({assignment.left(eq).trimmed(), assignment.mid(eq + 1)});
    }
    for (const auto &[flag, key] : kKeyFlags)
        if (parser.isSet(QString::fromLatin1(flag)))
            sources.overrides.append(
                {QString::fromLatin1(key), parser.value(QString::fromLatin1(flag))});
    Result<RunnerConfig> config = ConfigLoader::load(sources);
    if (config && !config->tlsCaFile.isEmpty()) {
        if (Status trusted = trustCertificateAuthorities(config->tlsCaFile); !trusted)
            return makeError(QStringLiteral("tls.ca_file: %1").arg(trusted.errorMessage()),
                             QStringLiteral("config"));
    }
    return config;
}

Result<std::shared_ptr<LogDispatcher>> makeProcessLogging(const RunnerConfig &config)
{
    SecretMasker masker;
    masker.addKnownSecrets(config.secrets());
    auto logs = std::make_shared<LogDispatcher>(config.logLevel, masker);
    logs->addSink(StreamSink::standardOutput());
    if (!config.logFile.isEmpty()) {
        JsonlFileSinkOptions options;
        options.path = config.logFile;
        options.maxBytes = config.logMaxBytes;
        options.backupCount = config.logBackups;
        auto file = std::make_shared<JsonlFileSink>(options);
        if (!file->lastError().isEmpty())
            return makeError(QStringLiteral("cannot write the log file %1: %2")
                                 .arg(config.logFile, file->lastError()),
                             QStringLiteral("config"));
        logs->addSink(file);
    }
    return logs;
}

void addLocalServiceOptions(QCommandLineParser &parser, const QString &demoHelp)
{
    parser.addOption({QStringLiteral("local"),
                      QStringLiteral("Start the local service stack in this process and use it.")});
    parser.addOption({QStringLiteral("demo"), demoHelp});
    parser.addOption({QStringLiteral("data-dir"),
                      QStringLiteral("Data directory of the local services."),
                      QStringLiteral("DIR")});
}

Status checkLocalServiceOptions(const QCommandLineParser &parser)
{
    if (parser.isSet(QStringLiteral("demo")) && !parser.isSet(QStringLiteral("local")))
        return makeError(QStringLiteral("--demo needs --local"), QStringLiteral("config"));
    return Ok{};
}

Result<std::unique_ptr<LocalServiceStack>>
startLocalServicesIfAsked(const QCommandLineParser &parser, RunnerConfig &config)
{
    if (!parser.isSet(QStringLiteral("local")))
        return std::unique_ptr<LocalServiceStack>();
    return startLocalServices(config, parser.isSet(QStringLiteral("demo")),
                              parser.value(QStringLiteral("data-dir")));
}

void reportRunMetrics(const ExecutionMetrics &metrics, const RunnerConfig &config)
{
    std::fputs(qPrintable(MetricsReporter::formatSummary(metrics)), stderr);
    std::fflush(stderr);
    if (config.metricsDir.isEmpty())
        return;
    const auto written = MetricsReporter::writeJson(metrics, config.metricsDir);
    if (!written)
        std::fprintf(stderr, "necrocode-runner: metrics not written: %s\n",
                     qPrintable(written.errorMessage()));
}

Result<std::unique_ptr<LocalServiceStack>> startLocalServices(RunnerConfig &config, bool demo,
                                                              const QString &dataDirectory)
{
    ServiceStackConfig stackConfig;
    stackConfig.demo = demo;
    stackConfig.dataDirectory = dataDirectory;
    stackConfig.slotsPerPool = std::max(2, config.maxParallelRunners);
    auto stack = std::make_unique<LocalServiceStack>(stackConfig);
    const Result<ServiceUrls> urls = stack->start();
    if (!urls)
        return makeError(
            QStringLiteral("the local services did not start: %1").arg(urls.errorMessage()),
            QStringLiteral("config"));
    auto fill = [](QString &target, const QUrl &url) {
        if (target.isEmpty())
            target = url.toString();
    };
    fill(config.taskRegistry.url, urls->taskRegistry);
    fill(config.repoPool.url, urls->repoPool);
    fill(config.artifactStore.url, urls->artifactStore);
    fill(config.llm.baseUrl, urls->llm);
    return stack;
}

} // namespace necrocode
