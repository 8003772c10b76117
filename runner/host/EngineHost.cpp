#include "host/EngineHost.h"

#include "engine/RunnerPool.h"
#include "engine/SandboxSettings.h"
#include "engine/TaskFeeder.h"
#include "health/HealthServer.h"
#include "health/RunnerServiceChecks.h"
#include "health/ServiceHealthMonitor.h"
#include "log/LogHub.h"
#include "metrics/MetricsRegistry.h"
#include "tls/TlsFiles.h"

#include <QHostAddress>
#include <QJsonArray>

namespace necrocode {

EngineHost::EngineHost(const RunnerConfig &config, const std::shared_ptr<LogDispatcher> &logs,
                       std::shared_ptr<LogHub> hub, QString workerId, HealthThresholds thresholds,
                       Logger logger, QObject *parent)
    : QObject(parent), m_workerId(std::move(workerId)), m_logger(std::move(logger))
{
    m_pool = std::make_unique<RunnerPool>(config, logs, &MetricsRegistry::global());
    m_feeder = std::make_unique<TaskFeeder>(*m_pool, config, m_logger.child(u"feeder"), m_workerId);
    m_health = std::make_unique<ServiceHealthMonitor>(thresholds);
    registerRunnerServices(*m_health, &m_network, config, m_health->thresholds().checkTimeoutMs);
    logServiceHealthChanges(*m_health, m_logger.child(u"health"));
    m_server = std::make_unique<HealthServer>(HealthServerProviders{
        [this] { return status(); }, [this] { return readiness(); },
        [] { return MetricsRegistry::global().exposition(); }, std::move(hub)});
    m_server->setMaxLogStreams(config.healthMaxLogStreams);
    m_server->setBearerToken(config.healthToken);
    m_tlsCertificateFile = config.healthTlsCertificateFile;
    m_tlsKeyFile = config.healthTlsKeyFile;
    logSandboxStatus(m_logger, config);
}

EngineHost::~EngineHost()
{
    m_feeder->stop();
}

Result<QUrl> EngineHost::listen(const QString &address, int port)
{
    const QHostAddress host(address);
    if (host.isNull())
        return makeError(QStringLiteral("health.address '%1' is not an IP address").arg(address),
                         QStringLiteral("config"));
    if (!m_tlsCertificateFile.isEmpty()) {
        Result<QSslConfiguration> tls = loadServerTls(m_tlsCertificateFile, m_tlsKeyFile);
        if (!tls)
            return makeError(QStringLiteral("health server TLS: %1").arg(tls.errorMessage()),
                             QStringLiteral("config"));
        m_server->setTls(*tls);
    }
    const auto listening = m_server->listen(host, quint16(port));
    if (!listening)
        return listening.error();
    return m_server->url();
}

void EngineHost::applyConfig(const RunnerConfig &config, const HealthThresholds &thresholds)
{
    m_pool->setConfig(config);
    m_feeder->setConfig(config);
    m_health->setThresholds(thresholds);
    if (!m_server->setBearerToken(config.healthToken))
        m_logger.warning(QStringLiteral("the health server keeps its token: it listens where "
                                        "other machines reach it"));
    registerRunnerServices(*m_health, &m_network, config, m_health->thresholds().checkTimeoutMs);
}

HealthStatus EngineHost::status() const
{
    HealthStatus status = m_health->status();
    status.runnerId = m_workerId;
    status.runnerState =
        m_pool->runningCount() > 0 ? QStringLiteral("running") : QStringLiteral("idle");
    QJsonArray running;
    for (const RunSnapshot &run : m_pool->runs()) {
        if (run.startedAtMs > 0 && run.finishedAtMs == 0) {
            running.append(
                QJsonObject{{QStringLiteral("task_id"), run.taskId},
                            {QStringLiteral("spec_name"), run.specName},
                            {QStringLiteral("runner_id"), run.runnerId},
                            {QStringLiteral("phase"), QString(runPhaseName(run.phase))}});
            if (status.currentTaskId.isEmpty()) {
                status.currentTaskId = run.taskId;
                status.currentSpecName = run.specName;
            }
        }
    }
    status.details.insert(QStringLiteral("running"), running);
    status.details.insert(QStringLiteral("queued"), m_pool->queuedCount());
    status.details.insert(QStringLiteral("parallel"), m_pool->maxParallel());
    status.details.insert(QStringLiteral("claimed"), m_feeder->claimedCount());
    status.details.insert(QStringLiteral("stopping"), m_stopping);
    status.details.insert(QStringLiteral("unsent_reports"), m_pool->outbox().pendingCount());
    return status;
}

Readiness EngineHost::readiness() const
{
    Readiness readiness = m_health->readiness(runnerServiceNames());
    readiness.stopping = m_stopping;
    return readiness;
}

} // namespace necrocode
