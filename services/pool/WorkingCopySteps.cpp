#include "pool/WorkingCopySteps.h"

#include <QDir>
#include <QRegularExpression>
#include <QUrl>

namespace necrocode {

QString repositoryBaseName(const QString &repoUrl)
{
    QString path = repoUrl.trimmed();
    const QUrl url(path);
    if (url.isValid() && url.scheme().size() > 1)
        path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    QString name = path.section(QRegularExpression(QStringLiteral("[/:\\\\]")), -1);
    if (name.endsWith(QLatin1String(".git")))
        name.chop(4);
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9._-]+"));
    name.replace(unsafe, QStringLiteral("-"));
    return name.isEmpty() || name.startsWith(QLatin1Char('.')) ? QStringLiteral("repo") : name;
}

QList<GitStep> cleaningSteps(const QString &slotPath, const QString &branch)
{
    QList<GitStep> steps;
    const QDir gitDir(QDir(slotPath).filePath(QStringLiteral(".git")));
    if (gitDir.exists(QStringLiteral("rebase-merge")) ||
        gitDir.exists(QStringLiteral("rebase-apply")))
        steps.append({{QStringLiteral("rebase"), QStringLiteral("--abort")}, true});
    steps.append(
        {{QStringLiteral("reset"), QStringLiteral("--hard"), QStringLiteral("--quiet")}, true});
    steps.append({{QStringLiteral("clean"), QStringLiteral("-ffdxq")}});
    steps.append({{QStringLiteral("fetch"), QStringLiteral("--prune"), QStringLiteral("--quiet"),
                   QStringLiteral("origin")}});
    steps.append({{QStringLiteral("checkout"), QStringLiteral("--quiet"), QStringLiteral("-f"),
                   QStringLiteral("-B"), branch, QStringLiteral("origin/") + branch}});
    steps.append({{QStringLiteral("clean"), QStringLiteral("-ffdxq")}});
    return steps;
}

QList<GitStep> commitIdentitySteps()
{
    return {{{QStringLiteral("config"), QStringLiteral("user.name"),
              QStringLiteral("NecroCode Runner")}},
            {{QStringLiteral("config"), QStringLiteral("user.email"),
              QStringLiteral("runner@necrocode.invalid")}}};
}

} // namespace necrocode
