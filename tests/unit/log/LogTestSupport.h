// Helpers shared by the log tests: file readers (and the recording sink of tests/support).
#pragma once

#include "RecordingSink.h"

#include <QByteArrayList>
#include <QFile>

namespace necrocode::test {

// The lines of a file without their '\n'; empty when the file does not exist.
inline QByteArrayList readLines(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QByteArrayList lines = file.readAll().split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

} // namespace necrocode::test
