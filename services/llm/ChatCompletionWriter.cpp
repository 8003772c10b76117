#include "llm/ChatCompletionWriter.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace necrocode {

namespace {

QByteArray event(const QJsonObject &object)
{
    return "data: " + QJsonDocument(object).toJson(QJsonDocument::Compact) + "\n\n";
}

} // namespace

QJsonObject ChatCompletion::usageJson() const
{
    return QJsonObject{{QStringLiteral("prompt_tokens"), promptTokens},
                       {QStringLiteral("completion_tokens"), completionTokens},
                       {QStringLiteral("total_tokens"), promptTokens + completionTokens}};
}

QJsonObject ChatCompletion::toJson() const
{
    const QJsonObject message{{QStringLiteral("role"), QStringLiteral("assistant")},
                              {QStringLiteral("content"), content}};
    const QJsonObject choice{{QStringLiteral("index"), 0},
                             {QStringLiteral("message"), message},
                             {QStringLiteral("finish_reason"), finishReason}};
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("object"), QStringLiteral("chat.completion")},
        {QStringLiteral("created"), created},
        {QStringLiteral("model"), model},
        {QStringLiteral("choices"), QJsonArray{choice}},
        {QStringLiteral("usage"), usageJson()},
        {QStringLiteral("system_fingerprint"), QStringLiteral("necrocode-scripted")}};
}

QList<QByteArray> ChatCompletion::toEvents(int chunkCharacters, bool includeUsage) const
{
    const auto chunk = [this](const QJsonObject &delta, const QJsonValue &finish) {
        const QJsonObject choice{{QStringLiteral("index"), 0},
                                 {QStringLiteral("delta"), delta},
                                 {QStringLiteral("finish_reason"), finish}};
        return QJsonObject{{QStringLiteral("id"), id},
                           {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")},
                           {QStringLiteral("created"), created},
                           {QStringLiteral("model"), model},
                           {QStringLiteral("choices"), QJsonArray{choice}}};
    };
    QList<QByteArray> events;
    events.append(event(chunk(QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                          {QStringLiteral("content"), QString()}},
                              QJsonValue::Null)));
    const int step = std::max(1, chunkCharacters);
    qsizetype from = 0;
    while (from < content.size()) {
        qsizetype length = std::min<qsizetype>(step, content.size() - from);
        if (from + length < content.size() && content.at(from + length - 1).isHighSurrogate())
            ++length; // keep surrogate pairs together
        events.append(
            event(chunk(QJsonObject{{QStringLiteral("content"), content.mid(from, length)}},
                        QJsonValue::Null)));
        from += length;
    }
    events.append(event(chunk(QJsonObject{}, finishReason)));
    if (includeUsage) {
        events.append(
            event(QJsonObject{{QStringLiteral("id"), id},
                              {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")},
                              {QStringLiteral("created"), created},
                              {QStringLiteral("model"), model},
                              {QStringLiteral("choices"), QJsonArray{}},
                              {QStringLiteral("usage"), usageJson()}}));
    }
    events.append(QByteArrayLiteral("data: [DONE]\n\n"));
    return events;
}

} // namespace necrocode
