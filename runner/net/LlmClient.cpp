#include "net/LlmClient.h"

#include "log/RunEventReport.h"
#include "net/ErrorClassifier.h"
#include "net/LlmCallEvent.h"
#include "net/SseParser.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>

namespace necrocode {

namespace {

ServiceEndpoint endpointOf(const LlmConfig &config)
{
    return ServiceEndpoint{config.baseUrl, config.apiKey, config.timeoutSeconds};
}

void readUsage(const QJsonObject &usage, ChatResponse &response)
{
    if (usage.isEmpty())
        return;
    response.usageReported = true;
    response.promptTokens = usage.value(QLatin1String("prompt_tokens")).toInteger();
    response.completionTokens = usage.value(QLatin1String("completion_tokens")).toInteger();
    response.totalTokens = usage.value(QLatin1String("total_tokens"))
                               .toInteger(response.promptTokens + response.completionTokens);
}

QString apiError(const QJsonObject &o)
{
    const QJsonValue error = o.value(QLatin1String("error"));
    if (error.isObject())
        return error.toObject().value(QLatin1String("message")).toString(QStringLiteral("error"));
    return error.isString() ? error.toString() : QString();
}

// Accumulates a streamed answer from its SSE events.
struct StreamState
{
    SseParser parser;
    ChatResponse response;
    QElapsedTimer clock;
    std::optional<double> firstContentAt;
    QString error;
    bool done = false;

    void consume(const QList<SseEvent> &events)
    {
        for (const SseEvent &event : events) {
            if (event.data.trimmed() == "[DONE]") {
                done = true;
                continue;
            }
            const QJsonObject o = QJsonDocument::fromJson(event.data).object();
            if (o.isEmpty())
                continue;
            if (const QString e = apiError(o); !e.isEmpty())
                error = e;
            if (o.contains(QLatin1String("model")))
                response.model = o.value(QLatin1String("model")).toString();
            if (o.contains(QLatin1String("id")))
                response.requestId = o.value(QLatin1String("id")).toString();
            readUsage(o.value(QLatin1String("usage")).toObject(), response);
            const QJsonObject choice = o.value(QLatin1String("choices")).toArray().at(0).toObject();
            const QString piece = choice.value(QLatin1String("delta"))
                                      .toObject()
                                      .value(QLatin1String("content"))
                                      .toString();
            if (!piece.isEmpty() && !firstContentAt)
                firstContentAt = clock.nsecsElapsed() / 1e9;
            response.content += piece;
            const QJsonValue finish = choice.value(QLatin1String("finish_reason"));
            if (finish.isString())
                response.finishReason = finish.toString();
        }
    }
};

} // namespace

LlmClient::LlmClient(HttpClient &http, LlmConfig config)
    : ServiceClient(http, QStringLiteral("llm"), endpointOf(config)), m_config(std::move(config))
{
    m_masksBodies = false;
}

ChatRequest LlmClient::makeRequest(QList<ChatMessage> messages) const
{
    ChatRequest r;
    r.messages = std::move(messages);
    r.model = m_config.model;
    r.maxTokens = m_config.maxTokens;
    r.temperature = m_config.temperature;
    r.jsonMode = m_config.jsonMode;
    r.stream = m_config.stream;
    return r;
}

QJsonObject LlmClient::requestBody(const ChatRequest &request)
{
    QJsonArray messages;
    for (const ChatMessage &m : request.messages)
        messages.append(
            QJsonObject{{QStringLiteral("role"), m.role}, {QStringLiteral("content"), m.content}});
    QJsonObject body{{QStringLiteral("model"), request.model},
                     {QStringLiteral("messages"), messages},
                     {QStringLiteral("max_tokens"), request.maxTokens},
                     {QStringLiteral("temperature"), request.temperature}};
    if (request.jsonMode)
        body.insert(QStringLiteral("response_format"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("json_object")}});
    if (request.stream) {
        body.insert(QStringLiteral("stream"), true);
        body.insert(QStringLiteral("stream_options"),
                    QJsonObject{{QStringLiteral("include_usage"), true}});
    }
    return body;
}

Result<ChatResponse> LlmClient::parseCompletion(const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return makeError(QStringLiteral("the LLM's answer is not a JSON object: %1")
                             .arg(parseError.errorString()),
                         error_type::Parse);
    const QJsonObject o = doc.object();
    if (const QString e = apiError(o); !e.isEmpty())
        return makeError(QStringLiteral("the LLM answered with an error: %1").arg(e),
                         error_type::Parse);
    const QJsonArray choices = o.value(QLatin1String("choices")).toArray();
    if (choices.isEmpty())
        return makeError(QStringLiteral("the LLM's answer has no choices"), error_type::Parse);
    const QJsonObject choice = choices.at(0).toObject();
    ChatResponse r;
    r.content = choice.value(QLatin1String("message"))
                    .toObject()
                    .value(QLatin1String("content"))
                    .toString();
    r.finishReason = choice.value(QLatin1String("finish_reason")).toString();
    r.model = o.value(QLatin1String("model")).toString();
    r.requestId = o.value(QLatin1String("id")).toString();
    readUsage(o.value(QLatin1String("usage")).toObject(), r);
    return r;
}

void LlmClient::logResponse(const ChatResponse &r) const
{
    reportRunEvent(http().logger(), http().runEventObserver().get(), LogLevel::Info,
                   QStringLiteral("LLM response received"), llmCallOf(r));
}

HttpCallHandle LlmClient::chat(const ChatRequest &chatRequest, QObject *context,
                               Reply<ChatResponse> done, PartialAnswer onPartial)
{
    qsizetype promptLength = 0;
    for (const ChatMessage &m : chatRequest.messages)
        promptLength += m.content.size();
    http().logger().info(QStringLiteral("LLM request sent"),
                         {{QStringLiteral("service"), service()},
                          {QStringLiteral("operation"), run_event::kLlmChatOperation},
                          {QStringLiteral("llm_model"), chatRequest.model},
                          {QStringLiteral("max_tokens"), chatRequest.maxTokens},
                          {QStringLiteral("prompt_length"), promptLength},
                          {QStringLiteral("stream"), chatRequest.stream}});

    HttpRequest r = jsonRequest("POST", run_event::kLlmChatOperation,
                                QStringLiteral("/chat/completions"), requestBody(chatRequest));
    // The stream's framing roughly triples the text; past that the answer is cut off.
    r.maxResponseBytes = 4LL * std::max(m_config.maxAnswerBytes, 64 * 1024);
    auto stream = std::make_shared<StreamState>();
    stream->clock.start();
    if (chatRequest.stream)
        r.onData = [stream, onPartial = std::move(onPartial)](const QByteArray &chunk) {
            const qsizetype before = stream->response.content.size();
            stream->consume(stream->parser.feed(chunk));
            if (onPartial && stream->response.content.size() != before)
                onPartial(stream->response.content);
        };

    const QString requestedModel = chatRequest.model;
    return http().send(
        std::move(r), context,
        [this, done = std::move(done), stream, requestedModel,
         streaming = chatRequest.stream](const HttpOutcome &o) {
            if (!o.ok) {
                done(errorOf(o));
                return;
            }
            ChatResponse response;
            if (streaming && o.body.isEmpty()) {
                stream->consume(stream->parser.finish());
                if (!stream->error.isEmpty()) {
                    done(makeError(
                        QStringLiteral("the LLM stream carried an error: %1").arg(stream->error),
                        error_type::Parse));
                    return;
                }
                response = stream->response;
                if (stream->firstContentAt) {
                    const double lastAttemptStart =
                        o.durationSeconds - o.lastAttemptDurationSeconds;
                    response.timeToFirstTokenSeconds =
                        std::max(0.0, *stream->firstContentAt - lastAttemptStart);
                }
            } else {
                // A server that ignores "stream" answers with one JSON body.
                auto parsed = parseCompletion(o.body);
                if (!parsed) {
                    done(parsed.error());
                    return;
                }
                response = std::move(parsed).value();
            }
            if (response.model.isEmpty())
                response.model = requestedModel;
            response.durationSeconds = o.durationSeconds;
            response.attempts = o.attempts;
            logResponse(response);
            done(std::move(response));
        });
}

HttpCallHandle LlmClient::listModels(QObject *context, Reply<QStringList> done)
{
    return callJson(request("GET", QStringLiteral("list_models"), QStringLiteral("/models")),
                    context, [done = std::move(done)](const Result<QJsonValue> &answer) {
                        if (!answer) {
                            done(answer.error());
                            return;
                        }
                        QStringList ids;
                        const QJsonArray models =
                            answer->toObject().value(QLatin1String("data")).toArray();
                        for (const auto &m : models)
                            ids.append(m.toObject().value(QLatin1String("id")).toString());
                        done(ids);
                    });
}

HttpCallHandle LlmClient::checkHealth(QObject *context, Reply<double> done)
{
    return healthCheck(context, std::move(done), QStringLiteral("/models"));
}

} // namespace necrocode
