#include "workspace/ProcessSpec.h"

#include <algorithm>

namespace necrocode {

QString shellQuote(const QString &word)
{
    static const QString safe = QStringLiteral("@%+=:,./-_");
    const bool plain = !word.isEmpty() && std::all_of(word.begin(), word.end(), [](QChar c) {
        return (c.unicode() < 128 && c.isLetterOrNumber()) || safe.contains(c);
    });
    if (plain)
        return word;
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

ProcessSpec ProcessSpec::shell(QString command)
{
    ProcessSpec spec;
    spec.shellCommand = std::move(command);
    return spec;
}

ProcessSpec ProcessSpec::command(QString program, QStringList arguments)
{
    ProcessSpec spec;
    spec.program = std::move(program);
    spec.arguments = std::move(arguments);
    return spec;
}

QString ProcessSpec::displayCommand() const
{
    if (!shellCommand.isEmpty())
        return shellCommand;
    QStringList words{shellQuote(program)};
    for (const QString &argument : arguments)
        words.append(shellQuote(argument));
    return words.join(QLatin1Char(' '));
}

QString ProcessOutcome::describe() const
{
    if (failedToStart)
        return QStringLiteral("could not start: %1").arg(errorMessage);
    if (timedOut)
        return QStringLiteral("timed out after %1 s").arg(durationSeconds, 0, 'f', 1);
    if (cancelled)
        return QStringLiteral("cancelled");
    if (crashed)
        return QStringLiteral("crashed (%1)").arg(errorMessage);
    return QStringLiteral("exit code %1").arg(exitCode);
}

} // namespace necrocode
