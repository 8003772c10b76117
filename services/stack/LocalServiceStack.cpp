#include "stack/LocalServiceStack.h"

#include "core/AccessToken.h"

#include "artifacts/ArtifactStoreService.h"
#include "demo/DemoSeeder.h"
#include "llm/ScriptedLlmService.h"
#include "pool/RepoPoolService.h"
#include "registry/TaskRegistryService.h"

#include <QDir>

namespace necrocode {

namespace {

const char *const threadNames[] = {"necrocode-task-registry", "necrocode-repo-pool",
                                   "necrocode-artifact-store", "necrocode-llm"};

Result<std::unique_ptr<LocalService>> listening(std::unique_ptr<LocalService> service,
                                                const ServiceStackConfig::ServiceSettings &settings,
                                                const QHostAddress &address,
                                                const ServiceAccess &access)
{
    service->setAccess(access);
    service->faults().configure(settings.faults);
    RequestLimits limits = service->requestLimits();
    limits.maxBodyBytes = settings.maxRequestBytes.value_or(limits.maxBodyBytes);
    limits.idleTimeoutMs = settings.idleTimeoutMs.value_or(limits.idleTimeoutMs);
    service->setRequestLimits(limits);
    if (const Result<quint16> port = service->listen(address, settings.port); !port)
        return port.error();
    return service;
}

} // namespace

LocalServiceStack::LocalServiceStack(ServiceStackConfig config, QObject *parent)
    : QObject(parent), m_config(std::move(config))
{
    m_dataDirectory = m_config.dataDirectory.isEmpty() ? ServiceStackConfig::defaultDataDirectory()
                                                       : m_config.dataDirectory;
    m_dataDirectory = QDir(m_dataDirectory).absolutePath();
}

LocalServiceStack::~LocalServiceStack()
{
    stop();
}

std::array<ServiceThread::Factory, LocalServiceStack::serviceCount>
LocalServiceStack::factories() const
{
    const ServiceStackConfig config = m_config;
    const ServiceAccess access{config.token, config.adminFaults || config.demo, {}, config.tls};
    const QDir data(m_dataDirectory);
    const QString dataDirectory = m_dataDirectory;
    const auto registry = [config, access,
                           dataDirectory]() -> Result<std::unique_ptr<LocalService>> {
        Result<RegistryDatabase> database = config.registryDatabase(dataDirectory);
        if (!database)
            return database.error();
        Result<std::unique_ptr<TaskRegistryService>> service = TaskRegistryService::open(*database);
        if (!service)
            return service.error();
        if (config.demo) {
            if (Status seeded = DemoSeeder::seed(service.value()->store(), dataDirectory); !seeded)
                return seeded.error();
        }
        return listening(std::move(service).value(), config.taskRegistry, config.bindAddress,
                         access);
    };
    const auto pool = [config, access, data]() -> Result<std::unique_ptr<LocalService>> {
        RepoPoolService::Settings settings;
        settings.directory = data.filePath(QStringLiteral("repo-pool"));
        settings.slotsPerPool = config.slotsPerPool;
        settings.defaultTimeoutSeconds = config.allocateTimeoutSeconds;
        settings.retryAfterSeconds = config.retryAfterSeconds;
        settings.allowedUrlSchemes = config.allowedRepoUrlSchemes;
        return listening(std::make_unique<RepoPoolService>(settings), config.repoPool,
                         config.bindAddress, access);
    };
    const auto artifacts = [config, access, data]() -> Result<std::unique_ptr<LocalService>> {
        return listening(
            std::make_unique<ArtifactStoreService>(data.filePath(QStringLiteral("artifact-store"))),
            config.artifactStore, config.bindAddress, access);
    };
    const auto llm = [config, access]() -> Result<std::unique_ptr<LocalService>> {
        Result<ScriptedScenario> scenario = ScriptedScenario::load(
            config.scenarioFile.isEmpty() ? DemoSeeder::scenarioPath() : config.scenarioFile);
        if (!scenario)
            return scenario.error();
        ScriptedLlmService::Settings settings;
        settings.modelId = config.llmModel;
        settings.scenario = std::move(scenario).value();
        settings.latency = config.llmLatency;
        // Its clients send their API key as the bearer token: the stack's token unless a key
        // of its own is set.
        settings.apiKey = config.llmApiKey.isEmpty() ? config.token : config.llmApiKey;
        ServiceAccess llmAccess = access;
        llmAccess.token = settings.apiKey;
        llmAccess.selfCheckedSegment = QStringLiteral("v1"); // OpenAI-shaped 401s there
        return listening(std::make_unique<ScriptedLlmService>(std::move(settings)), config.llm,
                         config.bindAddress, llmAccess);
    };
    return {registry, pool, artifacts, llm};
}

Status LocalServiceStack::openToTheNetwork() const
{
    return requireTokenOffLoopback(
        m_config.bindAddress.toString(), m_config.bindAddress.isLoopback(), m_config.token,
        QStringLiteral("the services"),
        QStringLiteral("Set token_file in the services' configuration (or "
                       "NECROCODE_SERVICES_TOKEN_FILE)"));
}

void LocalServiceStack::createThreads()
{
    for (int i = 0; i < serviceCount; ++i)
        m_threads[i] = std::make_unique<ServiceThread>(QString::fromLatin1(threadNames[i]));
}

Result<ServiceUrls> LocalServiceStack::start()
{
    if (m_running)
        return m_urls;
    if (const Status open = openToTheNetwork(); !open)
        return open.error();
    if (!QDir().mkpath(m_dataDirectory))
        return makeError(QStringLiteral("cannot create the data directory %1").arg(m_dataDirectory),
                         QStringLiteral("config"));
    createThreads();
    const auto makers = factories();
    return finishStart({m_threads[0]->start(makers[0]), m_threads[1]->start(makers[1]),
                        m_threads[2]->start(makers[2]), m_threads[3]->start(makers[3])});
}

void LocalServiceStack::startAsync()
{
    if (m_running) {
        Q_EMIT started(m_urls);
        return;
    }
    if (const Status open = openToTheNetwork(); !open) {
        Q_EMIT startFailed(open.errorMessage());
        return;
    }
    if (!QDir().mkpath(m_dataDirectory)) {
        Q_EMIT startFailed(
            QStringLiteral("cannot create the data directory %1").arg(m_dataDirectory));
        return;
    }
    createThreads();
    m_asyncResults = {};
    const quint64 generation = ++m_generation;
    const auto makers = factories();
    for (int i = 0; i < serviceCount; ++i)
        m_threads[i]->startAsync(makers[i], this,
                                 [this, i, generation](const Result<QUrl> &result) {
                                     if (generation == m_generation)
                                         onStartedAsync(i, result);
                                 });
}

void LocalServiceStack::onStartedAsync(int index, const Result<QUrl> &result)
{
    m_asyncResults[index] = result;
    for (const auto &pending : m_asyncResults) {
        if (!pending)
            return;
    }
    const Result<ServiceUrls> urls = finishStart(
        {*m_asyncResults[0], *m_asyncResults[1], *m_asyncResults[2], *m_asyncResults[3]});
    m_asyncResults = {};
    if (urls)
        Q_EMIT started(*urls);
    else
        Q_EMIT startFailed(urls.errorMessage());
}

Result<ServiceUrls>
LocalServiceStack::finishStart(const std::array<Result<QUrl>, serviceCount> &results)
{
    for (const Result<QUrl> &result : results) {
        if (!result) {
            stop();
            return result.error();
        }
    }
    m_urls =
        ServiceUrls{results[0].value(), results[1].value(), results[2].value(), results[3].value()};
    m_running = true;
    return m_urls;
}

void LocalServiceStack::stop()
{
    ++m_generation;
    m_asyncResults = {};
    for (auto &thread : m_threads) {
        if (thread)
            thread->stop();
        thread.reset();
    }
    m_running = false;
    m_urls = {};
}

} // namespace necrocode
