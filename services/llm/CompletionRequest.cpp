#include "llm/CompletionRequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace necrocode {

namespace {

std::optional<QString> contentText(const QJsonValue &content)
{
    if (content.isString())
        return content.toString();
    if (content.isNull())
        return QString();
    if (!content.isArray())
        return std::nullopt;
    QStringList parts;
    const QJsonArray contentParts = content.toArray();
    for (const auto &part : contentParts) {
        const QJsonObject object = part.toObject();
        if (object.value(QStringLiteral("type")).toString() == QLatin1String("text"))
            parts.append(object.value(QStringLiteral("text")).toString());
    }
    return parts.join(QLatin1Char('\n'));
}

} // namespace

QString CompletionRequest::promptText() const
{
    QStringList texts;
    for (const PromptMessage &message : messages)
        texts.append(message.content);
    return texts.join(QStringLiteral("\n\n"));
}

std::variant<CompletionRequest, CompletionRequestError>
parseCompletionRequest(const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return CompletionRequestError{QStringLiteral("the request body is not a JSON object: %1")
                                          .arg(parseError.errorString()),
                                      QString()};
    const QJsonObject o = doc.object();
    CompletionRequest request;
    request.model = o.value(QStringLiteral("model")).toString();

    const QJsonValue messages = o.value(QStringLiteral("messages"));
    if (!messages.isArray() || messages.toArray().isEmpty())
        return CompletionRequestError{QStringLiteral("'messages' must be a non-empty array"),
                                      QStringLiteral("messages")};
    const QJsonArray array = messages.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonObject message = array.at(i).toObject();
        const QString param = QStringLiteral("messages[%1]").arg(i);
        const QString role = message.value(QStringLiteral("role")).toString();
        if (role.isEmpty())
            return CompletionRequestError{QStringLiteral("'%1.role' is required").arg(param),
                                          param + QStringLiteral(".role")};
        const std::optional<QString> content =
            contentText(message.value(QStringLiteral("content")));
        if (!content)
            return CompletionRequestError{
                QStringLiteral("'%1.content' must be a string or an array of parts").arg(param),
                param + QStringLiteral(".content")};
        request.messages.append({role, *content});
    }

    for (const QString &key :
         {QStringLiteral("max_tokens"), QStringLiteral("max_completion_tokens")}) {
        const QJsonValue value = o.value(key);
        if (value.isUndefined() || value.isNull())
            continue;
        if (!value.isDouble() || value.toDouble() < 1 || value.toDouble() != value.toInt())
            return CompletionRequestError{
                QStringLiteral("'%1' must be a positive integer").arg(key), key};
        request.maxTokens = value.toInt();
    }
    const QJsonValue stream = o.value(QStringLiteral("stream"));
    if (!stream.isUndefined() && !stream.isNull() && !stream.isBool())
        return CompletionRequestError{QStringLiteral("'stream' must be a boolean"),
                                      QStringLiteral("stream")};
    request.stream = stream.toBool();
    request.includeUsage = o.value(QStringLiteral("stream_options"))
                               .toObject()
                               .value(QStringLiteral("include_usage"))
                               .toBool();
    return request;
}

} // namespace necrocode
