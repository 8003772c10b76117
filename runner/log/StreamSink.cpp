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
    // Each entry leaves as a whole line at once: a pipe, `tail -f` or a log shipper sees it
    // now, and a killed process has lost nothing it logged.
    if (std::fwrite(line.constData(), 1, size_t(line.size()), m_stream) != size_t(line.size()) ||
        std::fflush(m_stream) != 0)
        ++m_failedWrites;
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
