#include "EngineBackend.h"

#include "WorkerAttachment.h"
#include "demo/DemoSeeder.h"
#include "engine/RunnerPool.h"
#include "engine/SandboxSettings.h"
#include "engine/TaskFeeder.h"
#include "health/HealthServer.h"
#include "health/RunnerServiceChecks.h"
#include "health/ServiceHealthMonitor.h"
#include "metrics/MetricsRegistry.h"
#include "stack/LocalServiceStack.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>

namespace necrocode {

EngineBackend::EngineBackend(RunnerConfig config, QObject *parent)
    : ConsoleBackend(parent), m_config(std::move(config)), m_hub(std::make_shared<LogHub>())
{
    SecretMasker masker;
    masker.addKnownSecrets(m_config.secrets());
    m_logs = std::make_shared<LogDispatcher>(m_config.logLevel, masker);
    m_logs->addSink(m_hub);
    m_logger = Logger(m_logs, QStringLiteral("necrocode.console"));
}

EngineBackend::~EngineBackend()
{
    if (m_feeder)
        m_feeder->stop();
    m_pool.reset();
    if (m_stack)
        m_stack->stop();
}

void EngineBackend::start()
{
    const bool needsLocal = m_config.taskRegistry.url.isEmpty() ||
                            m_config.repoPool.url.isEmpty() ||
                            m_config.artifactStore.url.isEmpty() || m_config.llm.baseUrl.isEmpty();
    if (!needsLocal) {
        startEngine();
        return;
    }
    ServiceStackConfig stackConfig;
    stackConfig.demo = true;
    // Each console session gets fresh demo data: a finished demo's branches are not in the way.
    stackConfig.dataDirectory = m_dataDirectory.path();
    stackConfig.slotsPerPool = std::max(2, m_config.maxParallelRunners);
    m_stack = std::make_unique<LocalServiceStack>(stackConfig);
    connect(m_stack.get(), &LocalServiceStack::started, this, &EngineBackend::onServicesStarted);
    connect(m_stack.get(), &LocalServiceStack::startFailed, this, [this](const QString &message) {
        m_logger.critical(QStringLiteral("the embedded services did not start: %1").arg(message));
        Q_EMIT notice(tr("The embedded services did not start: %1").arg(message), true);
    });
    m_logger.info(QStringLiteral("starting the embedded local services"));
    m_stack->startAsync();
}

void EngineBackend::onServicesStarted(const ServiceUrls &urls)
{
    auto fill = [](QString &target, const QUrl &url) {
        if (target.isEmpty())
            target = url.toString();
    };
    fill(m_config.taskRegistry.url, urls.taskRegistry);
    fill(m_config.repoPool.url, urls.repoPool);
    fill(m_config.artifactStore.url, urls.artifactStore);
    fill(m_config.llm.baseUrl, urls.llm);
    m_logger.info(QStringLiteral("embedded services listening"),
                  {{QStringLiteral("task_registry"), urls.taskRegistry.toString()},
                   {QStringLiteral("repo_pool"), urls.repoPool.toString()},
                   {QStringLiteral("artifact_store"), urls.artifactStore.toString()},
                   {QStringLiteral("llm"), urls.llm.toString()}});
    startEngine();
}

void EngineBackend::startEngine()
{
    m_pool = std::make_unique<RunnerPool>(m_config, m_logs, &MetricsRegistry::global());
    logSandboxStatus(m_logger, m_config);
    connect(m_pool.get(), &RunnerPool::runChanged, this, &ConsoleBackend::runChanged);
    connect(m_pool.get(), &RunnerPool::llmExchangeRecorded, this,
            &ConsoleBackend::llmExchangeRecorded);
    m_feeder = std::make_unique<TaskFeeder>(
        *m_pool, m_config, m_logger.child(u"feeder"),
        QStringLiteral("console-%1").arg(QCoreApplication::applicationPid()));
    connect(m_feeder.get(), &TaskFeeder::claimFailed, this, [this](const QString &error) {
        Q_EMIT notice(tr("Cannot take tasks: %1").arg(error), true);
    });
    connect(m_feeder.get(), &TaskFeeder::exhausted, this, [this] {
        m_feeder->stop();
        Q_EMIT notice(tr("No task of the task set is ready any more."), false);
    });
    startHealthChecks();
    startHealthServer();
    m_ready = true;
    Q_EMIT ready();
    for (const auto &action : std::exchange(m_pending, {}))
        action();
}

void EngineBackend::setHealthCheckInterval(std::chrono::milliseconds interval)
{
    m_healthCheckInterval = std::max(interval, std::chrono::milliseconds(1));
    if (m_health)
        m_health->setThresholds(healthThresholds());
}

std::chrono::milliseconds EngineBackend::healthCheckInterval() const
{
    return std::chrono::milliseconds(healthThresholds().checkIntervalMs);
}

HealthThresholds EngineBackend::healthThresholds() const
{
    HealthThresholds thresholds = healthThresholdsFor(m_config);
    // The console shows health live: check at least every five seconds.
    thresholds.checkIntervalMs = m_healthCheckInterval ? int(m_healthCheckInterval->count())
                                                       : std::min(thresholds.checkIntervalMs, 5000);
    thresholds.checkTimeoutMs = std::min(thresholds.checkTimeoutMs, 3000);
    return thresholds;
}

void EngineBackend::startHealthChecks()
{
    const HealthThresholds thresholds = healthThresholds();
    m_health = std::make_unique<ServiceHealthMonitor>(thresholds);
    registerRunnerServices(*m_health, &m_network, m_config, thresholds.checkTimeoutMs);
    logServiceHealthChanges(*m_health, m_logger.child(u"health"));
    connect(m_health.get(), &ServiceHealthMonitor::checked, this,
            [this](const QString &name, const ServiceHealth &health) {
                Q_EMIT serviceHealthChanged(QStringLiteral("local"), name, health);
            });
    m_health->start();
}

void EngineBackend::startHealthServer()
{
    // The console serves its own log stream too, so another console can follow it.
    const HealthServerProviders providers{
        [this] { return m_health->status(); },
        [this] { return m_health->readiness(runnerServiceNames()); },
        [] { return MetricsRegistry::global().exposition(); }, m_hub};
    m_server = std::make_unique<HealthServer>(providers);
    m_server->setMaxLogStreams(m_config.healthMaxLogStreams);
    auto listening =
        m_server->listen(QHostAddress(m_config.healthAddress), quint16(m_config.healthPort));
    if (!listening) // another process has the configured port: any free port will do here
        listening = m_server->listen(QHostAddress(m_config.healthAddress), 0);
    if (listening)
        Q_EMIT healthServerChanged(m_server->url().toString(), true);
    else
        Q_EMIT healthServerChanged(listening.errorMessage(), false);
}

void EngineBackend::whenReady(std::function<void()> action)
{
    if (m_ready)
        action();
    else
        m_pending.append(std::move(action));
}

void EngineBackend::applyConfig(const RunnerConfig &config)
{
    m_config.llm = config.llm;
    m_config.retry = config.retry;
    m_config.logLevel = config.logLevel;
    m_config.maxParallelRunners = config.maxParallelRunners;
    m_config.taskTimeoutSeconds = config.taskTimeoutSeconds;
    if (m_config.llm.baseUrl.isEmpty() && m_stack)
        m_config.llm.baseUrl = m_stack->urls().llm.toString();
    m_logs->setThreshold(config.logLevel);
    // A new API key is masked from now on, and the checks ask the LLM the settings name.
    SecretMasker masker;
    masker.addKnownSecrets(m_config.secrets());
    m_logs->setMasker(masker);
    if (m_health)
        registerRunnerServices(*m_health, &m_network, m_config,
                               m_health->thresholds().checkTimeoutMs);
    if (m_pool)
        m_pool->setConfig(m_config);
}

void EngineBackend::runDemo()
{
    whenReady([this] { m_feeder->start(DemoSeeder::specName(), 250); });
}

void EngineBackend::runTaskFile(const QString &path)
{
    whenReady([this, path] {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            Q_EMIT notice(tr("Cannot read %1: %2").arg(path, file.errorString()), true);
            return;
        }
        const auto task = TaskContext::fromJsonBytes(file.readAll());
        if (!task) {
            Q_EMIT notice(tr("%1 is not a valid task: %2").arg(path, task.errorMessage()), true);
            return;
        }
        m_pool->enqueue(task.value());
    });
}

void EngineBackend::cancelRun(const QString &runId)
{
    if (m_pool)
        m_pool->cancel(runId);
}

void EngineBackend::setParallelRunners(int count)
{
    m_config.maxParallelRunners = count;
    if (m_pool)
        m_pool->setMaxParallel(count);
}

QString EngineBackend::resendPrompt(const ChatRequest &request)
{
    const QString requestId = QStringLiteral("playground-%1").arg(++m_nextRequest);
    whenReady([this, request, requestId] {
        const qint64 startedAt = QDateTime::currentMSecsSinceEpoch();
        m_pool->sendChat(request,
                         [this, request, requestId, startedAt](Result<ChatResponse> answer) {
                             LlmExchange exchange;
                             exchange.id = requestId;
                             exchange.source = QStringLiteral("local");
                             exchange.startedAtMs = startedAt;
                             exchange.request = request;
                             if (answer) {
                                 exchange.response = answer.value();
                             } else {
                                 exchange.error = answer.errorMessage();
                                 exchange.errorType = answer.error().kind;
                             }
                             Q_EMIT playgroundAnswered(requestId, exchange);
                         });
    });
    return requestId;
}

void EngineBackend::attach(const QUrl &workerUrl)
{
    const QString label = WorkerAttachment::labelFor(workerUrl);
    if (m_server && m_server->isListening()) {
        const QUrl own = m_server->url();
        const bool loopback = QHostAddress(workerUrl.host()).isLoopback() ||
                              workerUrl.host() == QLatin1String("localhost");
        if (workerUrl.port(80) == own.port() && (loopback || workerUrl.host() == own.host())) {
            // Following itself would feed every entry back into its own stream.
            Q_EMIT notice(tr("%1 is this console's own health server, not a worker.").arg(label),
                          true);
            return;
        }
    }
    for (const auto &attached : m_attachments) {
        if (attached->label() == label) {
            Q_EMIT notice(tr("The worker %1 is already attached.").arg(label), false);
            return;
        }
    }
    auto attachment = std::make_unique<WorkerAttachment>(workerUrl, m_hub);
    connect(attachment.get(), &WorkerAttachment::runChanged, this, &ConsoleBackend::runChanged);
    connect(attachment.get(), &WorkerAttachment::llmExchangeRecorded, this,
            &ConsoleBackend::llmExchangeRecorded);
    connect(attachment.get(), &WorkerAttachment::serviceHealthChanged, this,
            &ConsoleBackend::serviceHealthChanged);
    connect(attachment.get(), &WorkerAttachment::notice, this, &ConsoleBackend::notice);
    m_logger.info(
        QStringLiteral("attaching to the worker %1").arg(workerUrl.toString()),
        {{QStringLiteral("worker_url"), workerUrl.toString()}, {QStringLiteral("source"), label}});
    attachment->start();
    m_attachments.push_back(std::move(attachment));
}

void EngineBackend::detach(const QString &label)
{
    const auto found =
        std::find_if(m_attachments.begin(), m_attachments.end(),
                     [&](const auto &attachment) { return attachment->label() == label; });
    if (found == m_attachments.end())
        return;
    m_attachments.erase(found);
    m_logger.info(QStringLiteral("detached from the worker %1").arg(label),
                  {{QStringLiteral("source"), label}});
    Q_EMIT workerDetached(label);
    Q_EMIT notice(tr("Detached from the worker %1.").arg(label), false);
}

QStringList EngineBackend::attachedWorkers() const
{
    QStringList labels;
    for (const auto &attachment : m_attachments)
        labels.append(attachment->label());
    return labels;
}

} // namespace necrocode
