#include "log/LogEntry.h"

#include <QDateTime>

namespace necrocode {

LogEntry LogEntry::now(LogLevel level, QString logger, QString message, QJsonObject extra)
{
    const QDateTime local = QDateTime::currentDateTime();
    LogEntry entry;
    entry.timestampMs = local.toMSecsSinceEpoch();
    entry.utcOffsetSeconds = local.offsetFromUtc();
    entry.level = level;
    entry.logger = std::move(logger);
    entry.message = std::move(message);
    entry.extra = std::move(extra);
    return entry;
}

} // namespace necrocode
