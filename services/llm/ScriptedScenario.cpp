#include "llm/ScriptedScenario.h"

#include "core/JsonFields.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace necrocode {

namespace {

Error invalid(const QString &message)
{
    return makeError(message, QStringLiteral("config"));
}

Result<QRegularExpression> compile(const QString &pattern, const QString &key)
{
    QRegularExpression regex(pattern, QRegularExpression::CaseInsensitiveOption);
    if (!regex.isValid())
        return invalid(QStringLiteral("'%1' is not a valid regular expression: %2")
                           .arg(key, regex.errorString()));
    return regex;
}

Result<QString> readContentFile(const QString &baseDirectory, const QString &relative,
                                const QString &key)
{
    QFile file(QDir(baseDirectory).filePath(relative));
    if (!file.open(QIODevice::ReadOnly))
        return invalid(QStringLiteral("'%1': cannot read %2: %3")
                           .arg(key, file.fileName(), file.errorString()));
    return QString::fromUtf8(file.readAll());
}

// Turns "content_file" entries into "content" and serialises the answer object.
Result<QString> answerContent(QJsonObject answer, const QString &baseDirectory,
                              const QString &where)
{
    QJsonArray changes = answer.value(QStringLiteral("code_changes")).toArray();
    for (qsizetype i = 0; i < changes.size(); ++i) {
        QJsonObject change = changes.at(i).toObject();
        const QString key = QStringLiteral("%1.code_changes[%2].content_file").arg(where).arg(i);
        if (change.contains(QStringLiteral("content_file"))) {
            const Result<QString> content = readContentFile(
                baseDirectory, change.value(QStringLiteral("content_file")).toString(), key);
            if (!content)
                return content.error();
            change.remove(QStringLiteral("content_file"));
            change.insert(QStringLiteral("content"), *content);
        }
        changes.replace(i, change);
    }
    answer.insert(QStringLiteral("code_changes"), changes);
    return QString::fromUtf8(QJsonDocument(answer).toJson(QJsonDocument::Indented));
}

Result<ScriptedAnswer> parseAnswer(const QJsonObject &o, const QString &baseDirectory,
                                   const QString &where)
{
    ScriptedAnswer answer;
    answer.ruleName = o.value(QStringLiteral("name")).toString();
    const Result<QString> finish =
        json::optionalString(o, QStringLiteral("finish_reason"), QStringLiteral("stop"), where);
    if (!finish)
        return finish.error();
    if (finish->isEmpty())
        return invalid(
            QStringLiteral("'%1' must say why the answer ends (\"stop\", \"length\", ...), "
                           "not be empty")
                .arg(json::keyPath(where, QStringLiteral("finish_reason"))));
    answer.finishReason = *finish;
    if (o.value(QStringLiteral("raw_content")).isString()) {
        answer.content = o.value(QStringLiteral("raw_content")).toString();
        return answer;
    }
    const QJsonValue value = o.value(QStringLiteral("answer"));
    if (!value.isObject())
        return invalid(
            QStringLiteral("'%1' needs an 'answer' object or a 'raw_content' string").arg(where));
    const Result<QString> content =
        answerContent(value.toObject(), baseDirectory, where + QStringLiteral(".answer"));
    if (!content)
        return content.error();
    answer.content = *content;
    return answer;
}

// "Task 1.1", "task_id: 1.1", "\"task_id\": \"1.1\"" - but not "Task 1.10".
QString taskIdPattern(const QString &id)
{
    return QStringLiteral("\\btask(?:[ _-]?id)?[\"']?\\s*[:=#]?\\s*[\"']?") +
           QRegularExpression::escape(id) + QStringLiteral("(?![\\w-]|\\.\\w)");
}

// The value as a whole word ("chat-app", not "chat-app-2").
QString wordPattern(const QString &word)
{
    return QStringLiteral("(?<![\\w.-])") + QRegularExpression::escape(word) +
           QStringLiteral("(?![\\w-]|\\.\\w)");
}

QString patternAsWritten(const QString &pattern)
{
    return pattern;
}

} // namespace

ScriptedScenario::ScriptedScenario() = default;

ScriptedAnswer ScriptedScenario::harmlessAnswer()
{
    const QJsonObject answer{
        {QStringLiteral("code_changes"),
         QJsonArray{QJsonObject{
             {QStringLiteral("file_path"), QStringLiteral("NOTES.md")},
             {QStringLiteral("operation"), QStringLiteral("create")},
             {QStringLiteral("content"),
              QStringLiteral("# Notes\n\nThe scripted offline model has no scripted answer for "
                             "this task, so this note is its only change.\n")}}}},
        {QStringLiteral("explanation"),
         QStringLiteral("Scripted offline model: no scenario rule matched this prompt, so the "
                        "answer is a harmless note instead of an implementation.")}};
    ScriptedAnswer scripted;
    scripted.content = QString::fromUtf8(QJsonDocument(answer).toJson(QJsonDocument::Indented));
    return scripted;
}

Result<ScriptedScenario> ScriptedScenario::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return invalid(
            QStringLiteral("cannot read the scenario file %1: %2").arg(path, file.errorString()));
    return fromJson(file.readAll(), QFileInfo(path).absolutePath());
}

Result<ScriptedScenario> ScriptedScenario::fromJson(const QByteArray &bytes,
                                                    const QString &baseDirectory)
{
    const Result<QJsonObject> root = json::parseObject(bytes, QStringLiteral("the scenario"));
    if (!root)
        return root.error();
    ScriptedScenario scenario;
    const QJsonArray rules = root->value(QStringLiteral("rules")).toArray();
    for (qsizetype i = 0; i < rules.size(); ++i) {
        const QString where = QStringLiteral("rules[%1]").arg(i);
        const QJsonObject o = rules.at(i).toObject();
        Result<ScriptedAnswer> answer = parseAnswer(o, baseDirectory, where);
        if (!answer)
            return answer.error();
        Rule rule;
        rule.name = o.value(QStringLiteral("name")).toString(where);
        rule.answer = *answer;
        rule.answer.ruleName = rule.name;
        const QJsonObject match = o.value(QStringLiteral("match")).toObject();
        const MatchCondition conditions[] = {
            {"task_id", &taskIdPattern, &rule.taskId},
            {"spec", &wordPattern, &rule.spec},
            {"title_regex", &patternAsWritten, &rule.title},
            {"prompt_regex", &patternAsWritten, &rule.prompt},
        };
        for (const MatchCondition &condition : conditions) {
            const QString key = QLatin1String(condition.key);
            if (!match.contains(key))
                continue;
            Result<QRegularExpression> regex =
                compile(condition.pattern(match.value(key).toString()),
                        QStringLiteral("%1.match.%2").arg(where, key));
            if (!regex)
                return regex.error();
            *condition.target = *regex;
        }
        scenario.m_rules.append(rule);
    }
    const QJsonValue fallback = root->value(QStringLiteral("fallback"));
    if (fallback.isObject()) {
        Result<ScriptedAnswer> answer =
            parseAnswer(fallback.toObject(), baseDirectory, QStringLiteral("fallback"));
        if (!answer)
            return answer.error();
        scenario.m_fallback = *answer;
    }
    return scenario;
}

bool ScriptedScenario::Rule::matches(const QString &text) const
{
    for (const auto *regex : {&taskId, &spec, &title, &prompt}) {
        if (*regex && !(*regex)->match(text).hasMatch())
            return false;
    }
    return true;
}

ScriptedAnswer ScriptedScenario::answerFor(const QString &prompt) const
{
    for (const Rule &rule : m_rules) {
        if (rule.matches(prompt))
            return rule.answer;
    }
    return m_fallback ? *m_fallback : harmlessAnswer();
}

} // namespace necrocode
