#include "remote/RemoteRunTracker.h"

#include "core/RunEventCodec.h"
#include "engine/RunEventFold.h"
#include "net/LlmCallEvent.h"

#include <algorithm>

namespace necrocode {

RemoteRunTracker::RemoteRunTracker(QString source) : m_source(std::move(source)) {}

RunSnapshot &RemoteRunTracker::runFor(const LogEntry &entry)
{
    const QString key = entry.runnerId + u'\x1f' + entry.taskId;
    auto it = m_runs.find(key);
    if (it == m_runs.end()) {
        RunSnapshot run;
        run.runId = QStringLiteral("%1#%2").arg(m_source).arg(++m_nextRun);
        run.source = m_source;
        run.runnerId = entry.runnerId;
        run.taskId = entry.taskId;
        run.specName = entry.specName;
        run.outcome = RunOutcome::Running;
        run.phase = RunPhase::Validation;
        run.queuedAtMs = entry.timestampMs;
        run.startedAtMs = entry.timestampMs;
        it = m_runs.insert(key, run);
    }
    return it.value();
}

RemoteRunTracker::Update RemoteRunTracker::consume(const LogEntry &entry)
{
    Update update;
    if (entry.taskId.isEmpty() || entry.runnerId.isEmpty())
        return update;
    using namespace run_event;
    const auto event = run_event_codec::read(entry.extra);
    if (!event)
        return update;
    const auto *phase = std::get_if<PhaseChanged>(&*event);
    const bool changesTheRow =
        std::holds_alternative<RunStarted>(*event) || (phase && phase->started) ||
        std::holds_alternative<LlmCall>(*event) || std::holds_alternative<RunFinished>(*event);
    if (!changesTheRow)
        return update; // service calls, git commands, tests, a phase that ends
    // A runner that takes the same task again starts a new run.
    if (std::holds_alternative<RunStarted>(*event))
        m_runs.remove(entry.runnerId + u'\x1f' + entry.taskId);
    RunSnapshot &run = runFor(entry);
    foldRunEvent(run, *event, entry.timestampMs);
    update.run = run;
    if (const auto *call = std::get_if<LlmCall>(&*event)) {
        LlmExchange exchange;
        exchange.id = QStringLiteral("%1/call-%2").arg(m_source).arg(++m_nextExchange);
        exchange.source = m_source;
        exchange.runId = run.runId;
        exchange.runnerId = entry.runnerId;
        exchange.taskId = entry.taskId;
        exchange.specName = entry.specName;
        exchange.startedAtMs = entry.timestampMs - qint64(call->durationSeconds * 1000.0);
        exchange.response = chatResponseOf(*call);
        update.exchange = exchange;
    }
    if (run.phase == RunPhase::Finished)
        m_runs.remove(entry.runnerId + u'\x1f' + entry.taskId);
    return update;
}

QList<RunSnapshot> RemoteRunTracker::abandonOpenRuns(const QString &reason, qint64 nowMs)
{
    QList<RunSnapshot> abandoned;
    for (RunSnapshot &run : m_runs) {
        run.outcome = RunOutcome::Failed;
        run.failedPhase = run.phase;
        run.phase = RunPhase::Finished;
        run.finishedAtMs = nowMs;
        run.errorType = QStringLiteral("worker_lost");
        run.error = reason;
        abandoned.append(run);
    }
    m_runs.clear();
    std::sort(abandoned.begin(), abandoned.end(), [](const RunSnapshot &a, const RunSnapshot &b) {
        return a.startedAtMs < b.startedAtMs;
    });
    return abandoned;
}

} // namespace necrocode
