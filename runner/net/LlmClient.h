// Client of any OpenAI-compatible Chat Completions endpoint (SPEC §2.4), non-streaming and
// streaming (SSE, usage from the final chunk, time to first token measured). No SDK.
#pragma once

#include "core/RunnerConfig.h"
#include "net/ServiceClient.h"

#include <QList>

#include <functional>

#include <optional>

namespace necrocode {

struct ChatMessage
{
    QString role; // system, user, assistant
    QString content;

    friend bool operator==(const ChatMessage &, const ChatMessage &) = default;
};

struct ChatRequest
{
    QList<ChatMessage> messages;
    QString model;
    int maxTokens = 4096;
    double temperature = 0.2;
    bool jsonMode = false;
    bool stream = false;
};

struct ChatResponse
{
    QString content;
    QString finishReason;
    QString model;
    QString requestId; // the provider's id of the completion, when it sent one
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    qint64 totalTokens = 0;
    bool usageReported = false;
    double durationSeconds = 0;
    std::optional<double> timeToFirstTokenSeconds; // streaming only
    int attempts = 0;
};

class LlmClient : public ServiceClient
{
public:
    LlmClient(HttpClient &http, LlmConfig config);

    const LlmConfig &config() const { return m_config; }
    // A request with the configured model, limits and modes.
    ChatRequest makeRequest(QList<ChatMessage> messages) const;

    // The answer's text so far, each time a streamed answer grows.
    using PartialAnswer = std::function<void(const QString &textSoFar)>;

    HttpCallHandle chat(const ChatRequest &request, QObject *context, Reply<ChatResponse> done,
                        PartialAnswer onPartial = {});
    HttpCallHandle listModels(QObject *context, Reply<QStringList> done);
    // GET {base}/models: no tokens spent.
    HttpCallHandle checkHealth(QObject *context, Reply<double> done);

    static QJsonObject requestBody(const ChatRequest &request);
    // Reads a non-streaming answer body.
    static Result<ChatResponse> parseCompletion(const QByteArray &body);

private:
    void logResponse(const ChatResponse &response) const;

    LlmConfig m_config;
};

} // namespace necrocode
