#include "engine/RunLogRecorder.h"

#include "log/JsonLineFormatter.h"

namespace necrocode {

RunLogRecorder::RunLogRecorder(QString runnerId, QString taskId, qsizetype maxBytes)
    : m_runnerId(std::move(runnerId)), m_taskId(std::move(taskId)), m_maxBytes(maxBytes)
{}

void RunLogRecorder::write(const LogEntry &entry)
{
    if (entry.runnerId != m_runnerId || entry.taskId != m_taskId)
        return;
    const QByteArray line = formatJsonLine(entry);
    QMutexLocker lock(&m_mutex);
    if (m_lines.size() + line.size() > m_maxBytes) {
        ++m_dropped;
        return;
    }
    m_lines += line;
}

QByteArray RunLogRecorder::jsonLines() const
{
    QMutexLocker lock(&m_mutex);
    return m_lines;
}

qsizetype RunLogRecorder::droppedEntries() const
{
    QMutexLocker lock(&m_mutex);
    return m_dropped;
}

} // namespace necrocode
