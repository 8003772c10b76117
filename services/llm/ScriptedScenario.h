// The answers of the scripted model: rules that match a prompt (task id, spec, title or prompt
// regex) and give either a SPEC §2.4 answer ({"code_changes","explanation"}) or a raw content
// string (for failure demos). A prompt no rule matches gets a harmless NOTES.md answer.
//
// File format: {"rules":[{"name", "match":{"task_id","spec","title_regex","prompt_regex"},
//   "answer":{"code_changes":[{"file_path","operation","content" | "content_file"}],
//   "explanation"} | "raw_content", "finish_reason"?}], "fallback"?: {answer | raw_content}}.
// "content_file" is read relative to the scenario file; regexes ignore case.
#pragma once

#include "core/Result.h"

#include <QList>
#include <QRegularExpression>
#include <QString>

#include <optional>

namespace necrocode {

struct ScriptedAnswer
{
    QString ruleName; // empty for the built-in fallback
    QString content;  // choices[0].message.content
    QString finishReason = QStringLiteral("stop");
};

class ScriptedScenario
{
public:
    // Only the built-in fallback.
    ScriptedScenario();

    static Result<ScriptedScenario> load(const QString &path);
    static Result<ScriptedScenario> fromJson(const QByteArray &json, const QString &baseDirectory);

    ScriptedAnswer answerFor(const QString &prompt) const;
    qsizetype ruleCount() const { return m_rules.size(); }

    static ScriptedAnswer harmlessAnswer();

private:
    struct Rule
    {
        QString name;
        std::optional<QRegularExpression> taskId;
        std::optional<QRegularExpression> spec;
        std::optional<QRegularExpression> title;
        std::optional<QRegularExpression> prompt;
        ScriptedAnswer answer;

        bool matches(const QString &prompt) const;
    };
    struct MatchCondition
    {
        const char *key;
        QString (*pattern)(const QString &value);
        std::optional<QRegularExpression> *target;
    };

    QList<Rule> m_rules;
    std::optional<ScriptedAnswer> m_fallback;
};

} // namespace necrocode
