#include "workspace/WorkspacePaths.h"

#include "workspace/RelativePath.h"

#include <QDir>
#include <QFileInfo>

namespace necrocode {

namespace {

Error workspaceError(const QString &message)
{
    return makeError(message, QStringLiteral("workspace"));
}

bool hasGitComponent(QStringView relative)
{
    for (const QStringView part : relative.split(QLatin1Char('/'), Qt::SkipEmptyParts))
        if (part.compare(QLatin1String(".git"), Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

} // namespace

Result<WorkspacePaths> WorkspacePaths::open(const QString &root)
{
    const QFileInfo info(root);
    if (!info.isDir())
        return workspaceError(QStringLiteral("the workspace %1 is not a directory").arg(root));
    return WorkspacePaths(info.canonicalFilePath());
}

bool WorkspacePaths::isInside(const QString &canonicalPath) const
{
    if (canonicalPath == m_root)
        return true;
    return canonicalPath.startsWith(m_root) &&
           canonicalPath.at(m_root.size()) == QLatin1Char('/') &&
           !hasGitComponent(QStringView(canonicalPath).mid(m_root.size()));
}

Result<QString> WorkspacePaths::resolve(const QString &relativePath) const
{
    const auto checked = checkRelativePath(relativePath);
    if (!checked)
        return workspaceError(checked.errorMessage());
    const QStringList parts = checked.value().split(QLatin1Char('/'));

    // Walk the directories that exist already; each is replaced by its canonical form.
    QString resolved = m_root;
    qsizetype existing = 0;
    for (; existing < parts.size() - 1; ++existing) {
        const QString next = resolved + QLatin1Char('/') + parts.at(existing);
        const QFileInfo info(next);
        if (!info.exists() && !info.isSymLink())
            break;
        const QString shown = parts.mid(0, existing + 1).join(QLatin1Char('/'));
        const QString canonical = info.canonicalFilePath();
        if (canonical.isEmpty())
            return workspaceError(QStringLiteral("'%1' is a symbolic link to nothing").arg(shown));
        if (!isInside(canonical))
            return workspaceError(
                QStringLiteral("'%1' leads to %2, outside the workspace or into .git")
                    .arg(shown, canonical));
        if (!QFileInfo(canonical).isDir())
            return workspaceError(QStringLiteral("'%1' is not a directory").arg(shown));
        resolved = canonical;
    }
    for (qsizetype i = existing; i < parts.size(); ++i)
        resolved += QLatin1Char('/') + parts.at(i);

    const QFileInfo target(resolved);
    if (target.isSymLink())
        return workspaceError(
            QStringLiteral("'%1' is a symbolic link; writing through it is refused")
                .arg(checked.value()));
    return resolved;
}

} // namespace necrocode
