#include "llm/TokenEstimator.h"

namespace necrocode {

namespace {

constexpr int charactersPerToken = 4;
constexpr int tokensPerMessage = 4;

} // namespace

int estimateTextTokens(QStringView text)
{
    return int((text.size() + charactersPerToken - 1) / charactersPerToken);
}

int estimatePromptTokens(const QList<PromptMessage> &messages)
{
    int tokens = 0;
    for (const PromptMessage &message : messages)
        tokens += estimateTextTokens(message.content) + tokensPerMessage;
    return tokens;
}

} // namespace necrocode
