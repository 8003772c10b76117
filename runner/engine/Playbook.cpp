#include "engine/Playbook.h"

#include "engine/PlaybookVariables.h"

#include <QSet>

namespace necrocode {

Status Playbook::validate() const
{
    const QStringList standard = PlaybookVariables::standardNames();
    const QStringList lists = PlaybookVariables::listNames();
    if (steps.isEmpty())
        return makeError(QStringLiteral("%1: the playbook has no steps").arg(source),
                         QStringLiteral("playbook"));
    QSet<QString> names;
    for (const PlaybookStep &step : steps) {
        const QString where =
            QStringLiteral("%1: step '%2'%3")
                .arg(source, step.name,
                     step.line > 0 ? QStringLiteral(" (line %1)").arg(step.line) : QString());
        auto fail = [&where](const QString &problem) {
            return makeError(where + QStringLiteral(": ") + problem, QStringLiteral("playbook"));
        };
        if (step.name.trimmed().isEmpty())
            return fail(QStringLiteral("the step has no name"));
        if (names.contains(step.name))
            return fail(QStringLiteral("another step has the same name"));
        names.insert(step.name);
        if (step.command.trimmed().isEmpty())
            return fail(QStringLiteral("the step has no command"));
        if (!step.forEach.isEmpty() && !lists.contains(step.forEach))
            return fail(QStringLiteral("for_each needs a list variable (%1), not '%2'")
                            .arg(lists.join(QStringLiteral(", ")), step.forEach));
        if (step.timeoutSeconds && *step.timeoutSeconds <= 0)
            return fail(QStringLiteral("timeout_seconds must be positive"));
        if (step.retries < 0 || step.retryDelaySeconds < 0)
            return fail(QStringLiteral("retries and retry_delay_seconds cannot be negative"));

        QStringList known = standard;
        if (!step.forEach.isEmpty())
            known.append(PlaybookVariables::itemName());
        QStringList referenced;
        for (const QString &text : {step.command, step.elseCommand}) {
            const auto found = PlaybookVariables::referencedNames(text);
            if (!found)
                return fail(found.errorMessage());
            referenced += found.value();
        }
        if (step.condition)
            referenced += step.condition->referencedNames();
        for (const QString &name : std::as_const(referenced))
            if (!known.contains(name))
                return fail(QStringLiteral("unknown variable '{{%1}}'%2")
                                .arg(name, name == PlaybookVariables::itemName()
                                               ? QStringLiteral(" (only known in a for_each step)")
                                               : QStringLiteral(" (known: %1)")
                                                     .arg(known.join(QStringLiteral(", ")))));
    }
    return Ok{};
}

} // namespace necrocode
