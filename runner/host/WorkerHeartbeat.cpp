#include "host/WorkerHeartbeat.h"

#include "engine/RunnerPool.h"

#include <QCoreApplication>
#include <QHostInfo>
#include <QJsonArray>

namespace necrocode {

namespace {
constexpr int kGoodbyeTimeoutMs = 3000;
}

WorkerHeartbeat::WorkerHeartbeat(RunnerPool &pool, const RunnerConfig &config, QString workerId,
                                 Logger logger, QObject *parent)
    : QObject(parent), m_pool(pool), m_workerId(std::move(workerId)),
      m_intervalSeconds(config.heartbeatSeconds), m_logger(std::move(logger))
{
    RetryConfig once = config.retry;
    once.maxAttempts = 1; // the next heartbeat is the retry
    m_http = std::make_unique<HttpClient>(&m_network, m_logger, RetryPolicy(once));
    m_registry = std::make_unique<TaskRegistryClient>(*m_http, config.taskRegistry);
    connect(&m_pool, &RunnerPool::runFinished, this, [this] { ++m_completed; });
    m_timer.setInterval(m_intervalSeconds * 1000);
    connect(&m_timer, &QTimer::timeout, this, &WorkerHeartbeat::beat);
}

void WorkerHeartbeat::start(const QUrl &healthUrl)
{
    m_healthUrl = healthUrl;
    m_timer.start();
    beat();
}

QJsonObject WorkerHeartbeat::body(bool stopping) const
{
    QJsonArray running;
    for (const RunSnapshot &run : m_pool.runs()) {
        if (run.outcome != RunOutcome::Running)
            continue;
        running.append(QJsonObject{{QStringLiteral("task_id"), run.taskId},
                                   {QStringLiteral("spec_name"), run.specName},
                                   {QStringLiteral("runner_id"), run.runnerId},
                                   {QStringLiteral("phase"), runPhaseName(run.phase)}});
    }
    return {{QStringLiteral("host"), QHostInfo::localHostName()},
            {QStringLiteral("version"), QCoreApplication::applicationVersion()},
            {QStringLiteral("health_url"), m_healthUrl.toString()},
            {QStringLiteral("capacity"), m_pool.maxParallel()},
            {QStringLiteral("running"), running},
            {QStringLiteral("completed"), m_completed},
            {QStringLiteral("interval_seconds"), m_intervalSeconds},
            {QStringLiteral("stopping"), stopping}};
}

void WorkerHeartbeat::beat()
{
    m_call = m_registry->heartbeat(m_workerId, body(false), this, [this](const Result<Ok> &sent) {
        if (!sent && !m_unreachable) {
            m_unreachable = true;
            m_logger.warning(QStringLiteral("the task registry does not take this worker's "
                                            "heartbeat: %1; the fleet sees it as lost until it "
                                            "does")
                                 .arg(sent.errorMessage()),
                             {{QStringLiteral("service"), QStringLiteral("task_registry")},
                              {QStringLiteral("worker_id"), m_workerId}});
        } else if (sent && m_unreachable) {
            m_unreachable = false;
            m_logger.info(QStringLiteral("the task registry takes this worker's heartbeat again"),
                          {{QStringLiteral("worker_id"), m_workerId}});
        }
    });
}

void WorkerHeartbeat::goodbye(std::function<void()> done)
{
    m_timer.stop();
    auto finished = std::make_shared<bool>(false);
    auto once = [done = std::move(done), finished] {
        if (std::exchange(*finished, true))
            return;
        done();
    };
    QTimer::singleShot(kGoodbyeTimeoutMs, this, once);
    m_call =
        m_registry->heartbeat(m_workerId, body(true), this, [once](const Result<Ok> &) { once(); });
}

} // namespace necrocode
