#include "llm/ScriptedLlmService.h"

#include "core/AccessToken.h"

#include "llm/ChatCompletionWriter.h"
#include "llm/CompletionRequest.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTimer>

#include <memory>
#include <utility>

namespace necrocode {

namespace {

using Method = QHttpServerRequest::Method;

constexpr qint64 modelCreated = 1735689600; // 2025-01-01, a fixed date for a scripted model
constexpr int charactersPerToken = 4;

HttpResponse openAiError(int status, const QString &message, const QString &type,
                         const QString &param = {}, const QString &code = {})
{
    const QJsonObject error{
        {QStringLiteral("message"), message},
        {QStringLiteral("type"), type},
        {QStringLiteral("param"), param.isEmpty() ? QJsonValue() : QJsonValue(param)},
        {QStringLiteral("code"), code.isEmpty() ? QJsonValue() : QJsonValue(code)}};
    HttpResponse response =
        HttpResponse::json(status, QJsonObject{{QStringLiteral("error"), error}});
    if (status == 401)
        response.withHeader("WWW-Authenticate", bearerChallenge());
    return response;
}

} // namespace

ScriptedLlmService::ScriptedLlmService(Settings settings)
    : m_settings(std::move(settings)), m_latency(m_settings.latency), m_http(QStringLiteral("llm"))
{
    m_http.setRequestLimits(RequestLimits{kDefaultMaxRequestBytes});
    addRoutes();
}

Result<quint16> ScriptedLlmService::listen(const QHostAddress &address, quint16 port)
{
    return m_http.listenOn(address, port);
}

QUrl ScriptedLlmService::baseUrl() const
{
    QUrl url = m_http.baseUrl();
    if (!url.isEmpty())
        url.setPath(QStringLiteral("/v1"));
    return url;
}

FaultInjector &ScriptedLlmService::faults()
{
    return m_http.faults();
}

QString ScriptedLlmService::modelDescription()
{
    return QStringLiteral("Scripted offline model for demos and tests: its answers come from a "
                          "scenario file, not from a language model.");
}

QJsonObject ScriptedLlmService::modelJson() const
{
    return QJsonObject{{QStringLiteral("id"), m_settings.modelId},
                       {QStringLiteral("object"), QStringLiteral("model")},
                       {QStringLiteral("created"), modelCreated},
                       {QStringLiteral("owned_by"), QStringLiteral("necrocode")},
                       {QStringLiteral("description"), modelDescription()}};
}

void ScriptedLlmService::addRoutes()
{
    Router &r = m_http.router();
    r.route(Method::Get, QStringLiteral("/health"),
            [this](const HttpRequestData &, const PathParams &) {
                return HttpResponse::json(
                    200, QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
                                     {QStringLiteral("service"), m_http.serviceName()},
                                     {QStringLiteral("model"), m_settings.modelId},
                                     {QStringLiteral("scripted"), true}});
            });
    r.route(Method::Get, QStringLiteral("/v1/models"),
            [this](const HttpRequestData &request, const PathParams &) {
                if (!authorized(request))
                    return openAiError(401, QStringLiteral("Incorrect API key provided."),
                                       QStringLiteral("invalid_request_error"), {},
                                       QStringLiteral("invalid_api_key"));
                return HttpResponse::json(
                    200, QJsonObject{{QStringLiteral("object"), QStringLiteral("list")},
                                     {QStringLiteral("data"), QJsonArray{modelJson()}}});
            });
    r.route(Method::Get, QStringLiteral("/v1/models/{model}"),
            [this](const HttpRequestData &request, const PathParams &p) {
                if (!authorized(request))
                    return openAiError(401, QStringLiteral("Incorrect API key provided."),
                                       QStringLiteral("invalid_request_error"), {},
                                       QStringLiteral("invalid_api_key"));
                if (p.value(QStringLiteral("model")) != m_settings.modelId)
                    return openAiError(404,
                                       QStringLiteral("The model '%1' does not exist.")
                                           .arg(p.value(QStringLiteral("model"))),
                                       QStringLiteral("invalid_request_error"),
                                       QStringLiteral("model"), QStringLiteral("model_not_found"));
                return HttpResponse::json(200, modelJson());
            });
    r.routeAsync(Method::Post, QStringLiteral("/v1/chat/completions"),
                 [this](const HttpRequestData &request, const PathParams &, HttpReply reply) {
                     chatCompletions(request, std::move(reply));
                 });
}

bool ScriptedLlmService::authorized(const HttpRequestData &request) const
{
    if (m_settings.apiKey.isEmpty())
        return true;
    return bearerTokenMatches(request.header("Authorization"), m_settings.apiKey.toUtf8());
}

void ScriptedLlmService::chatCompletions(const HttpRequestData &request, HttpReply reply)
{
    if (!authorized(request)) {
        reply.send(openAiError(401, QStringLiteral("Incorrect API key provided."),
                               QStringLiteral("invalid_request_error"), {},
                               QStringLiteral("invalid_api_key")));
        return;
    }
    const auto parsed = parseCompletionRequest(request.body);
    if (const auto *error = std::get_if<CompletionRequestError>(&parsed)) {
        reply.send(openAiError(400, error->message, QStringLiteral("invalid_request_error"),
                               error->param));
        return;
    }
    const CompletionRequest &chat = std::get<CompletionRequest>(parsed);
    const ScriptedAnswer answer = m_settings.scenario.answerFor(chat.promptText());

    ChatCompletion completion;
    completion.id = QStringLiteral("chatcmpl-scripted-%1").arg(++m_completions);
    completion.created = QDateTime::currentSecsSinceEpoch();
    completion.model = m_settings.modelId;
    completion.content = answer.content;
    completion.finishReason = answer.finishReason;
    completion.promptTokens = estimatePromptTokens(chat.messages);
    completion.completionTokens = estimateTextTokens(completion.content);
    if (chat.maxTokens && completion.completionTokens > *chat.maxTokens) {
        completion.content.truncate(qsizetype(*chat.maxTokens) * charactersPerToken);
        completion.completionTokens = estimateTextTokens(completion.content);
        completion.finishReason = QStringLiteral("length");
    }

    const bool stream = chat.stream;
    const bool includeUsage = chat.includeUsage;
    const LatencySettings &latency = m_latency.settings();
    const int chunkCharacters = latency.chunkCharacters;
    const int intervalMs = latency.chunkIntervalMs;
    auto answerNow = [reply, completion, stream, includeUsage, chunkCharacters,
                      intervalMs]() mutable {
        if (stream)
            streamEvents(reply, completion.toEvents(chunkCharacters, includeUsage), intervalMs);
        else
            reply.send(HttpResponse::json(200, completion.toJson()));
    };
    const int delayMs = m_latency.sampleFirstTokenMs();
    if (delayMs <= 0 || !reply.connection())
        answerNow();
    else
        QTimer::singleShot(delayMs, reply.connection(), answerNow);
}

void ScriptedLlmService::streamEvents(HttpReply reply, const QList<QByteArray> &events,
                                      int intervalMs)
{
    if (!reply.isPending())
        return;
    reply.startStream(200,
                      {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("text/event-stream")},
                       {QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-cache")}});
    if (intervalMs <= 0 || events.size() < 2) {
        for (const QByteArray &event : events)
            reply.writeStreamChunk(event);
        reply.finishStream();
        return;
    }
    reply.writeStreamChunk(events.first());
    auto *timer = new QTimer(reply.connection());
    auto next = std::make_shared<qsizetype>(1);
    QObject::connect(timer, &QTimer::timeout, timer, [reply, events, next, timer]() mutable {
        reply.writeStreamChunk(events.at((*next)++));
        if (*next < events.size())
            return;
        reply.finishStream();
        timer->stop();
        timer->deleteLater();
    });
    timer->start(intervalMs);
}

} // namespace necrocode
