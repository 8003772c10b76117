#include "net/LlmCallEvent.h"

namespace necrocode {

run_event::LlmCall llmCallOf(const ChatResponse &r)
{
    run_event::LlmCall call;
    call.requestId = r.requestId;
    call.model = r.model;
    call.promptTokens = r.promptTokens;
    call.completionTokens = r.completionTokens;
    call.totalTokens = r.totalTokens;
    call.durationSeconds = r.durationSeconds;
    call.timeToFirstTokenSeconds = r.timeToFirstTokenSeconds;
    call.finishReason = r.finishReason;
    call.responseLength = r.content.size();
    call.attempt = r.attempts;
    return call;
}

ChatResponse chatResponseOf(const run_event::LlmCall &call)
{
    ChatResponse r;
    r.requestId = call.requestId;
    r.model = call.model;
    r.finishReason = call.finishReason;
    r.promptTokens = call.promptTokens;
    r.completionTokens = call.completionTokens;
    r.totalTokens = call.totalTokens;
    r.usageReported = true;
    r.durationSeconds = call.durationSeconds;
    r.timeToFirstTokenSeconds = call.timeToFirstTokenSeconds;
    r.attempts = call.attempt;
    return r;
}

} // namespace necrocode
