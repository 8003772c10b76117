// Writes the scripted model's answers in the OpenAI Chat Completions wire format: one JSON
// object, or server-sent events (chunks with delta.content, a final chunk with finish_reason, an
// optional usage chunk, then "data: [DONE]").
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace necrocode {

struct ChatCompletion
{
    QString id; // "chatcmpl-..."
    qint64 created = 0;
    QString model;
    QString content;
    QString finishReason;
    int promptTokens = 0;
    int completionTokens = 0;

    QJsonObject usageJson() const;
    QJsonObject toJson() const;
    // Every event of the stream, each "data: ...\n\n"; `chunkCharacters` per content chunk.
    QList<QByteArray> toEvents(int chunkCharacters, bool includeUsage) const;
};

} // namespace necrocode
