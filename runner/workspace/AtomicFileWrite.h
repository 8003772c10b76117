// Replaces a file's content so that a reader sees the old content or the new one, never a part:
// the bytes go to a new file beside it, which is then renamed over it. There is no fsync: the files
// written this way (a working copy's files, a slot's .git/config) are rebuilt from git whenever a
// slot is prepared, so waiting for the disk would only slow every run down.
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QFileDevice>
#include <QString>

namespace necrocode {

// `permissions` when given; else those of the file replaced; else the defaults (0666 less the
// umask). A symbolic link at `path` is replaced, not followed.
Status writeFileAtomically(const QString &path, const QByteArray &content,
                           QFileDevice::Permissions permissions = {});

} // namespace necrocode
