#include "engine/PlaybookVariables.h"

#include "workspace/ProcessSpec.h"

#include <QRegularExpression>

namespace necrocode {

namespace {

Error playbookError(const QString &message)
{
    return makeError(message, QStringLiteral("playbook"));
}

} // namespace

QStringList PlaybookVariables::standardNames()
{
    return {QStringLiteral("task_id"),      QStringLiteral("spec_name"),
            QStringLiteral("title"),        QStringLiteral("description"),
            QStringLiteral("complexity"),   QStringLiteral("required_skill"),
            QStringLiteral("branch_name"),  QStringLiteral("base_branch"),
            QStringLiteral("workspace"),    QStringLiteral("timeout_seconds"),
            QStringLiteral("fail_fast"),    QStringLiteral("test_commands"),
            QStringLiteral("related_files")};
}

QStringList PlaybookVariables::listNames()
{
    return {QStringLiteral("test_commands"), QStringLiteral("related_files")};
}

PlaybookVariables PlaybookVariables::forTask(const TaskContext &task, const QString &workspace,
                                             const QStringList &testCommands,
                                             const QString &baseBranch)
{
    PlaybookVariables variables;
    variables.setText(QStringLiteral("task_id"), task.taskId);
    variables.setText(QStringLiteral("spec_name"), task.specName);
    variables.setText(QStringLiteral("title"), task.title);
    variables.setText(QStringLiteral("description"), task.description);
    variables.setText(QStringLiteral("complexity"), complexityName(task.complexity));
    variables.setText(QStringLiteral("required_skill"), task.requiredSkill);
    variables.setText(QStringLiteral("branch_name"), task.effectiveBranchName());
    variables.setText(QStringLiteral("base_branch"), baseBranch);
    variables.setText(QStringLiteral("workspace"), workspace);
    variables.setText(QStringLiteral("timeout_seconds"), QString::number(task.timeoutSeconds));
    variables.setText(QStringLiteral("fail_fast"),
                      task.failFast ? QStringLiteral("true") : QStringLiteral("false"));
    variables.setList(QStringLiteral("test_commands"), testCommands, Kind::Command);
    variables.setList(QStringLiteral("related_files"), task.relatedFiles, Kind::Text);
    return variables;
}

void PlaybookVariables::setText(const QString &name, const QString &value)
{
    m_values.insert(name, Value{{value}, Kind::Text, false});
}

void PlaybookVariables::setList(const QString &name, const QStringList &values, Kind kind)
{
    m_values.insert(name, Value{values, kind, true});
}

void PlaybookVariables::bindItem(const QString &listName, const QString &value)
{
    const Kind kind = m_values.value(listName).kind;
    m_values.insert(itemName(), Value{{value}, kind, false});
}

bool PlaybookVariables::isList(const QString &name) const
{
    return m_values.value(name).list;
}

QStringList PlaybookVariables::list(const QString &name) const
{
    return m_values.value(name).values;
}

QString PlaybookVariables::render(const Value &value, Quoting quoting) const
{
    if (value.kind == Kind::Command) {
        // Several commands run one after the other and stop at the first failure.
        return value.values.join(QStringLiteral(" && "));
    }
    if (quoting == Quoting::None)
        return value.values.join(QLatin1Char(' '));
    if (!value.list)
        return shellQuote(value.values.value(0));
    QStringList words;
    for (const QString &word : value.values)
        words.append(shellQuote(word));
    return words.join(QLatin1Char(' '));
}

Result<QStringList> PlaybookVariables::referencedNames(const QString &text)
{
    static const QRegularExpression name(QStringLiteral("^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*$"));
    QStringList names;
    qsizetype from = 0;
    while (true) {
        const qsizetype open = text.indexOf(QLatin1String("{{"), from);
        if (open < 0)
            return names;
        const qsizetype close = text.indexOf(QLatin1String("}}"), open + 2);
        if (close < 0)
            return playbookError(QStringLiteral("'{{' without a closing '}}' in \"%1\"").arg(text));
        const QString inner = text.mid(open + 2, close - open - 2);
        const QRegularExpressionMatch match = name.match(inner);
        if (!match.hasMatch())
            return playbookError(
                QStringLiteral("'{{%1}}' is not a variable name in \"%2\"").arg(inner, text));
        names.append(match.captured(1));
        from = close + 2;
    }
}

Result<QString> PlaybookVariables::expand(const QString &text, Quoting quoting) const
{
    const auto names = referencedNames(text);
    if (!names)
        return names.error();
    QString result;
    qsizetype from = 0;
    for (const QString &name : names.value()) {
        const qsizetype open = text.indexOf(QLatin1String("{{"), from);
        const qsizetype close = text.indexOf(QLatin1String("}}"), open + 2);
        const auto value = m_values.constFind(name);
        if (value == m_values.cend())
            return playbookError(QStringLiteral("unknown variable '{{%1}}'").arg(name));
        result += QStringView(text).mid(from, open - from);
        result += render(*value, quoting);
        from = close + 2;
    }
    result += QStringView(text).mid(from);
    return result;
}

} // namespace necrocode
