#include "workspace/GitAskPass.h"

#include <QFile>

namespace necrocode {

namespace {

const char kTokenVariable[] = "NECROCODE_GIT_ASKPASS_TOKEN";
const char kUserVariable[] = "NECROCODE_GIT_ASKPASS_USER";

// git calls the helper with the prompt as its only argument: "Username for '...': " or
// "Password for '...': ".
QByteArray scriptText()
{
    return QByteArrayLiteral("#!/bin/sh\n"
                             "case \"$1\" in\n"
                             "[Uu]sername*) printf '%s\\n' \"$") +
           kUserVariable + QByteArrayLiteral("\" ;;\n*) printf '%s\\n' \"$") + kTokenVariable +
           QByteArrayLiteral("\" ;;\nesac\n");
}

} // namespace

Result<std::unique_ptr<GitAskPass>> GitAskPass::create()
{
    std::unique_ptr<GitAskPass> helper(new GitAskPass);
    if (!helper->m_dir.isValid())
        return makeError(QStringLiteral("cannot create a private directory for the git askpass "
                                        "helper: %1")
                             .arg(helper->m_dir.errorString()),
                         QStringLiteral("git"));
    helper->m_scriptPath = helper->m_dir.filePath(QStringLiteral("askpass.sh"));
    QFile script(helper->m_scriptPath);
    if (!script.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        script.write(scriptText()) < 0 || !script.flush() ||
        !script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner))
        return makeError(QStringLiteral("cannot write the git askpass helper %1: %2")
                             .arg(helper->m_scriptPath, script.errorString()),
                         QStringLiteral("git"));
    return helper;
}

QMap<QString, QString> GitAskPass::environment(const QString &user, const QString &token) const
{
    return {{QStringLiteral("GIT_ASKPASS"), m_scriptPath},
            {QString::fromLatin1(kUserVariable), user},
            {QString::fromLatin1(kTokenVariable), token}};
}

} // namespace necrocode
