#include "net/LlmCallFields.h"

#include "metrics/MetricsCollector.h"

namespace necrocode::llm_call_fields {

namespace {

const QString kService = QStringLiteral("service");
const QString kOperation = QStringLiteral("operation");
const QString kModel = QStringLiteral("llm_model");
const QString kTotalTokens = QStringLiteral("tokens_used");
const QString kPromptTokens = QStringLiteral("prompt_tokens");
const QString kCompletionTokens = QStringLiteral("completion_tokens");
const QString kDuration = QStringLiteral("request_duration_seconds");
const QString kResponseLength = QStringLiteral("response_length");
const QString kFinishReason = QStringLiteral("finish_reason");
const QString kAttempt = QStringLiteral("attempt");
const QString kTimeToFirstToken = QStringLiteral("time_to_first_token_seconds");

} // namespace

QJsonObject write(const ChatResponse &r)
{
    QJsonObject fields{{kService, QStringLiteral("llm")},
                       {kOperation, MetricsCollector::kLlmChatOperation},
                       {kModel, r.model},
                       {kTotalTokens, r.totalTokens},
                       {kPromptTokens, r.promptTokens},
                       {kCompletionTokens, r.completionTokens},
                       {kDuration, r.durationSeconds},
                       {kResponseLength, r.content.size()},
                       {kFinishReason, r.finishReason},
                       {kAttempt, r.attempts}};
    if (r.timeToFirstTokenSeconds)
        fields.insert(kTimeToFirstToken, *r.timeToFirstTokenSeconds);
    return fields;
}

std::optional<ChatResponse> read(const QJsonObject &fields)
{
    if (fields.value(kOperation).toString() != MetricsCollector::kLlmChatOperation ||
        !fields.contains(kTotalTokens))
        return std::nullopt;
    ChatResponse r;
    r.model = fields.value(kModel).toString();
    r.finishReason = fields.value(kFinishReason).toString();
    r.promptTokens = fields.value(kPromptTokens).toInteger();
    r.completionTokens = fields.value(kCompletionTokens).toInteger();
    r.totalTokens = fields.value(kTotalTokens).toInteger();
    r.usageReported = true;
    r.durationSeconds = fields.value(kDuration).toDouble();
    r.attempts = fields.value(kAttempt).toInt();
    if (fields.contains(kTimeToFirstToken))
        r.timeToFirstTokenSeconds = fields.value(kTimeToFirstToken).toDouble();
    return r;
}

} // namespace necrocode::llm_call_fields
