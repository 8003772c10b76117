// Token counts of the scripted model, computed from the text without a tokenizer:
// ceil(characters / 4) per text, plus 4 tokens of overhead per chat message.
#pragma once

#include <QList>
#include <QString>

namespace necrocode {

struct PromptMessage
{
    QString role;
    QString content;
};

int estimateTextTokens(QStringView text);
int estimatePromptTokens(const QList<PromptMessage> &messages);

} // namespace necrocode
