#include "UtcTimestamp.h"

#include "log/JsonLineFormatter.h"

#include <QDateTime>

namespace necrocode {

QString isoUtcTimestamp(qint64 msecsSinceEpoch)
{
    return QString::fromLatin1(formatIsoTimestamp(msecsSinceEpoch, 0));
}

QString isoUtcNow()
{
    return isoUtcTimestamp(QDateTime::currentMSecsSinceEpoch());
}

} // namespace necrocode
