// The log fields of one answered LLM call (the "LLM response received" entry, SPEC §3.1): the
// LLM client writes them, and whoever rebuilds runs from a log (an attached worker's stream, the
// scripted demo) reads them back here. The only place their keys are spelled.
#pragma once

#include "net/LlmClient.h"

#include <QJsonObject>

#include <optional>

namespace necrocode::llm_call_fields {

// service, operation, llm_model, tokens_used, prompt_tokens, completion_tokens,
// request_duration_seconds, response_length, finish_reason, attempt and, for a streamed
// answer, time_to_first_token_seconds.
QJsonObject write(const ChatResponse &response);

// The answer's figures (without its text) when `fields` are those of an answered LLM call;
// entries written before the codec existed read the same.
std::optional<ChatResponse> read(const QJsonObject &fields);

} // namespace necrocode::llm_call_fields
