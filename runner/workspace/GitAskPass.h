// The GIT_ASKPASS helper: a tiny script in a private temporary directory that answers git's
// credential prompts from environment variables, so that a token never appears in command
// lines, remote URLs, files or logs.
#pragma once

#include "core/Result.h"

#include <QMap>
#include <QTemporaryDir>

#include <memory>

namespace necrocode {

class GitAskPass
{
public:
    // Writes the script (mode 0700, in a 0700 directory removed again by the destructor).
    static Result<std::unique_ptr<GitAskPass>> create();

    const QString &scriptPath() const { return m_scriptPath; }
    // The variables that make git ask this helper for `user` and `token`.
    QMap<QString, QString> environment(const QString &user, const QString &token) const;

private:
    GitAskPass() = default;

    QTemporaryDir m_dir;
    QString m_scriptPath;
};

} // namespace necrocode
