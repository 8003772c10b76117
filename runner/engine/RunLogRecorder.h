// Keeps the JSON lines of one run (entries stamped with its runner and task) for the run's "log"
// artifact. Entries arrive masked, since the dispatcher masks before any sink sees them.
#pragma once

#include "log/LogSink.h"

#include <QByteArray>
#include <QMutex>

namespace necrocode {

class RunLogRecorder : public LogSink
{
public:
    RunLogRecorder(QString runnerId, QString taskId,
                   qsizetype maxBytes = qsizetype{16} * 1024 * 1024);

    void write(const LogEntry &entry) override;
    void flush() override {}

    QByteArray jsonLines() const;
    qsizetype droppedEntries() const;

private:
    const QString m_runnerId;
    const QString m_taskId;
    const qsizetype m_maxBytes;
    mutable QMutex m_mutex;
    QByteArray m_lines;
    qsizetype m_dropped = 0;
};

} // namespace necrocode
