#include "workspace/GitHardening.h"

namespace necrocode {

QStringList hardenedGitOptions()
{
    QStringList options;
    for (const char *setting :
         {"core.hooksPath=/dev/null", "core.fsmonitor=false", "core.pager=cat", "core.editor=true",
          "sequence.editor=true", "credential.helper=", "protocol.ext.allow=never",
          "diff.external=", "commit.gpgsign=false", "tag.gpgsign=false"})
        options << QStringLiteral("-c") << QString::fromLatin1(setting);
    return options;
}

QMap<QString, QString> hardenedGitEnvironment()
{
    return {{QStringLiteral("GIT_CONFIG_NOSYSTEM"), QStringLiteral("1")},
            {QStringLiteral("GIT_TERMINAL_PROMPT"), QStringLiteral("0")},
            {QStringLiteral("GCM_INTERACTIVE"), QStringLiteral("never")},
            {QStringLiteral("GIT_SSH_COMMAND"), QStringLiteral("ssh -o BatchMode=yes")},
            {QStringLiteral("GIT_EDITOR"), QStringLiteral("true")},
            {QStringLiteral("GIT_PAGER"), QStringLiteral("cat")},
            {QStringLiteral("LC_ALL"), QStringLiteral("C")}};
}

QByteArray pristineSlotConfig(const QString &originUrl)
{
    QByteArray url = originUrl.toUtf8();
    url.replace('\\', "\\\\").replace('"', "\\\"");
    return QByteArrayLiteral("[core]\n"
                             "\trepositoryformatversion = 0\n"
                             "\tfilemode = true\n"
                             "\tbare = false\n"
                             "\tlogallrefupdates = true\n"
                             "[remote \"origin\"]\n"
                             "\turl = \"") +
           url +
           QByteArrayLiteral("\"\n"
                             "\tfetch = +refs/heads/*:refs/remotes/origin/*\n"
                             "[user]\n"
                             "\tname = NecroCode Runner\n"
                             "\temail = runner@necrocode.invalid\n");
}

} // namespace necrocode
