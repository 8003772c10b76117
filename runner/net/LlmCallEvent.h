// An answered chat completion as the RunEvent the engine reports, and back: the LLM client
// reports its answers this way, and whoever rebuilds calls from a log (an attached worker's
// stream) gets the answer's figures (without its text) back.
#pragma once

#include "core/RunEvent.h"
#include "net/LlmClient.h"

namespace necrocode {

run_event::LlmCall llmCallOf(const ChatResponse &response);
ChatResponse chatResponseOf(const run_event::LlmCall &call);

} // namespace necrocode
