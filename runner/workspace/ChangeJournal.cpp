#include "workspace/ChangeJournal.h"

#include "workspace/AtomicFileWrite.h"

#include <QDir>
#include <QFile>

namespace necrocode {

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
