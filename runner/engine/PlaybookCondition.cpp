#include "engine/PlaybookCondition.h"

#include <QDir>
#include <QFileInfo>

namespace necrocode {

namespace {

QString unquoted(const QString &side)
{
    QString trimmed = side.trimmed();
    if (trimmed.size() >= 2 &&
        (trimmed.front() == QLatin1Char('"') || trimmed.front() == QLatin1Char('\'')) &&
        trimmed.back() == trimmed.front())
        return trimmed.mid(1, trimmed.size() - 2);
    return trimmed;
}

} // namespace

PlaybookCondition::PlaybookCondition(Kind kind, QString text, QString left, QString right)
    : m_kind(kind), m_text(std::move(text)), m_left(std::move(left)), m_right(std::move(right))
{}

Result<PlaybookCondition> PlaybookCondition::parse(const QString &text)
{
    const QString trimmed = text.trimmed();
    const QString notExists = QStringLiteral("not exists ");
    const QString exists = QStringLiteral("exists ");
    Result<PlaybookCondition> parsed = makeError(QString());
    if (trimmed.startsWith(notExists))
        parsed = PlaybookCondition(Kind::NotExists, trimmed,
                                   unquoted(trimmed.mid(notExists.size())), QString());
    else if (trimmed.startsWith(exists))
        parsed = PlaybookCondition(Kind::Exists, trimmed, unquoted(trimmed.mid(exists.size())),
                                   QString());
    else {
        const qsizetype equals = trimmed.indexOf(QLatin1String("=="));
        const qsizetype differs = trimmed.indexOf(QLatin1String("!="));
        const bool isEquals = equals >= 0 && (differs < 0 || equals < differs);
        const qsizetype at = isEquals ? equals : differs;
        if (at < 0)
            return makeError(QStringLiteral("cannot read the condition \"%1\": expected "
                                            "'A == B', 'A != B', 'exists PATH' or "
                                            "'not exists PATH'")
                                 .arg(text),
                             QStringLiteral("playbook"));
        parsed = PlaybookCondition(isEquals ? Kind::Equals : Kind::NotEquals, trimmed,
                                   unquoted(trimmed.left(at)), unquoted(trimmed.mid(at + 2)));
    }
    if (parsed->m_left.isEmpty() && parsed->m_kind != Kind::Equals &&
        parsed->m_kind != Kind::NotEquals)
        return makeError(QStringLiteral("the condition \"%1\" names no path").arg(text),
                         QStringLiteral("playbook"));
    for (const QString &side : {parsed->m_left, parsed->m_right})
        if (const auto names = PlaybookVariables::referencedNames(side); !names)
            return names.error();
    return parsed;
}

QStringList PlaybookCondition::referencedNames() const
{
    QStringList names;
    for (const QString &side : {m_left, m_right})
        if (const auto found = PlaybookVariables::referencedNames(side))
            names += found.value();
    return names;
}

Result<bool> PlaybookCondition::evaluate(const PlaybookVariables &variables,
                                         const QString &workspace) const
{
    const auto left = variables.expand(m_left, PlaybookVariables::Quoting::None);
    if (!left)
        return left.error();
    const auto right = variables.expand(m_right, PlaybookVariables::Quoting::None);
    if (!right)
        return right.error();
    switch (m_kind) {
    case Kind::Equals:
        return left->trimmed() == right->trimmed();
    case Kind::NotEquals:
        return left->trimmed() != right->trimmed();
    case Kind::Exists:
    case Kind::NotExists: {
        const bool found = QFileInfo::exists(QDir(workspace).filePath(left->trimmed()));
        return m_kind == Kind::Exists ? found : !found;
    }
    }
    return false;
}

} // namespace necrocode
