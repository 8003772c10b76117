// The `if:` of a playbook step. Four forms, nothing more:
//   A == B        equal after substitution and trimming (quotes around a side are removed)
//   A != B        not equal
//   exists P      the file or directory P exists (relative to the workspace)
//   not exists P  it does not
// A, B and P may hold `{{variables}}`; an empty variable compares equal to "".
#pragma once

#include "core/Result.h"
#include "engine/PlaybookVariables.h"

#include <QString>
#include <QStringList>

namespace necrocode {

class PlaybookCondition
{
public:
    enum class Kind { Equals, NotEquals, Exists, NotExists };

    static Result<PlaybookCondition> parse(const QString &text);

    Kind kind() const { return m_kind; }
    const QString &text() const { return m_text; }
    // The variables both sides refer to.
    QStringList referencedNames() const;

    Result<bool> evaluate(const PlaybookVariables &variables, const QString &workspace) const;

private:
    PlaybookCondition(Kind kind, QString text, QString left, QString right);

    Kind m_kind;
    QString m_text;
    QString m_left; // the path for Exists / NotExists
    QString m_right;
};

} // namespace necrocode
