// Where dispatched log entries go (a stream, a JSONL file, the in-process hub). Implementations
// are thread-safe: write() and flush() may be called from any thread at the same time.
#pragma once

#include "log/LogEntry.h"

namespace necrocode {

class LogSink
{
public:
    virtual ~LogSink() = default;

    // Takes an entry that has already passed the level threshold and the secret masker.
    virtual void write(const LogEntry &entry) = 0;

    // Pushes buffered entries to their destination.
    virtual void flush() = 0;

protected:
    LogSink() = default;
    LogSink(const LogSink &) = default;
    LogSink &operator=(const LogSink &) = default;
};

} // namespace necrocode
