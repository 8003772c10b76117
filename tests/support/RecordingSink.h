// A log sink that records every entry that reaches it and counts the flushes, for tests that
// check what a component logged.
#pragma once

#include "log/LogSink.h"

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

} // namespace necrocode::test
