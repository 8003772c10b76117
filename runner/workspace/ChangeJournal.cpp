#include "workspace/ChangeJournal.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

namespace necrocode {

Status writeFileAtomically(const QString &path, const QByteArray &content,
                           QFileDevice::Permissions permissions)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.commit())
        return makeError(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()),
                         QStringLiteral("workspace"));
    if (permissions && !QFile::setPermissions(path, permissions))
        return makeError(QStringLiteral("cannot set the permissions of %1").arg(path),
                         QStringLiteral("workspace"));
    return Ok{};
}

void ChangeJournal::recordCreatedDirectory(const QString &path)
{
    m_entries.append({Kind::CreatedDirectory, path, {}, {}});
}

void ChangeJournal::recordCreatedFile(const QString &path)
{
    m_entries.append({Kind::CreatedFile, path, {}, {}});
}

void ChangeJournal::recordReplacedFile(const QString &path, QByteArray content,
                                       QFileDevice::Permissions permissions)
{
    m_entries.append({Kind::ReplacedFile, path, std::move(content), permissions});
}

QStringList ChangeJournal::rollBack()
{
    QStringList problems;
    for (auto it = m_entries.crbegin(); it != m_entries.crend(); ++it) {
        switch (it->kind) {
        case Kind::CreatedDirectory:
            if (!QDir().rmdir(it->path))
                problems.append(QStringLiteral("cannot remove the directory %1").arg(it->path));
            break;
        case Kind::CreatedFile:
            if (QFile::exists(it->path) && !QFile::remove(it->path))
                problems.append(QStringLiteral("cannot remove %1").arg(it->path));
            break;
        case Kind::ReplacedFile:
            if (const Status restored = writeFileAtomically(it->path, it->content, it->permissions);
                !restored)
                problems.append(restored.errorMessage());
            break;
        }
    }
    m_entries.clear();
    return problems;
}

} // namespace necrocode
