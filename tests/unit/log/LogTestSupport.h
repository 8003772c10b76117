// Helpers shared by the log tests: a sink that records what reaches it, and file readers.
#pragma once

#include "log/LogSink.h"

#include <QByteArrayList>
#include <QFile>

#include <mutex>
#include <vector>

namespace necrocode::test {

class RecordingSink final : public LogSink
{
public:
    void write(const LogEntry &entry) override
    {
        const std::lock_guard lock(m_mutex);
        m_entries.push_back(entry);
    }
    void flush() override
    {
        const std::lock_guard lock(m_mutex);
        ++m_flushes;
    }
    std::vector<LogEntry> entries() const
    {
        const std::lock_guard lock(m_mutex);
        return m_entries;
    }
    int flushCount() const
    {
        const std::lock_guard lock(m_mutex);
        return m_flushes;
    }

private:
    mutable std::mutex m_mutex;
    std::vector<LogEntry> m_entries;
    int m_flushes = 0;
};

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
