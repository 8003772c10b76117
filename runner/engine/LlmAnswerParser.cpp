#include "engine/LlmAnswerParser.h"

#include "core/JsonFields.h"
#include "workspace/RelativePath.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

namespace necrocode {

namespace {

Error limitsError(const QString &message)
{
    return makeError(message, QStringLiteral("limits"));
}

Error parseError(const QString &message)
{
    return makeError(message, QStringLiteral("parse"));
}

QString preview(const QString &text)
{
    QString shown = text.simplified();
    if (shown.size() > 160)
        shown = shown.left(157) + QStringLiteral("...");
    return shown;
}

} // namespace

QString LlmAnswerParser::extractJsonText(const QString &content)
{
    static const QRegularExpression fence(QStringLiteral("```(?:json|JSON)?[ \\t]*\\r?\\n(.*?)```"),
                                          QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch match = fence.match(content);
    const QString body = match.hasMatch() ? match.captured(1) : content;
    const qsizetype first = body.indexOf(QLatin1Char('{'));
    const qsizetype last = body.lastIndexOf(QLatin1Char('}'));
    if (first < 0 || last < first)
        return QString();
    return body.mid(first, last - first + 1);
}

Result<LlmAnswer> LlmAnswerParser::parse(const QString &content, const ChangeLimits &limits)
{
    if (content.trimmed().isEmpty())
        return parseError(QStringLiteral("the model returned an empty answer"));
    if (const qint64 bytes = content.toUtf8().size(); bytes > limits.maxAnswerBytes)
        return limitsError(QStringLiteral("the model's answer of %1 bytes is larger than the "
                                          "limit of %2 bytes (llm.max_answer_bytes)")
                               .arg(bytes)
                               .arg(limits.maxAnswerBytes));
    const QString jsonText = extractJsonText(content);
    if (jsonText.isEmpty())
        return parseError(QStringLiteral("the model's answer holds no JSON object "
                                         "(a refusal or prose?): \"%1\"")
                              .arg(preview(content)));
    auto object = json::parseObject(jsonText.toUtf8(), QStringLiteral("the model's answer"));
    if (!object)
        return object.error();
    const QJsonValue changesValue = object->value(QLatin1String("code_changes"));
    if (changesValue.isUndefined())
        return parseError(QStringLiteral("the model's answer has no 'code_changes'"));
    if (!changesValue.isArray())
        return parseError(QStringLiteral("'code_changes' must be an array"));

    LlmAnswer answer;
    answer.explanation = object->value(QLatin1String("explanation")).toString();
    QSet<QString> seen;
    const QJsonArray changes = changesValue.toArray();
    if (changes.size() > limits.maxFiles)
        return limitsError(QStringLiteral("the answer changes %1 files, more than the limit of %2")
                               .arg(changes.size())
                               .arg(limits.maxFiles));
    qint64 totalBytes = 0;
    for (qsizetype i = 0; i < changes.size(); ++i) {
        const QString where = QStringLiteral("change %1").arg(i + 1);
        if (!changes.at(i).isObject())
            return parseError(QStringLiteral("%1 is not an object").arg(where));
        const QJsonObject c = changes.at(i).toObject();
        const QJsonValue pathValue = c.value(QLatin1String("file_path"));
        if (pathValue.isUndefined() || pathValue.isNull())
            return parseError(QStringLiteral("%1 has no 'file_path'").arg(where));
        if (!pathValue.isString())
            return parseError(QStringLiteral("%1: 'file_path' must be a string, not %2")
                                  .arg(where, json::typeName(pathValue)));
        if (pathValue.toString().trimmed().isEmpty())
            return parseError(QStringLiteral("%1: 'file_path' is empty").arg(where));
        const QString rawPath = pathValue.toString();
        const auto path = checkRelativePath(rawPath);
        if (!path)
            return parseError(QStringLiteral("%1 rejected: %2").arg(where, path.errorMessage()));
        const QString opName = c.value(QLatin1String("operation")).toString();
        const auto operation = parseChangeOperation(opName);
        if (!operation)
            return parseError(QStringLiteral("%1 (%2): unknown operation '%3' "
                                             "(expected create, modify or delete)")
                                  .arg(where, rawPath, opName));
        const QJsonValue contentValue = c.value(QLatin1String("content"));
        if (*operation != ChangeOperation::Delete && !contentValue.isString())
            return parseError(QStringLiteral("%1 (%2): '%3' needs a string 'content'")
                                  .arg(where, rawPath, opName));
        if (seen.contains(path.value()))
            return parseError(
                QStringLiteral("%1 (%2): the same file is changed twice").arg(where, rawPath));
        seen.insert(path.value());
        const QString fileContent = contentValue.toString();
        const qint64 fileBytes = fileContent.toUtf8().size();
        if (fileBytes > limits.maxFileBytes)
            return limitsError(QStringLiteral("%1 (%2): %3 bytes is larger than the limit of %4 "
                                              "bytes for one file (limits.max_file_bytes)")
                                   .arg(where, rawPath)
                                   .arg(fileBytes)
                                   .arg(limits.maxFileBytes));
        totalBytes += fileBytes;
        if (totalBytes > limits.maxTotalBytes)
            return limitsError(QStringLiteral("the changes add up to more than the limit of %1 "
                                              "bytes (limits.max_change_bytes)")
                                   .arg(limits.maxTotalBytes));
        answer.changes.append(CodeChange{path.value(), *operation, fileContent});
    }
    return answer;
}

} // namespace necrocode
