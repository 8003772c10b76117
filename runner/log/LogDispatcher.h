// Routes log entries from every logger to the sinks: drops what is below the threshold, masks
// secrets, then writes to each sink. Shared by all loggers of a process via std::shared_ptr.
#pragma once

#include "log/LogSink.h"
#include "log/SecretMasker.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

namespace necrocode {

class LogDispatcher
{
public:
    explicit LogDispatcher(LogLevel threshold = LogLevel::Info, SecretMasker masker = {});
    ~LogDispatcher(); // flushes every sink

    LogDispatcher(const LogDispatcher &) = delete;
    LogDispatcher &operator=(const LogDispatcher &) = delete;

    void setThreshold(LogLevel threshold);
    LogLevel threshold() const;
    bool isEnabled(LogLevel level) const
    {
        return quint8(level) >= m_threshold.load(std::memory_order_relaxed);
    }

    void setMasker(SecretMasker masker);
    SecretMasker masker() const;

    void addSink(std::shared_ptr<LogSink> sink);
    void removeSink(const std::shared_ptr<LogSink> &sink);
    std::size_t sinkCount() const;

    // Callable from any thread. Entries of ERROR and above flush every sink.
    void dispatch(LogEntry entry);
    void flush();

private:
    using SinkList = std::vector<std::shared_ptr<LogSink>>;

    std::shared_ptr<const SinkList> sinks() const;

    std::atomic<quint8> m_threshold;
    mutable std::mutex m_mutex; // guards the two pointers; sinks and masker are never modified
    std::shared_ptr<const SecretMasker> m_masker;
    std::shared_ptr<const SinkList> m_sinks;
};

} // namespace necrocode
