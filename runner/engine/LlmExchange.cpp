#include "engine/LlmExchange.h"

#include "log/JsonLineFormatter.h"

#include <QJsonArray>

namespace necrocode {

QJsonObject LlmExchange::toJson() const
{
    QJsonArray messages;
    for (const ChatMessage &m : request.messages)
        messages.append(
            QJsonObject{{QStringLiteral("role"), m.role}, {QStringLiteral("content"), m.content}});
    QJsonObject o{
        {QStringLiteral("id"), id},
        {QStringLiteral("runner_id"), runnerId},
        {QStringLiteral("task_id"), taskId},
        {QStringLiteral("spec_name"), specName},
        {QStringLiteral("started_at"), QString::fromLatin1(formatIsoTimestamp(startedAtMs, 0))},
        {QStringLiteral("request"),
         QJsonObject{{QStringLiteral("model"), request.model},
                     {QStringLiteral("max_tokens"), request.maxTokens},
                     {QStringLiteral("temperature"), request.temperature},
                     {QStringLiteral("json_mode"), request.jsonMode},
                     {QStringLiteral("stream"), request.stream},
                     {QStringLiteral("messages"), messages}}},
        {QStringLiteral("response"),
         QJsonObject{{QStringLiteral("content"), response.content},
                     {QStringLiteral("finish_reason"), response.finishReason},
                     {QStringLiteral("model"), response.model},
                     {QStringLiteral("prompt_tokens"), response.promptTokens},
                     {QStringLiteral("completion_tokens"), response.completionTokens},
                     {QStringLiteral("total_tokens"), response.totalTokens},
                     {QStringLiteral("duration_seconds"), response.durationSeconds},
                     {QStringLiteral("attempts"), response.attempts}}}};
    if (response.timeToFirstTokenSeconds)
        o[QStringLiteral("response")] = [&] {
            QJsonObject r = o.value(QStringLiteral("response")).toObject();
            r.insert(QStringLiteral("time_to_first_token_seconds"),
                     *response.timeToFirstTokenSeconds);
            return r;
        }();
    if (!error.isEmpty()) {
        o.insert(QStringLiteral("error"), error);
        o.insert(QStringLiteral("error_type"), errorType);
    }
    return o;
}

} // namespace necrocode
