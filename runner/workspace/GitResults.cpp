#include "workspace/GitResults.h"

namespace necrocode {

WorkspaceDiff WorkspaceDiff::fromNumstat(const QByteArray &numstat)
{
    WorkspaceDiff diff;
    for (const QByteArray &record : numstat.split('\0')) {
        const QList<QByteArray> fields = record.split('\t');
        if (fields.size() < 3)
            continue;
        // Binary files show "-" for both counts, which toInt() reads as 0.
        diff.linesAdded += fields.at(0).toInt();
        diff.linesRemoved += fields.at(1).toInt();
        diff.files.append(
            QString::fromUtf8(record.mid(fields.at(0).size() + fields.at(1).size() + 2)));
    }
    return diff;
}

} // namespace necrocode
