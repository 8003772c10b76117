#include "EngineBackend.h"

#include "demo/DemoSeeder.h"
#include "engine/PromptChannel.h"
#include "engine/RunnerPool.h"
#include "engine/TaskFeeder.h"
#include "fleet/FleetFollower.h"
#include "fleet/WorkerAttachment.h"
#include "health/HealthServer.h"
#include "health/RunnerServiceChecks.h"
#include "health/ServiceHealthMonitor.h"
#include "host/EngineHost.h"
#include "metrics/MetricsRegistry.h"
#include "stack/LocalServiceStack.h"
#include "tls/TlsFiles.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QSettings>

namespace necrocode {

EngineBackend::EngineBackend(RunnerConfig config, QObject *parent)
    : ConsoleBackend(parent), m_config(std::move(config)), m_hub(std::make_shared<LogHub>())
{
    SecretMasker masker;
    masker.addKnownSecrets(m_config.secrets());
    m_logs = std::make_shared<LogDispatcher>(m_config.logLevel, masker);
    m_logs->addSink(m_hub);
    m_logger = Logger(m_logs, QStringLiteral("necrocode.console"));
    m_prompts = std::make_unique<PromptChannel>(m_config.llm, m_config.retry, m_logs);
    connect(m_prompts.get(), &PromptChannel::partialAnswer, this,
            &ConsoleBackend::playgroundPartial);
    connect(m_prompts.get(), &PromptChannel::answered, this, &ConsoleBackend::playgroundAnswered);
    startFollowingFleet();
}

void EngineBackend::startFollowingFleet()
{
    FleetFollower::Attachments attachments;
    attachments.attach = [this](const QUrl &url) { attach(url); };
    attachments.detach = [this](const QString &label) { detach(label); };
    attachments.markLost = [this](const QString &label, const QString &reason) {
        if (WorkerAttachment *lost = attachment(label))
            lost->markLost(reason);
    };
    attachments.attached = [this] { return attachedWorkers(); };
    m_fleet = std::make_unique<FleetFollower>(std::move(attachments));
    connect(m_fleet.get(), &FleetFollower::workersChanged, this, &ConsoleBackend::fleetChanged);
    connect(m_fleet.get(), &FleetFollower::problemChanged, this,
            &ConsoleBackend::fleetProblemChanged);
    connect(m_fleet.get(), &FleetFollower::notice, this, &ConsoleBackend::notice);
}

EngineBackend::~EngineBackend()
{
    m_fleet.reset();
    m_attachments.clear();
    m_host.reset();
    m_prompts.reset();
    if (m_stack)
        m_stack->stop();
}

bool EngineBackend::needsEmbeddedServices(const RunnerConfig &config)
{
    return config.taskRegistry.url.isEmpty() || config.repoPool.url.isEmpty() ||
           config.artifactStore.url.isEmpty() || config.llm.baseUrl.isEmpty();
}

RunnerConfig EngineBackend::resolved(const RunnerConfig &config) const
{
    RunnerConfig effective = config;
    if (!m_stack || !m_stack->isRunning())
        return effective;
    const ServiceUrls urls = m_stack->urls();
    auto fill = [](QString &target, const QUrl &url) {
        if (target.isEmpty())
            target = url.toString();
    };
    fill(effective.taskRegistry.url, urls.taskRegistry);
    fill(effective.repoPool.url, urls.repoPool);
    fill(effective.artifactStore.url, urls.artifactStore);
    fill(effective.llm.baseUrl, urls.llm);
    return effective;
}

void EngineBackend::start()
{
    if (!needsEmbeddedServices(m_config)) {
        m_effective = m_config;
        startEngine();
        return;
    }
    startEmbeddedServices();
}

void EngineBackend::startEmbeddedServices()
{
    if (m_stack)
        return;
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
    m_logger.info(QStringLiteral("embedded services listening"),
                  {{QStringLiteral("task_registry"), urls.taskRegistry.toString()},
                   {QStringLiteral("repo_pool"), urls.repoPool.toString()},
                   {QStringLiteral("artifact_store"), urls.artifactStore.toString()},
                   {QStringLiteral("llm"), urls.llm.toString()}});
    if (m_ready) {
        applyConfig(m_config); // the settings that asked for them take effect now
        return;
    }
    m_effective = resolved(m_config);
    startEngine();
}

void EngineBackend::startEngine()
{
    m_host = std::make_unique<EngineHost>(
        m_effective, m_logs, m_hub,
        QStringLiteral("console-%1").arg(QCoreApplication::applicationPid()), healthThresholds(),
        m_logger);
    m_prompts->setConfig(m_effective.llm, m_effective.retry);
    RunnerPool &pool = m_host->pool();
    connect(&pool, &RunnerPool::runChanged, this, &ConsoleBackend::runChanged);
    connect(&pool, &RunnerPool::llmExchangeRecorded, this, &ConsoleBackend::llmExchangeRecorded);
    TaskFeeder &feeder = m_host->feeder();
    connect(&feeder, &TaskFeeder::claimFailed, this, [this](const QString &error) {
        Q_EMIT notice(tr("Cannot take tasks: %1").arg(error), true);
    });
    connect(&feeder, &TaskFeeder::recovered, this,
            [this] { Q_EMIT notice(tr("The task registry answers again: taking tasks."), false); });
    connect(&feeder, &TaskFeeder::stateChanged, this, &ConsoleBackend::taskIntakeChanged);
    connect(&feeder, &TaskFeeder::exhausted, this, [this] {
        m_host->feeder().stop();
        Q_EMIT notice(tr("No task of the task set is ready any more."), false);
    });
    connect(&m_host->health(), &ServiceHealthMonitor::checked, this,
            [this](const QString &name, const ServiceHealth &health) {
                Q_EMIT serviceHealthChanged(QStringLiteral("local"), name, health);
            });
    m_host->health().start();
    startHealthServer();
    m_fleet->setRegistry(m_effective.taskRegistry);
    m_ready = true;
    Q_EMIT ready();
    for (const auto &action : std::exchange(m_pending, {}))
        action();
}

void EngineBackend::setHealthCheckInterval(std::chrono::milliseconds interval)
{
    m_healthCheckInterval = std::max(interval, std::chrono::milliseconds(1));
    if (m_host)
        m_host->health().setThresholds(healthThresholds());
}

std::chrono::milliseconds EngineBackend::healthCheckInterval() const
{
    return std::chrono::milliseconds(healthThresholds().checkIntervalMs);
}

HealthThresholds EngineBackend::healthThresholds() const
{
    HealthThresholds thresholds = healthThresholdsFor(m_effective);
    // The console shows health live: check at least every five seconds.
    thresholds.checkIntervalMs = m_healthCheckInterval ? int(m_healthCheckInterval->count())
                                                       : std::min(thresholds.checkIntervalMs, 5000);
    thresholds.checkTimeoutMs = std::min(thresholds.checkTimeoutMs, 3000);
    return thresholds;
}

void EngineBackend::startHealthServer()
{
    // The console serves its own log stream too, so another console can follow it.
    auto listening = m_host->listen(m_effective.healthAddress, m_effective.healthPort);
    if (!listening) // another process has the configured port: any free port will do here
        listening = m_host->listen(m_effective.healthAddress, 0);
    if (listening)
        Q_EMIT healthServerChanged(listening->toString(), true);
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
    // What the user set is kept as set (an empty URL means "the embedded service", always);
    // what the engine uses has the embedded services' URLs filled in.
    m_config = config;
    if (needsEmbeddedServices(m_config) && !m_stack) {
        startEmbeddedServices(); // applied again once they listen
        return;
    }
    m_effective = resolved(m_config);
    m_logs->setThreshold(m_effective.logLevel);
    // A new API key is masked from now on, and the checks ask the LLM the settings name.
    SecretMasker masker;
    masker.addKnownSecrets(m_effective.secrets());
    m_logs->setMasker(masker);
    if (m_host)
        m_host->applyConfig(m_effective, healthThresholds());
    m_prompts->setConfig(m_effective.llm, m_effective.retry);
    if (m_ready)
        m_fleet->setRegistry(m_effective.taskRegistry);
    for (const auto &attachment : m_attachments)
        attachment->setBearerToken(m_config.healthToken);
    if (!m_config.tlsCaFile.isEmpty())
        if (const Status trusted = trustCertificateAuthorities(m_config.tlsCaFile); !trusted)
            Q_EMIT notice(tr("The certificate authorities in tls.ca_file cannot be used: %1")
                              .arg(trusted.errorMessage()),
                          true);
    Q_EMIT addressesChanged();
}

QMap<QString, ServiceAddress> EngineBackend::serviceAddresses() const
{
    const auto address = [](const QString &configured, const QString &effective) {
        return ServiceAddress{effective, configured.isEmpty()};
    };
    return {{QStringLiteral("task_registry"),
             address(m_config.taskRegistry.url, m_effective.taskRegistry.url)},
            {QStringLiteral("repo_pool"), address(m_config.repoPool.url, m_effective.repoPool.url)},
            {QStringLiteral("artifact_store"),
             address(m_config.artifactStore.url, m_effective.artifactStore.url)},
            {QStringLiteral("llm"), address(m_config.llm.baseUrl, m_effective.llm.baseUrl)}};
}

void EngineBackend::runDemo()
{
    whenReady([this] { m_host->feeder().start(DemoSeeder::specName(), 250); });
}

void EngineBackend::stopTakingTasks()
{
    if (m_host && m_host->feeder().isRunning()) {
        m_host->feeder().stop();
        Q_EMIT notice(tr("Stopped taking tasks."), false);
    }
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
        m_host->pool().enqueue(task.value());
    });
}

void EngineBackend::cancelRun(const QString &runId)
{
    if (m_host)
        m_host->pool().cancel(runId);
}

TaskRegistryClient &EngineBackend::registryClient()
{
    if (!m_http)
        m_http = std::make_unique<HttpClient>(&m_network, m_logger.child(u"http"),
                                              RetryPolicy(m_effective.retry));
    if (!m_registry || m_registry->endpoint() != m_effective.taskRegistry)
        m_registry = std::make_unique<TaskRegistryClient>(*m_http, m_effective.taskRegistry);
    return *m_registry;
}

void EngineBackend::retryRun(const QString &runId)
{
    if (!m_host)
        return;
    const QList<RunSnapshot> runs = m_host->pool().runs();
    const auto found = std::find_if(runs.begin(), runs.end(),
                                    [&](const RunSnapshot &r) { return r.runId == runId; });
    if (found == runs.end() || found->outcome == RunOutcome::Pending ||
        found->outcome == RunOutcome::Running || found->outcome == RunOutcome::Completed)
        return;
    const RunSnapshot &run = *found;
    const QString who = QStringLiteral("console-%1").arg(QCoreApplication::applicationPid());
    const QJsonObject retried{{QStringLiteral("retried_by"), who},
                              {QStringLiteral("previous_run"), runId},
                              {QStringLiteral("previous_error"), run.error},
                              {QStringLiteral("reason"), QStringLiteral("retried by the user")}};
    const auto failed = [this, run](const Error &error) {
        Q_EMIT notice(tr("Cannot retry task %1: %2").arg(run.taskId, error.message), true);
    };
    registryClient().updateStatus(
        run.specName, run.taskId, QStringLiteral("ready"), retried, this,
        [this, run, retried, failed](const Result<Ok> &ready) {
            if (!ready)
                return failed(ready.error());
            registryClient().addEvent(run.specName, run.taskId, QStringLiteral("TaskReady"),
                                      retried, this, [](const Result<Ok> &) {});
            // While the task set is being taken, the intake takes the task like any ready one
            // (running it here too could run it twice).
            if (m_host && m_host->feeder().isRunning() &&
                (m_host->feeder().spec().isEmpty() || m_host->feeder().spec() == run.specName))
                return;
            registryClient().getTask(
                run.specName, run.taskId, this, [this, run, failed](Result<QJsonObject> task) {
                    if (!task)
                        return failed(task.error());
                    const auto context = TaskFeeder::taskFromRegistry(task.value());
                    if (!context)
                        return failed(context.error());
                    m_logger.info(QStringLiteral("task %1 of %2 retried by the user")
                                      .arg(run.taskId, run.specName),
                                  {{QStringLiteral("previous_run"), run.runId}});
                    m_host->pool().enqueue(context.value());
                });
        });
}

void EngineBackend::setParallelRunners(int count)
{
    m_config.maxParallelRunners = count;
    m_effective.maxParallelRunners = count;
    if (m_host)
        m_host->pool().setMaxParallel(count);
}

QString EngineBackend::resendPrompt(const ChatRequest &request, const PromptOrigin &origin)
{
    QString requestId = m_prompts->newRequestId();
    whenReady([this, request, origin, requestId] { m_prompts->send(requestId, request, origin); });
    return requestId;
}

void EngineBackend::attach(const QUrl &workerUrl)
{
    const QString label = WorkerAttachment::labelFor(workerUrl);
    if (m_host && m_host->server().isListening()) {
        const QUrl own = m_host->server().url();
        const bool loopback = QHostAddress(workerUrl.host()).isLoopback() ||
                              workerUrl.host() == QLatin1String("localhost");
        if (workerUrl.port(80) == own.port() && (loopback || workerUrl.host() == own.host())) {
            // Following itself would feed every entry back into its own stream.
            Q_EMIT notice(tr("%1 is this console's own health server, not a worker.").arg(label),
                          true);
            return;
        }
    }
    if (attachment(label)) {
        Q_EMIT notice(tr("The worker %1 is already attached.").arg(label), false);
        return;
    }
    auto attachment = std::make_unique<WorkerAttachment>(workerUrl, m_hub);
    // One token for the fleet's workers; known before the embedded services are up.
    attachment->setBearerToken(m_config.healthToken);
    connect(attachment.get(), &WorkerAttachment::runChanged, this, &ConsoleBackend::runChanged);
    connect(attachment.get(), &WorkerAttachment::llmExchangeRecorded, this,
            &ConsoleBackend::llmExchangeRecorded);
    connect(attachment.get(), &WorkerAttachment::serviceHealthChanged, this,
            &ConsoleBackend::serviceHealthChanged);
    connect(attachment.get(), &WorkerAttachment::notice, this, &ConsoleBackend::notice);
    attachment->setPinnedCertificate(pinnedCertificateFor(label));
    connect(attachment.get(), &WorkerAttachment::certificateUntrusted, this,
            [this, workerUrl](const QString &fingerprint, const QString &description) {
                Q_EMIT workerCertificateUntrusted(workerUrl, fingerprint, description);
            });
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

WorkerAttachment *EngineBackend::attachment(const QString &label) const
{
    for (const auto &attachment : m_attachments)
        if (attachment->label() == label)
            return attachment.get();
    return nullptr;
}

void EngineBackend::setAttachToAllWorkers(bool on)
{
    m_fleet->setAttachToAll(on);
}

bool EngineBackend::attachesToAllWorkers() const
{
    return m_fleet->attachesToAll();
}

QString EngineBackend::fleetRegistryUrl() const
{
    return m_fleet->registryUrl();
}

QString EngineBackend::pinnedCertificateFor(const QString &label)
{
    return QSettings().value(QStringLiteral("tls/pinned/") + label).toString();
}

void EngineBackend::pinWorkerCertificate(const QUrl &workerUrl, const QString &fingerprint)
{
    const QString label = WorkerAttachment::labelFor(workerUrl);
    QSettings().setValue(QStringLiteral("tls/pinned/") + label, fingerprint);
    m_logger.info(
        QStringLiteral("trusting the certificate %1 for the worker %2").arg(fingerprint, label),
        {{QStringLiteral("source"), label}});
    if (WorkerAttachment *pinned = attachment(label))
        pinned->setPinnedCertificate(fingerprint);
}

QString EngineBackend::fleetProblem() const
{
    return m_fleet->problem();
}

void EngineBackend::setFleetPollInterval(std::chrono::milliseconds interval)
{
    m_fleet->setPollIntervalMs(int(interval.count()));
}

QStringList EngineBackend::attachedWorkers() const
{
    QStringList labels;
    for (const auto &attachment : m_attachments)
        labels.append(attachment->label());
    return labels;
}

} // namespace necrocode
