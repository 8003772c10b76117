#include "pool/WorkingCopySteps.h"

#include <QDir>
#include <QRegularExpression>
#include <QUrl>

namespace necrocode {

QStringList defaultRepoUrlSchemes()
{
    return {QStringLiteral("file"), QStringLiteral("https"), QStringLiteral("ssh")};
}

QStringList knownRepoUrlSchemes()
{
    return {QStringLiteral("file"), QStringLiteral("https"), QStringLiteral("ssh"),
            QStringLiteral("http"), QStringLiteral("git")};
}

QString repoUrlProblem(const QString &repoUrl, const QStringList &allowedSchemes)
{
    static const QRegularExpression schemePattern(QStringLiteral("^([A-Za-z][A-Za-z0-9+.-]*)://"));
    static const QRegularExpression scpLike(QStringLiteral("^([^/@:]+@)?[^/:]+:[^/]"));
    static const QRegularExpression control(QStringLiteral("[\\x00-\\x1f\\x7f]"));
    const QString url = repoUrl.trimmed();
    if (url.isEmpty())
        return QStringLiteral("'repo_url' is empty");
    if (url.startsWith(QLatin1Char('-')))
        return QStringLiteral("'repo_url' must not start with '-'");
    if (url.contains(control))
        return QStringLiteral("'repo_url' contains control characters");
    if (url.contains(QLatin1String("::")))
        return QStringLiteral("'repo_url' uses a git transport helper ('<name>::'), which the "
                              "pool does not run");
    const QRegularExpressionMatch scheme = schemePattern.match(url);
    if (scheme.hasMatch()) {
        const QString name = scheme.captured(1).toLower();
        if (!allowedSchemes.contains(name))
            return QStringLiteral("'repo_url' scheme '%1' is not one of %2 (the pool's "
                                  "repo_pool.allowed_url_schemes)")
                .arg(name, allowedSchemes.join(QStringLiteral(", ")));
        const QUrl parsed(url, QUrl::StrictMode);
        if (!parsed.isValid())
            return QStringLiteral("'repo_url' is not a valid URL");
        if (!parsed.password().isEmpty())
            return QStringLiteral("'repo_url' %1 carries a password: give the pool credentials "
                                  "of its own instead (the runner's token travels separately)")
                .arg(parsed.toDisplayString(QUrl::RemoveUserInfo));
        return QString();
    }
    if (QDir::isAbsolutePath(url) && allowedSchemes.contains(QLatin1String("file")))
        return QString();
    if (!QDir::isAbsolutePath(url) && scpLike.match(url).hasMatch() &&
        allowedSchemes.contains(QLatin1String("ssh")))
        return QString();
    QStringList forms;
    for (const QString &name : allowedSchemes)
        forms.append(name + QStringLiteral("://"));
    if (allowedSchemes.contains(QLatin1String("file")))
        forms.append(QStringLiteral("an absolute path"));
    if (allowedSchemes.contains(QLatin1String("ssh")))
        forms.append(QStringLiteral("user@host:path"));
    return QStringLiteral("'repo_url' must be one of: %1").arg(forms.join(QStringLiteral(", ")));
}

QString repositoryBaseName(const QString &repoUrl)
{
    QString path = repoUrl.trimmed();
    const QUrl url(path);
    if (url.isValid() && url.scheme().size() > 1)
        path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    static const QRegularExpression separator(QStringLiteral("[/:\\\\]"));
    QString name = path.section(separator, -1);
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

} // namespace necrocode
