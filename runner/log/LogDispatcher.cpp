#include "log/LogDispatcher.h"

#include <algorithm>

namespace necrocode {

LogDispatcher::LogDispatcher(LogLevel threshold, SecretMasker masker)
    : m_threshold(quint8(threshold)),
      m_masker(std::make_shared<const SecretMasker>(std::move(masker))),
      m_sinks(std::make_shared<const SinkList>())
{}

LogDispatcher::~LogDispatcher()
{
    flush();
}

void LogDispatcher::setThreshold(LogLevel threshold)
{
    m_threshold.store(quint8(threshold), std::memory_order_relaxed);
}

LogLevel LogDispatcher::threshold() const
{
    return LogLevel(m_threshold.load(std::memory_order_relaxed));
}

void LogDispatcher::setMasker(SecretMasker masker)
{
    auto replacement = std::make_shared<const SecretMasker>(std::move(masker));
    const std::lock_guard lock(m_mutex);
    m_masker.swap(replacement);
}

SecretMasker LogDispatcher::masker() const
{
    const std::lock_guard lock(m_mutex);
    return *m_masker;
}

void LogDispatcher::addSink(std::shared_ptr<LogSink> sink)
{
    if (!sink)
        return;
    const std::lock_guard lock(m_mutex);
    auto list = std::make_shared<SinkList>(*m_sinks);
    list->push_back(std::move(sink));
    m_sinks = std::move(list);
}

void LogDispatcher::removeSink(const std::shared_ptr<LogSink> &sink)
{
    const std::lock_guard lock(m_mutex);
    auto list = std::make_shared<SinkList>(*m_sinks);
    list->erase(std::remove(list->begin(), list->end(), sink), list->end());
    m_sinks = std::move(list);
}

std::size_t LogDispatcher::sinkCount() const
{
    return sinks()->size();
}

std::shared_ptr<const LogDispatcher::SinkList> LogDispatcher::sinks() const
{
    const std::lock_guard lock(m_mutex);
    return m_sinks;
}

void LogDispatcher::dispatch(LogEntry entry)
{
    if (!isEnabled(entry.level))
        return;
    std::shared_ptr<const SecretMasker> masker;
    std::shared_ptr<const SinkList> sinks;
    {
        const std::lock_guard lock(m_mutex);
        masker = m_masker;
        sinks = m_sinks;
    }
    masker->maskEntry(entry);
    for (const auto &sink : *sinks)
        sink->write(entry);
    if (entry.level >= LogLevel::Error) {
        for (const auto &sink : *sinks)
            sink->flush();
    }
}

void LogDispatcher::flush()
{
    for (const auto &sink : *sinks())
        sink->flush();
}

} // namespace necrocode
