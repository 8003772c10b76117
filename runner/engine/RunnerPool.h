// Runs queued tasks on worker threads: each worker thread has its own event loop and its own
// AgentRunner (with its own network access manager). At most maxParallel() tasks run at once.
// Lives in the thread that created it; every signal arrives there.
#pragma once

#include "core/RunnerConfig.h"
#include "core/TaskContext.h"
#include "engine/AgentRunner.h"
#include "engine/LlmExchange.h"
#include "engine/ReportOutbox.h"
#include "engine/RunSnapshot.h"

#include <QHash>
#include <QObject>
#include <QQueue>

#include <memory>

class QThread;

namespace necrocode {

class LogDispatcher;
class MetricsRegistry;

class RunnerPool : public QObject
{
    Q_OBJECT

public:
    RunnerPool(RunnerConfig config, std::shared_ptr<LogDispatcher> logs,
               MetricsRegistry *registry = nullptr, QObject *parent = nullptr);
    ~RunnerPool() override; // cancels what runs and joins every thread

    // Configuration for runners started from now on (existing runners keep theirs).
    void setConfig(const RunnerConfig &config);
    const RunnerConfig &config() const { return m_config; }

    // Queues a task and returns its run id. `claimedFromRegistry`: the registry already marked
    // the task running for this process (TaskFeeder), so the runner does not look it up again.
    QString enqueue(const TaskContext &task, const QString &source = QStringLiteral("local"),
                    bool claimedFromRegistry = false);
    // A queued run is dropped; a running one is cancelled (its failure is reported with the
    // reason, e.g. "cancelled: by the user").
    void cancel(const QString &runId, const QString &reason = QStringLiteral("by the user"));
    void cancelAll(const QString &reason = QStringLiteral("by the user"));

    void setMaxParallel(int count);
    int maxParallel() const { return m_maxParallel; }
    int runningCount() const;
    int queuedCount() const { return int(m_queue.size()); }
    bool isIdle() const { return runningCount() == 0 && m_queue.isEmpty(); }
    // Queued and running runs, and the most recent finished ones (at most kFinishedRunsKept, so
    // that a long-lived worker does not grow without bound), in the order they were queued.
    QList<RunSnapshot> runs() const;
    static constexpr int kFinishedRunsKept = 1000;

    // Cancels everything and waits for the runners to report, at most `timeoutMs`.
    void stop(int timeoutMs = 30000);

    // Reports the registry did not take in time, sent again until it does.
    ReportOutbox &outbox() { return *m_outbox; }

Q_SIGNALS:
    void runChanged(const necrocode::RunSnapshot &run);
    void llmExchangeRecorded(const necrocode::LlmExchange &exchange);
    void runFinished(const necrocode::RunSnapshot &run, const necrocode::RunnerResult &result,
                     const necrocode::ExecutionMetrics &metrics);
    // The queue is empty and no task runs.
    void drained();

private:
    struct Worker
    {
        QThread *thread = nullptr;
        QObject *context = nullptr;    // lives in `thread`: the target for creating its runner
        AgentRunner *runner = nullptr; // lives in `thread`
        QString runId;                 // empty when idle
    };
    struct Queued
    {
        QString runId;
        TaskContext task;
        qint64 queuedAtMs = 0;
        bool claimedFromRegistry = false;
    };

    void addWorker();
    AgentRunner *ensureRunner(std::size_t index);
    void dispatch();
    void onRunnerFinished(int workerIndex, const RunnerResult &result,
                          const ExecutionMetrics &metrics);
    void update(const QString &runId, const std::function<void(RunSnapshot &)> &change);
    void forgetOldFinishedRuns();

    RunnerConfig m_config;
    std::shared_ptr<LogDispatcher> m_logs;
    std::unique_ptr<ReportOutbox> m_outbox; // outlives every runner: destroyed after them
    MetricsRegistry *m_registry;
    int m_maxParallel;
    std::vector<Worker> m_workers;
    QQueue<Queued> m_queue;
    QHash<QString, RunSnapshot> m_runs;
    QStringList m_runOrder;
    quint64 m_nextRun = 0;
    bool m_stopping = false;
};

} // namespace necrocode
