#include "remote/RemoteRunTracker.h"

#include "core/RunEventCodec.h"
#include "net/LlmCallEvent.h"

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
    if (const auto *started = std::get_if<RunStarted>(&*event)) {
        // A runner that takes the same task again starts a new run.
        m_runs.remove(entry.runnerId + u'\x1f' + entry.taskId);
        RunSnapshot &run = runFor(entry);
        run.title = started->title;
        update.run = run;
    } else if (const auto *phase = std::get_if<PhaseChanged>(&*event)) {
        if (!phase->started)
            return update;
        RunSnapshot &run = runFor(entry);
        run.phase = phase->phase;
        update.run = run;
    } else if (const auto *finished = std::get_if<RunFinished>(&*event)) {
        RunSnapshot &run = runFor(entry);
        run.errorType = finished->errorType;
        run.error = finished->error;
        run.outcome = finishedRunOutcome(finished->success, run.errorType);
        run.phase = RunPhase::Finished;
        run.finishedAtMs = entry.timestampMs;
        update.run = run;
        m_runs.remove(entry.runnerId + u'\x1f' + entry.taskId);
    } else if (const auto *call = std::get_if<LlmCall>(&*event)) {
        RunSnapshot &run = runFor(entry);
        ++run.llmCalls;
        run.promptTokens += call->promptTokens;
        run.completionTokens += call->completionTokens;
        if (call->costUsd)
            run.costUsd = std::max(run.costUsd, 0.0) + *call->costUsd;
        LlmExchange exchange;
        exchange.id = QStringLiteral("%1/call-%2").arg(m_source).arg(++m_nextExchange);
        exchange.source = m_source;
        exchange.runId = run.runId;
        exchange.runnerId = entry.runnerId;
        exchange.taskId = entry.taskId;
        exchange.specName = entry.specName;
        exchange.startedAtMs = entry.timestampMs - qint64(call->durationSeconds * 1000.0);
        exchange.response = chatResponseOf(*call);
        update.run = run;
        update.exchange = exchange;
    }
    return update;
}

} // namespace necrocode
