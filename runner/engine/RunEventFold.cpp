#include "engine/RunEventFold.h"

namespace necrocode {

void foldRunEvent(RunSnapshot &run, const RunEvent &event, qint64 atMs)
{
    using namespace run_event;
    if (const auto *started = std::get_if<RunStarted>(&event)) {
        if (!started->title.isEmpty())
            run.title = started->title;
        run.outcome = RunOutcome::Running;
        if (run.startedAtMs == 0)
            run.startedAtMs = atMs;
    } else if (const auto *phase = std::get_if<PhaseChanged>(&event)) {
        if (phase->started)
            run.phase = phase->phase;
    } else if (const auto *call = std::get_if<LlmCall>(&event)) {
        ++run.llmCalls;
        run.promptTokens += call->promptTokens;
        run.completionTokens += call->completionTokens;
        if (call->costUsd)
            run.costUsd = std::max(run.costUsd, 0.0) + *call->costUsd;
    } else if (const auto *finished = std::get_if<RunFinished>(&event)) {
        run.outcome = finishedRunOutcome(finished->success, finished->errorType);
        run.phase = RunPhase::Finished;
        run.finishedAtMs = atMs;
        run.error = finished->error;
        run.errorType = finished->errorType;
    }
}

} // namespace necrocode
