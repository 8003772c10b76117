// Writes log entries as JSON lines to a C stream (stdout or stderr), each flushed as it comes.
#pragma once

#include "log/LogSink.h"

#include <QtGlobal>

#include <cstdio>
#include <memory>
#include <mutex>

namespace necrocode {

class StreamSink final : public LogSink
{
public:
    // The stream is not owned and must outlive the sink.
    explicit StreamSink(std::FILE *stream);
    ~StreamSink() override;

    StreamSink(const StreamSink &) = delete;
    StreamSink &operator=(const StreamSink &) = delete;

    static std::shared_ptr<StreamSink> standardOutput()
    {
        return std::make_shared<StreamSink>(stdout);
    }
    static std::shared_ptr<StreamSink> standardError()
    {
        return std::make_shared<StreamSink>(stderr);
    }

    void write(const LogEntry &entry) override;
    void flush() override;

    // Lines the stream refused (closed pipe, full disk).
    quint64 failedWriteCount() const;

private:
    std::FILE *m_stream;
    mutable std::mutex m_mutex;
    quint64 m_failedWrites = 0;
};

} // namespace necrocode
