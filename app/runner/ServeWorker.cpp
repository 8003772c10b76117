#include "ServeWorker.h"

#include "engine/RunnerPool.h"
#include "engine/TaskFeeder.h"
#include "health/RunnerServiceChecks.h"
#include "health/ServiceHealthMonitor.h"
#include "host/EngineHost.h"
#include "host/WorkerHeartbeat.h"

namespace necrocode {

ServeWorker::ServeWorker(RunnerConfig config, std::shared_ptr<LogDispatcher> logs,
                         ServeOptions options, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_logs(std::move(logs)),
      m_hub(std::make_shared<LogHub>()), m_options(std::move(options)),
      m_logger(m_logs, QStringLiteral("necrocode.runner.serve"))
{
    m_logs->addSink(m_hub);
    m_host = std::make_unique<EngineHost>(m_config, m_logs, m_hub, m_options.workerId,
                                          healthThresholdsFor(m_config), m_logger);
    connect(
        &m_host->pool(), &RunnerPool::runFinished, this,
        [this](const RunSnapshot &, const RunnerResult &result, const ExecutionMetrics &metrics) {
            Q_EMIT runFinished(metrics, result.success);
        });
    connect(&m_host->pool(), &RunnerPool::drained, this, &ServeWorker::finishIfIdle,
            Qt::QueuedConnection);
    connect(&m_host->feeder(), &TaskFeeder::settled, this, &ServeWorker::finishIfIdle,
            Qt::QueuedConnection);
    m_grace.setSingleShot(true);
    connect(&m_grace, &QTimer::timeout, this, &ServeWorker::cancelRemaining);
    m_heartbeat =
        std::make_unique<WorkerHeartbeat>(m_host->pool(), m_config, m_options.workerId, m_logger);
}

ServeWorker::~ServeWorker()
{
    m_heartbeat.reset();
    // What still runs is cancelled and reported before the threads go.
    m_host->feeder().stop();
    m_host->pool().stop();
    m_host.reset();
    m_logs->removeSink(m_hub);
}

Result<QUrl> ServeWorker::start()
{
    const auto url = m_host->listen(m_config.healthAddress, m_config.healthPort);
    if (!url)
        return url.error();
    m_host->health().start();
    m_host->feeder().start(m_options.spec, m_options.pollIntervalMs);
    m_heartbeat->start(url.value());
    m_logger.info(
        QStringLiteral("worker %1 serving on %2").arg(m_options.workerId, url->toString()),
        {{QStringLiteral("worker_id"), m_options.workerId},
         {QStringLiteral("url"), url->toString()},
         {QStringLiteral("parallel"), m_host->pool().maxParallel()},
         {QStringLiteral("spec"), m_options.spec}});
    return url.value();
}

void ServeWorker::stop()
{
    if (m_stopping) {
        m_logger.warning(QStringLiteral("second stop request: cancelling the running tasks now"));
        cancelRemaining();
        return;
    }
    m_stopping = true;
    m_host->setStopping(true);
    m_host->feeder().stop();
    m_logger.info(QStringLiteral("stopping: no new task; %1 running, waiting up to %2 s")
                      .arg(m_host->pool().runningCount())
                      .arg(m_options.graceSeconds),
                  {{QStringLiteral("running"), m_host->pool().runningCount()},
                   {QStringLiteral("grace_seconds"), m_options.graceSeconds}});
    m_grace.start(std::max(0, m_options.graceSeconds) * 1000);
    finishIfIdle();
}

void ServeWorker::cancelRemaining()
{
    if (m_host->pool().isIdle()) {
        finishIfIdle();
        return;
    }
    m_logger.warning(
        QStringLiteral("cancelling %1 running task(s)").arg(m_host->pool().runningCount()),
        {{QStringLiteral("running"), m_host->pool().runningCount()}});
    m_host->pool().cancelAll(QStringLiteral("the worker is shutting down"));
}

void ServeWorker::finishIfIdle()
{
    if (!m_stopping || m_stopped || !m_host->pool().isIdle() || m_host->feeder().isBusy())
        return;
    m_stopped = true;
    m_grace.stop();
    m_host->health().stop();
    m_logger.info(QStringLiteral("worker %1 stopped after %2 task(s)")
                      .arg(m_options.workerId)
                      .arg(m_host->feeder().claimedCount()),
                  {{QStringLiteral("worker_id"), m_options.workerId},
                   {QStringLiteral("claimed"), m_host->feeder().claimedCount()}});
    // The fleet's list shows it stopped, not lost.
    m_heartbeat->goodbye([this] { Q_EMIT stopped(); });
}

} // namespace necrocode
