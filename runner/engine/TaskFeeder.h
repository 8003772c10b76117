// Keeps a runner pool busy with ready tasks from the Task Registry: claims the next ready task
// (ready → running on the registry, so two workers never take the same task) whenever the pool
// has room, and reports when nothing is ready and nothing runs any more. A task claimed after
// stop() is handed back (ready again); a claimed task that cannot be run is marked failed, so no
// task stays "running" in the registry without a runner.
#pragma once

#include "core/RunnerConfig.h"
#include "core/TaskContext.h"
#include "net/TaskRegistryClient.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>

#include <memory>

namespace necrocode {

class RunnerPool;

class TaskFeeder : public QObject
{
    Q_OBJECT

public:
    TaskFeeder(RunnerPool &pool, const RunnerConfig &config, Logger logger, QString workerId,
               QObject *parent = nullptr);

    // `spec` empty: tasks of every spec.
    void start(const QString &spec = {}, int pollIntervalMs = 1000);
    void stop();
    // A claim or a hand-back is still waiting for the registry.
    bool isBusy() const { return m_claiming || m_reportsInFlight > 0; }
    int claimedCount() const { return m_claimed; }

    // A registry task ({"id","spec_name","title",...}) as a task context.
    static Result<TaskContext> taskFromRegistry(const QJsonObject &task);

Q_SIGNALS:
    // Nothing was ready at the last look and the pool is idle.
    void exhausted();
    void claimFailed(const QString &error);
    // Stopped and nothing is waiting for the registry any more.
    void settled();

private:
    void claimWhileRoom();
    // Sets a claimed task's state back (ready, or failed with the reason).
    void reportClaimed(const QJsonObject &task, const QString &state, const QJsonObject &metadata);
    void settleIfStopped();

    RunnerPool &m_pool;
    QNetworkAccessManager *m_network;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<TaskRegistryClient> m_registry;
    Logger m_logger;
    QString m_workerId;
    QString m_spec;
    QTimer m_poll;
    bool m_claiming = false;
    int m_reportsInFlight = 0;
    bool m_running = false;
    int m_claimed = 0;
};

} // namespace necrocode
