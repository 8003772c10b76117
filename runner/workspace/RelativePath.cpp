#include "workspace/RelativePath.h"

#include <QStringList>

namespace necrocode {

namespace {

// ".git" as git sees it on any file system: trailing spaces and dots are ignored, and "git~1" is
// its 8.3 short name.
bool isGitDirectoryName(QString part)
{
    while (part.endsWith(QLatin1Char(' ')) || part.endsWith(QLatin1Char('.')))
        part.chop(1);
    return part.compare(QLatin1String(".git"), Qt::CaseInsensitive) == 0 ||
           part.compare(QLatin1String("git~1"), Qt::CaseInsensitive) == 0;
}

Error parseError(const QString &message)
{
    return makeError(message, QStringLiteral("parse"));
}

} // namespace

Result<QString> checkRelativePath(const QString &rawPath)
{
    QString path = rawPath.trimmed();
    if (path.isEmpty())
        return parseError(QStringLiteral("the path is empty"));
    if (path.contains(QChar(0)))
        return parseError(QStringLiteral("the path contains a NUL character"));
    path.replace(QLatin1Char('\\'), QLatin1Char('/'));
    if (path.startsWith(QLatin1Char('/')) || path.startsWith(QLatin1Char('~')) ||
        (path.size() >= 2 && path.at(1) == QLatin1Char(':')))
        return parseError(QStringLiteral("'%1' is an absolute path").arg(rawPath));
    QStringList parts;
    for (const QString &part : path.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        if (part == QLatin1String("."))
            continue;
        if (part == QLatin1String(".."))
            return parseError(QStringLiteral("'%1' leaves the workspace ('..')").arg(rawPath));
        if (isGitDirectoryName(part))
            return parseError(QStringLiteral("'%1' is inside .git/").arg(rawPath));
        parts.append(part);
    }
    if (parts.isEmpty())
        return parseError(QStringLiteral("'%1' names no file").arg(rawPath));
    return parts.join(QLatin1Char('/'));
}

} // namespace necrocode
