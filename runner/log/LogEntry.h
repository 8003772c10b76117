// One structured log entry (SPEC §3.1): the value that travels from loggers to every sink.
#pragma once

#include "core/LogLevel.h"

#include <QJsonObject>
#include <QString>

namespace necrocode {

struct LogEntry
{
    qint64 timestampMs = 0;   // milliseconds since the Unix epoch, UTC
    int utcOffsetSeconds = 0; // offset of the local time zone when the entry was made
    LogLevel level = LogLevel::Info;
    QString logger; // component, e.g. "necrocode.runner.llm_client"
    QString message;
    QString runnerId; // empty when unknown
    QString taskId;
    QString specName;
    QString exception; // empty when none
    QJsonObject extra; // the call's fields: service, operation, duration_seconds, ...

    // The current time with the local UTC offset.
    static LogEntry now(LogLevel level, QString logger, QString message, QJsonObject extra = {});

    friend bool operator==(const LogEntry &, const LogEntry &) = default;
};

} // namespace necrocode
