// The values a playbook's `{{name}}` placeholders stand for: taken from the task context, the
// workspace and the test commands. Text values are shell-quoted when they go into a command, so a
// title such as "$(rm -rf ~)" stays text; command values (the test commands) go in as written.
#pragma once

#include "core/Result.h"
#include "core/TaskContext.h"

#include <QHash>
#include <QStringList>

namespace necrocode {

class PlaybookVariables
{
public:
    enum class Kind { Text, Command };
    enum class Quoting { Shell, None }; // Shell: for commands; None: for conditions

    // The name bound to the current element of a `for_each` list.
    static QString itemName() { return QStringLiteral("item"); }
    // Every name a playbook may use outside `for_each` (`item` is only known inside one).
    static QStringList standardNames();
    // The standard names that hold lists, which `for_each` can walk through.
    static QStringList listNames();

    static PlaybookVariables forTask(const TaskContext &task, const QString &workspace,
                                     const QStringList &testCommands, const QString &baseBranch);

    void setText(const QString &name, const QString &value);
    void setList(const QString &name, const QStringList &values, Kind kind);
    // Binds `item` to one element of the list `listName`, with that list's kind.
    void bindItem(const QString &listName, const QString &value);

    bool contains(const QString &name) const { return m_values.contains(name); }
    bool isList(const QString &name) const;
    QStringList list(const QString &name) const;

    // Replaces every `{{ name }}`; an unknown name or an unclosed `{{` is an error naming it.
    Result<QString> expand(const QString &text, Quoting quoting) const;

    // The names a text refers to, or an error for an unclosed `{{` or a malformed name.
    static Result<QStringList> referencedNames(const QString &text);

private:
    struct Value
    {
        QStringList values;
        Kind kind = Kind::Text;
        bool list = false;
    };

    QString render(const Value &value, Quoting quoting) const;

    QHash<QString, Value> m_values;
};

} // namespace necrocode
