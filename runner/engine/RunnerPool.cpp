#include "engine/RunnerPool.h"

#include "core/AnnouncedConnection.h"
#include "core/ThreadHandOff.h"
#include "engine/RunEventFold.h"
#include "log/Logger.h"

#include "log/LogDispatcher.h"
#include "metrics/ProjectMetrics.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QThread>

namespace necrocode {

RunnerPool::RunnerPool(RunnerConfig config, std::shared_ptr<LogDispatcher> logs,
                       MetricsRegistry *registry, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_logs(std::move(logs)), m_registry(registry),
      m_maxParallel(std::max(1, m_config.maxParallelRunners))
{
    m_outbox = std::make_unique<ReportOutbox>(
        m_config.taskRegistry, Logger(m_logs, QStringLiteral("necrocode.runner.outbox")));
    qRegisterMetaType<RunSnapshot>();
    qRegisterMetaType<RunEvent>();
    qRegisterMetaType<LlmExchange>();
    qRegisterMetaType<RunnerResult>();
    qRegisterMetaType<ExecutionMetrics>();
    qRegisterMetaType<RunnerState>();
    qRegisterMetaType<RunPhase>();
}

RunnerPool::~RunnerPool()
{
    stop(10000);
    // A runner is deleted in its own thread before that thread is asked to quit: a call queued
    // just before quit() may never run, which leaked runners. The blocking call also lets every
    // call queued earlier (a replaced runner's deleteLater) run first.
    for (Worker &w : m_workers) {
        QMetaObject::invokeMethod(
            w.context, ThreadHandOff::crossThreadCall([runner = w.runner] { delete runner; }),
            Qt::BlockingQueuedConnection);
        w.thread->quit();
        w.thread->wait();
        delete w.context; // its thread has finished: nothing can deliver to it any more
        delete w.thread;
    }
}

void RunnerPool::setConfig(const RunnerConfig &config)
{
    if (config.taskRegistry != m_config.taskRegistry)
        m_outbox->setRegistry(config.taskRegistry);
    m_config = config;
    // Idle runners are replaced lazily: a runner keeps the configuration it was made with.
    for (Worker &w : m_workers)
        if (w.runId.isEmpty() && w.runner) {
            QMetaObject::invokeMethod(w.runner, &QObject::deleteLater);
            w.runner = nullptr;
        }
    setMaxParallel(std::max(1, config.maxParallelRunners));
}

void RunnerPool::addWorker()
{
    Worker w;
    w.thread = new QThread;
    w.thread->setObjectName(QStringLiteral("runner-%1").arg(m_workers.size() + 1));
    w.context = new QObject;
    w.context->moveToThread(w.thread);
    w.thread->start();
    m_workers.push_back(w);
}

AgentRunner *RunnerPool::ensureRunner(std::size_t index)
{
    Worker &worker = m_workers[index];
    if (worker.runner)
        return worker.runner;
    // Made in its own thread so that its timers and network access manager live there.
    AgentRunner *runner = nullptr;
    QMetaObject::invokeMethod(worker.context, ThreadHandOff::crossThreadCall([&] {
                                  runner = new AgentRunner(m_config, m_logs, m_registry);
                                  runner->setOutbox(m_outbox.get());
                                  ThreadHandOff::handOff(&runner);
                              }),
                              Qt::BlockingQueuedConnection);
    ThreadHandOff::takeOver(&runner);
    worker.runner = runner;
    // Announced rather than plain queued connections: what a runner reports is copied in its
    // thread and read in this one (see core/AnnouncedConnection.h).
    connectAnnounced(runner, &AgentRunner::finished, this,
                     [this, index](const RunnerResult &r, const ExecutionMetrics &m) {
                         onRunnerFinished(int(index), r, m);
                     });
    connectAnnounced(runner, &AgentRunner::runEventReported, this,
                     [this](const QString &runId, const RunEvent &event) {
                         const qint64 now = QDateTime::currentMSecsSinceEpoch();
                         update(runId, [&](RunSnapshot &s) { foldRunEvent(s, event, now); });
                     });
    connectAnnounced(runner, &AgentRunner::llmExchangeRecorded, this,
                     [this](const LlmExchange &exchange) { Q_EMIT llmExchangeRecorded(exchange); });
    return runner;
}

QString RunnerPool::enqueue(const TaskContext &task, const QString &source,
                            bool claimedFromRegistry)
{
    QString runId = QStringLiteral("run-%1").arg(++m_nextRun);
    RunSnapshot snapshot;
    snapshot.runId = runId;
    snapshot.source = source;
    snapshot.taskId = task.taskId;
    snapshot.specName = task.specName;
    snapshot.title = task.title;
    snapshot.description = task.description;
    snapshot.acceptanceCriteria = task.acceptanceCriteria;
    snapshot.queuedAtMs = QDateTime::currentMSecsSinceEpoch();
    m_runs.insert(runId, snapshot);
    m_runOrder.append(runId);
    m_queue.enqueue(Queued{runId, task, snapshot.queuedAtMs, claimedFromRegistry});
    Q_EMIT runChanged(snapshot);
    QMetaObject::invokeMethod(this, &RunnerPool::dispatch, Qt::QueuedConnection);
    return runId;
}

int RunnerPool::runningCount() const
{
    return int(std::count_if(m_workers.begin(), m_workers.end(),
                             [](const Worker &w) { return !w.runId.isEmpty(); }));
}

QList<RunSnapshot> RunnerPool::runs() const
{
    QList<RunSnapshot> out;
    for (const QString &id : m_runOrder)
        out.append(m_runs.value(id));
    return out;
}

void RunnerPool::update(const QString &runId, const std::function<void(RunSnapshot &)> &change)
{
    auto it = m_runs.find(runId);
    if (it == m_runs.end())
        return;
    change(*it);
    Q_EMIT runChanged(*it);
}

void RunnerPool::forgetOldFinishedRuns()
{
    qsizetype finished = std::count_if(m_runs.cbegin(), m_runs.cend(), [](const RunSnapshot &s) {
        return s.phase == RunPhase::Finished;
    });
    // Oldest first, until only kFinishedRunsKept finished runs are left.
    m_runOrder.removeIf([&](const QString &runId) {
        if (finished <= kFinishedRunsKept || m_runs.value(runId).phase != RunPhase::Finished)
            return false;
        m_runs.remove(runId);
        --finished;
        return true;
    });
}

void RunnerPool::setMaxParallel(int count)
{
    m_maxParallel = std::clamp(count, 1, 64);
    QMetaObject::invokeMethod(this, &RunnerPool::dispatch, Qt::QueuedConnection);
}

void RunnerPool::dispatch()
{
    while (!m_stopping && !m_queue.isEmpty() && runningCount() < m_maxParallel) {
        auto idle = std::find_if(m_workers.begin(), m_workers.end(),
                                 [](const Worker &w) { return w.runId.isEmpty(); });
        const std::size_t index =
            idle == m_workers.end() ? m_workers.size() : std::size_t(idle - m_workers.begin());
        if (idle == m_workers.end())
            addWorker();
        ensureRunner(index);
        Worker &worker = m_workers[index];
        const Queued next = m_queue.dequeue();
        worker.runId = next.runId;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        AgentRunner::RunOptions options{next.runId, (now - next.queuedAtMs) / 1000.0,
                                        runningCount(), next.claimedFromRegistry};
        update(next.runId, [&](RunSnapshot &s) {
            s.runnerId = worker.runner->runnerId();
            s.outcome = RunOutcome::Running;
            s.phase = RunPhase::Validation;
            s.startedAtMs = now;
        });
        if (m_registry)
            ProjectMetrics(*m_registry).setActiveRunners(runningCount());
        AgentRunner *runner = worker.runner;
        QMetaObject::invokeMethod(
            runner, ThreadHandOff::crossThreadCall([runner, task = next.task, options] {
                runner->run(task, options);
            }),
            Qt::QueuedConnection);
    }
    if (isIdle())
        Q_EMIT drained();
}

void RunnerPool::onRunnerFinished(int workerIndex, const RunnerResult &result,
                                  const ExecutionMetrics &metrics)
{
    Worker &worker = m_workers[std::size_t(workerIndex)];
    const QString runId = std::exchange(worker.runId, QString());
    if (runId.isEmpty())
        return; // a refused second run on a busy runner
    // The outcome, error and cost came with the run's events; the rest is in the result.
    update(runId, [&](RunSnapshot &s) {
        if (!result.success)
            s.failedPhase = parseRunPhase(result.failedPhase).value_or(RunPhase::Finished);
        if (result.tests) {
            for (const SingleTestResult &test : result.tests->results) {
                if (test.success)
                    continue;
                s.testOutputTail = test.output.right(RunSnapshot::kOutputTailBytes);
                break;
            }
        }
        for (const ArtifactRecord &artifact : result.artifacts)
            s.artifacts.append({artifact.type, artifact.uri});
        for (const PhaseTiming &timing : metrics.phaseTimings)
            s.phaseSeconds.append({timing.phase, timing.seconds});
    });
    if (m_registry)
        ProjectMetrics(*m_registry).setActiveRunners(runningCount());
    Q_EMIT runFinished(m_runs.value(runId), result, metrics);
    forgetOldFinishedRuns();
    dispatch();
}

void RunnerPool::cancel(const QString &runId, const QString &reason)
{
    for (qsizetype i = 0; i < m_queue.size(); ++i) {
        if (m_queue.at(i).runId == runId) {
            m_queue.removeAt(i);
            update(runId, [](RunSnapshot &s) {
                s.outcome = RunOutcome::Cancelled;
                s.phase = RunPhase::Finished;
                s.finishedAtMs = QDateTime::currentMSecsSinceEpoch();
                s.error = QStringLiteral("cancelled before it started");
                s.errorType = QStringLiteral("cancelled");
            });
            forgetOldFinishedRuns();
            if (isIdle())
                Q_EMIT drained();
            return;
        }
    }
    for (Worker &w : m_workers)
        if (w.runId == runId)
            QMetaObject::invokeMethod(w.runner,
                                      ThreadHandOff::crossThreadCall(
                                          [runner = w.runner, reason] { runner->cancel(reason); }),
                                      Qt::QueuedConnection);
}

void RunnerPool::cancelAll(const QString &reason)
{
    const QList<Queued> queued = m_queue;
    for (const Queued &q : queued)
        cancel(q.runId, reason);
    for (Worker &w : m_workers)
        if (!w.runId.isEmpty())
            cancel(w.runId, reason);
}

void RunnerPool::stop(int timeoutMs)
{
    m_stopping = true;
    cancelAll();
    QDeadlineTimer deadline(timeoutMs);
    while (runningCount() > 0 && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
}

} // namespace necrocode
