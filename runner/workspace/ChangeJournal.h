// Remembers what applying a change set did to the file system (files written or removed with
// their former content and permissions, files and directories created) so that it can all be
// undone, newest first.
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QFileDevice>
#include <QList>
#include <QString>
#include <QStringList>

namespace necrocode {

class ChangeJournal
{
public:
    void recordCreatedDirectory(const QString &path);
    void recordCreatedFile(const QString &path);
    // A file that existed before it was overwritten or removed.
    void recordReplacedFile(const QString &path, QByteArray content,
                            QFileDevice::Permissions permissions);

    bool isEmpty() const { return m_entries.isEmpty(); }

    // Undoes everything recorded, newest first, and forgets it. Returns what could not be undone.
    QStringList rollBack();

private:
    enum class Kind { CreatedDirectory, CreatedFile, ReplacedFile };
    struct Entry
    {
        Kind kind;
        QString path;
        QByteArray content;
        QFileDevice::Permissions permissions;
    };

    QList<Entry> m_entries;
};

} // namespace necrocode
