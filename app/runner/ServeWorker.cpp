#include "ServeWorker.h"

#include "engine/RunnerPool.h"
#include "engine/SandboxSettings.h"
#include "engine/TaskFeeder.h"
#include "health/HealthServer.h"
#include "health/RunnerServiceChecks.h"
#include "health/ServiceHealthMonitor.h"
#include "metrics/MetricsRegistry.h"

#include <QHostAddress>
#include <QJsonArray>

namespace necrocode {

ServeWorker::ServeWorker(RunnerConfig config, std::shared_ptr<LogDispatcher> logs,
                         ServeOptions options, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_logs(std::move(logs)),
      m_hub(std::make_shared<LogHub>()), m_options(std::move(options)),
      m_logger(m_logs, QStringLiteral("necrocode.runner.serve"))
{
    m_logs->addSink(m_hub);
    m_pool = std::make_unique<RunnerPool>(m_config, m_logs, &MetricsRegistry::global());
    m_feeder = std::make_unique<TaskFeeder>(*m_pool, m_config, m_logger.child(u"feeder"),
                                            m_options.workerId);
    m_health = std::make_unique<ServiceHealthMonitor>(healthThresholdsFor(m_config));
    registerRunnerServices(*m_health, &m_network, m_config, m_health->thresholds().checkTimeoutMs);
    logServiceHealthChanges(*m_health, m_logger.child(u"health"));
    m_server = std::make_unique<HealthServer>(
        HealthServerProviders{[this] { return status(); }, [this] { return readiness(); },
                              [] { return MetricsRegistry::global().exposition(); }, m_hub});
    m_server->setMaxLogStreams(m_config.healthMaxLogStreams);
    logSandboxStatus(m_logger, m_config);

    connect(
        m_pool.get(), &RunnerPool::runFinished, this,
        [this](const RunSnapshot &, const RunnerResult &result, const ExecutionMetrics &metrics) {
            Q_EMIT runFinished(metrics, result.success);
        });
    connect(m_pool.get(), &RunnerPool::drained, this, &ServeWorker::finishIfIdle,
            Qt::QueuedConnection);
    connect(m_feeder.get(), &TaskFeeder::settled, this, &ServeWorker::finishIfIdle,
            Qt::QueuedConnection);
    m_grace.setSingleShot(true);
    connect(&m_grace, &QTimer::timeout, this, &ServeWorker::cancelRemaining);
}

ServeWorker::~ServeWorker()
{
    m_feeder->stop();
    m_pool->stop();
    m_logs->removeSink(m_hub);
}

Result<QUrl> ServeWorker::start()
{
    const QHostAddress address(m_config.healthAddress);
    if (address.isNull())
        return makeError(
            QStringLiteral("health.address '%1' is not an IP address").arg(m_config.healthAddress),
            QStringLiteral("config"));
    const auto port = m_server->listen(address, quint16(m_config.healthPort));
    if (!port)
        return port.error();
    const QUrl url = m_server->url();
    m_health->start();
    m_feeder->start(m_options.spec, m_options.pollIntervalMs);
    m_logger.info(QStringLiteral("worker %1 serving on %2").arg(m_options.workerId, url.toString()),
                  {{QStringLiteral("worker_id"), m_options.workerId},
                   {QStringLiteral("url"), url.toString()},
                   {QStringLiteral("parallel"), m_pool->maxParallel()},
                   {QStringLiteral("spec"), m_options.spec}});
    return url;
}

void ServeWorker::stop()
{
    if (m_stopping) {
        m_logger.warning(QStringLiteral("second stop request: cancelling the running tasks now"));
        cancelRemaining();
        return;
    }
    m_stopping = true;
    m_feeder->stop();
    m_logger.info(QStringLiteral("stopping: no new task; %1 running, waiting up to %2 s")
                      .arg(m_pool->runningCount())
                      .arg(m_options.graceSeconds),
                  {{QStringLiteral("running"), m_pool->runningCount()},
                   {QStringLiteral("grace_seconds"), m_options.graceSeconds}});
    m_grace.start(std::max(0, m_options.graceSeconds) * 1000);
    finishIfIdle();
}

void ServeWorker::cancelRemaining()
{
    if (m_pool->isIdle()) {
        finishIfIdle();
        return;
    }
    m_logger.warning(QStringLiteral("cancelling %1 running task(s)").arg(m_pool->runningCount()),
                     {{QStringLiteral("running"), m_pool->runningCount()}});
    m_pool->cancelAll(QStringLiteral("the worker is shutting down"));
}

void ServeWorker::finishIfIdle()
{
    if (!m_stopping || m_stopped || !m_pool->isIdle() || m_feeder->isBusy())
        return;
    m_stopped = true;
    m_grace.stop();
    m_health->stop();
    m_logger.info(QStringLiteral("worker %1 stopped after %2 task(s)")
                      .arg(m_options.workerId)
                      .arg(m_feeder->claimedCount()),
                  {{QStringLiteral("worker_id"), m_options.workerId},
                   {QStringLiteral("claimed"), m_feeder->claimedCount()}});
    Q_EMIT stopped();
}

HealthStatus ServeWorker::status() const
{
    HealthStatus status = m_health->status();
    status.runnerId = m_options.workerId;
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

Readiness ServeWorker::readiness() const
{
    Readiness readiness = m_health->readiness(runnerServiceNames());
    readiness.stopping = m_stopping;
    return readiness;
}

} // namespace necrocode
