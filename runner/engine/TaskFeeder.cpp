#include "engine/TaskFeeder.h"

#include "engine/RunnerPool.h"

#include <QJsonArray>

namespace necrocode {

TaskFeeder::TaskFeeder(RunnerPool &pool, const RunnerConfig &config, Logger logger,
                       QString workerId, QObject *parent)
    : QObject(parent), m_pool(pool), m_network(new QNetworkAccessManager(this)),
      m_logger(std::move(logger)), m_workerId(std::move(workerId)), m_poll(this)
{
    setConfig(config);
    m_backoff.setSingleShot(true);
    connect(&m_poll, &QTimer::timeout, this, &TaskFeeder::claimWhileRoom);
    connect(&m_backoff, &QTimer::timeout, this, &TaskFeeder::claimWhileRoom);
    connect(&m_pool, &RunnerPool::runFinished, this, &TaskFeeder::claimWhileRoom);
}

void TaskFeeder::setConfig(const RunnerConfig &config)
{
    m_http = std::make_unique<HttpClient>(m_network, m_logger, RetryPolicy(config.retry));
    // A claim still in flight answers through its own call; the next one goes to the new
    // registry.
    m_registry = std::make_unique<TaskRegistryClient>(*m_http, config.taskRegistry);
    m_leaseSeconds = config.taskLeaseSeconds;
    m_failures = 0;
    if (m_backoff.isActive()) {
        m_backoff.stop();
        QMetaObject::invokeMethod(this, &TaskFeeder::claimWhileRoom, Qt::QueuedConnection);
    }
}

void TaskFeeder::start(const QString &spec, int pollIntervalMs)
{
    m_spec = spec;
    m_running = true;
    m_pollIntervalMs = pollIntervalMs;
    m_poll.start(pollIntervalMs);
    Q_EMIT stateChanged(true, m_problem, 0);
    claimWhileRoom();
}

void TaskFeeder::stop()
{
    m_running = false;
    m_poll.stop();
    m_backoff.stop();
    m_failures = 0;
    m_problem.clear();
    Q_EMIT stateChanged(false, QString(), 0);
    settleIfStopped();
}

void TaskFeeder::onClaimError(const QString &error)
{
    ++m_failures;
    const int delay = int(
        std::min<qint64>(qint64(kFirstBackoffMs) << std::min(m_failures - 1, 16), kMaxBackoffMs));
    const bool first = m_problem.isEmpty();
    m_problem = error;
    if (first) {
        m_logger.warning(QStringLiteral("cannot take tasks from the task registry: %1; trying "
                                        "again with back-off up to %2 s")
                             .arg(error)
                             .arg(kMaxBackoffMs / 1000),
                         {{QStringLiteral("service"), QStringLiteral("task_registry")},
                          {QStringLiteral("worker_id"), m_workerId}});
        Q_EMIT claimFailed(error);
    }
    m_poll.stop();
    m_backoff.start(delay);
    Q_EMIT stateChanged(true, m_problem, delay);
}

void TaskFeeder::onClaimAnswered()
{
    m_failures = 0;
    if (m_problem.isEmpty())
        return;
    m_problem.clear();
    m_logger.info(QStringLiteral("the task registry answers again: taking tasks"),
                  {{QStringLiteral("service"), QStringLiteral("task_registry")},
                   {QStringLiteral("worker_id"), m_workerId}});
    m_poll.start(m_pollIntervalMs);
    Q_EMIT recovered();
    Q_EMIT stateChanged(true, QString(), 0);
}

void TaskFeeder::settleIfStopped()
{
    if (!m_running && !isBusy())
        Q_EMIT settled();
}

void TaskFeeder::reportClaimed(const QJsonObject &task, const QString &state,
                               const QJsonObject &metadata)
{
    const QString spec = task.value(QLatin1String("spec_name")).toString();
    const QString id = task.value(QLatin1String("id")).toString();
    ++m_reportsInFlight;
    m_registry->holdLease(spec, id, task.value(QLatin1String("lease_id")).toString());
    m_registry->updateStatus(
        spec, id, state, metadata, this, [this, spec, id, state](const Result<Ok> &done) {
            --m_reportsInFlight;
            m_registry->dropLease(spec, id);
            if (!done)
                m_logger.error(QStringLiteral("claimed task %1 of %2 could not be set %3: %4")
                                   .arg(id, spec, state, done.errorMessage()),
                               {{QStringLiteral("worker_id"), m_workerId}});
            settleIfStopped();
        });
}

Result<TaskContext> TaskFeeder::taskFromRegistry(const QJsonObject &task)
{
    QJsonObject context = task;
    context.insert(QStringLiteral("task_id"), task.value(QLatin1String("id")));
    // A task set may keep run settings in metadata; the task's own keys win.
    const QJsonObject metadata = task.value(QLatin1String("metadata")).toObject();
    for (const char *key : {"test_commands", "fail_fast", "timeout_seconds", "playbook_path",
                            "complexity", "related_files", "max_tokens", "branch_name"}) {
        const QString name = QString::fromLatin1(key);
        if (!context.contains(name) && metadata.contains(name))
            context.insert(name, metadata.value(name));
    }
    return TaskContext::fromJson(context);
}

void TaskFeeder::claimWhileRoom()
{
    if (!m_running || m_claiming || m_backoff.isActive() ||
        m_pool.runningCount() + m_pool.queuedCount() >= m_pool.maxParallel())
        return;
    m_claiming = true;
    m_registry->claimNext(
        m_workerId, m_spec, m_leaseSeconds, this, [this](Result<QJsonObject> claimed) {
            m_claiming = false;
            if (!m_running) {
                // Claimed while stopping: the task goes back for another worker.
                if (claimed && !claimed->isEmpty())
                    reportClaimed(claimed.value(), QStringLiteral("ready"),
                                  {{QStringLiteral("runner_id"), m_workerId},
                                   {QStringLiteral("note"),
                                    QStringLiteral("handed back: the worker stopped")}});
                settleIfStopped();
                return;
            }
            if (!claimed) {
                onClaimError(claimed.errorMessage());
                return;
            }
            onClaimAnswered();
            if (claimed->isEmpty()) {
                if (m_pool.isIdle())
                    Q_EMIT exhausted();
                return;
            }
            auto task = taskFromRegistry(claimed.value());
            if (!task) {
                m_logger.error(
                    QStringLiteral("claimed task is not runnable: %1").arg(task.errorMessage()),
                    {{QStringLiteral("task"), claimed.value()}});
                reportClaimed(claimed.value(), QStringLiteral("failed"),
                              {{QStringLiteral("runner_id"), m_workerId},
                               {QStringLiteral("error"), task.errorMessage()},
                               {QStringLiteral("error_type"), QStringLiteral("invalid_task")}});
                claimWhileRoom();
                return;
            }
            ++m_claimed;
            TaskContext leased = task.value();
            leased.leaseId = claimed->value(QLatin1String("lease_id")).toString();
            leased.leaseSeconds = m_leaseSeconds;
            leased.attempt = std::max(1, claimed->value(QLatin1String("attempts")).toInt(1));
            m_logger.info(QStringLiteral("claimed task %1 of %2").arg(task->taskId, task->specName),
                          {{QStringLiteral("worker_id"), m_workerId},
                           {QStringLiteral("lease_expires_at"),
                            claimed->value(QLatin1String("lease_expires_at"))}});
            m_pool.enqueue(leased, QStringLiteral("local"), true);
            claimWhileRoom();
        });
}

} // namespace necrocode
