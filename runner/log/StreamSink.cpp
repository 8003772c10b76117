#include "log/StreamSink.h"

#include "log/JsonLineFormatter.h"

namespace necrocode {

StreamSink::StreamSink(std::FILE *stream) : m_stream(stream) {}

StreamSink::~StreamSink()
{
    flush();
}

void StreamSink::write(const LogEntry &entry)
{
    const QByteArray line = formatJsonLine(entry);
    const std::lock_guard lock(m_mutex);
    if (std::fwrite(line.constData(), 1, size_t(line.size()), m_stream) != size_t(line.size()))
        ++m_failedWrites;
    if (entry.level >= LogLevel::Error)
        std::fflush(m_stream);
}

void StreamSink::flush()
{
    const std::lock_guard lock(m_mutex);
    std::fflush(m_stream);
}

quint64 StreamSink::failedWriteCount() const
{
    const std::lock_guard lock(m_mutex);
    return m_failedWrites;
}

} // namespace necrocode
