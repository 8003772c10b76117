// The parts of an OpenAI Chat Completions request the scripted model uses; the error names the
// offending parameter as OpenAI does ("param").
#pragma once

#include "llm/TokenEstimator.h"

#include <QByteArray>

#include <optional>
#include <variant>

namespace necrocode {

struct CompletionRequest
{
    QString model;
    QList<PromptMessage> messages;
    std::optional<int> maxTokens;
    bool stream = false;
    bool includeUsage = false; // stream_options.include_usage

    // All message contents, for matching scenario rules.
    QString promptText() const;
};

struct CompletionRequestError
{
    QString message;
    QString param;
};

// Content may be a string or an array of {"type":"text","text":...} parts.
std::variant<CompletionRequest, CompletionRequestError>
parseCompletionRequest(const QByteArray &body);

} // namespace necrocode
