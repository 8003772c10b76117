#include "engine/TaskFeeder.h"

#include "engine/RunnerPool.h"

#include <QJsonArray>

namespace necrocode {

TaskFeeder::TaskFeeder(RunnerPool &pool, const RunnerConfig &config, Logger logger,
                       QString workerId, QObject *parent)
    : QObject(parent), m_pool(pool), m_network(new QNetworkAccessManager(this)),
      m_logger(std::move(logger)), m_workerId(std::move(workerId)), m_poll(this)
{
    m_http = std::make_unique<HttpClient>(m_network, m_logger, RetryPolicy(config.retry));
    m_registry = std::make_unique<TaskRegistryClient>(*m_http, config.taskRegistry);
    connect(&m_poll, &QTimer::timeout, this, &TaskFeeder::claimWhileRoom);
    connect(&m_pool, &RunnerPool::runFinished, this, &TaskFeeder::claimWhileRoom);
}

void TaskFeeder::start(const QString &spec, int pollIntervalMs)
{
    m_spec = spec;
    m_running = true;
    m_poll.start(pollIntervalMs);
    claimWhileRoom();
}

void TaskFeeder::stop()
{
    m_running = false;
    m_poll.stop();
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
    if (!m_running || m_claiming ||
        m_pool.runningCount() + m_pool.queuedCount() >= m_pool.maxParallel())
        return;
    m_claiming = true;
    m_registry->claimNext(m_workerId, m_spec, this, [this](Result<QJsonObject> claimed) {
        m_claiming = false;
        if (!m_running)
            return;
        if (!claimed) {
            Q_EMIT claimFailed(claimed.errorMessage());
            return;
        }
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
            claimWhileRoom();
            return;
        }
        ++m_claimed;
        m_logger.info(QStringLiteral("claimed task %1 of %2").arg(task->taskId, task->specName),
                      {{QStringLiteral("worker_id"), m_workerId}});
        m_pool.enqueue(task.value(), QStringLiteral("local"), true);
        claimWhileRoom();
    });
}

} // namespace necrocode
