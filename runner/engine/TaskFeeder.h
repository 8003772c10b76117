// Keeps a runner pool busy with ready tasks from the Task Registry: claims the next ready task
// (ready → running on the registry, so two workers never take the same task) whenever the pool
// has room, and reports when nothing is ready and nothing runs any more. A task claimed after
// stop() is handed back (ready again); a claimed task that cannot be run is marked failed, so no
// task stays "running" in the registry without a runner. While the registry cannot be reached
// it backs off (1 s doubling up to 30 s) and says so once, and once more when it is back.
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
    bool isRunning() const { return m_running; }
    const QString &spec() const { return m_spec; }
    // The registry to claim from from now on (a changed setting); the back-off starts over.
    void setConfig(const RunnerConfig &config);
    // While the registry cannot be reached: why, and when the next attempt is due (ms).
    bool isWaiting() const { return !m_problem.isEmpty(); }
    const QString &problem() const { return m_problem; }

    static constexpr int kFirstBackoffMs = 1000;
    static constexpr int kMaxBackoffMs = 30000;
    // A claim or a hand-back is still waiting for the registry.
    bool isBusy() const { return m_claiming || m_reportsInFlight > 0; }
    int claimedCount() const { return m_claimed; }

    // A registry task ({"id","spec_name","title",...}) as a task context.
    static Result<TaskContext> taskFromRegistry(const QJsonObject &task);

Q_SIGNALS:
    // Nothing was ready at the last look and the pool is idle.
    void exhausted();
    // The registry could not be reached: once when that starts (not on every attempt).
    void claimFailed(const QString &error);
    // The registry answers again after claimFailed().
    void recovered();
    // Every change of running / problem / next attempt, for a status line.
    void stateChanged(bool running, const QString &problem, int retryInMs);
    // Stopped and nothing is waiting for the registry any more.
    void settled();

private:
    void claimWhileRoom();
    // Sets a claimed task's state back (ready, or failed with the reason).
    void reportClaimed(const QJsonObject &task, const QString &state, const QJsonObject &metadata);
    void settleIfStopped();
    void onClaimError(const QString &error);
    void onClaimAnswered();

    RunnerPool &m_pool;
    QNetworkAccessManager *m_network;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<TaskRegistryClient> m_registry;
    Logger m_logger;
    QString m_workerId;
    QString m_spec;
    QTimer m_poll;
    QTimer m_backoff;
    int m_leaseSeconds = 60; // asked for with each claim
    int m_pollIntervalMs = 1000;
    int m_failures = 0;
    QString m_problem;
    bool m_claiming = false;
    int m_reportsInFlight = 0;
    bool m_running = false;
    int m_claimed = 0;
};

} // namespace necrocode
