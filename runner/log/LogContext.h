// Who a log entry is about: the runner, task and spec a logger stamps on every entry it makes.
#pragma once

#include "log/LogEntry.h"

#include <QString>

namespace necrocode {

struct LogContext
{
    QString runnerId; // empty when unknown
    QString taskId;
    QString specName;

    void stamp(LogEntry &entry) const
    {
        entry.runnerId = runnerId;
        entry.taskId = taskId;
        entry.specName = specName;
    }

    friend bool operator==(const LogContext &, const LogContext &) = default;
};

} // namespace necrocode
