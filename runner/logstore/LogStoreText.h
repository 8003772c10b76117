// How one entry's text is laid out in the log store's arena and how its row is started; shared
// by the store's own append path and by LogStoreBatch.
#pragma once

#include "core/LogLevel.h"
#include "logstore/LogStoreRow.h"

#include <QtGlobal>

#include <cstring>
#include <string_view>

namespace necrocode {

constexpr std::size_t kExceptionLengthBytes = sizeof(quint32);

constexpr std::size_t entryTextSize(std::size_t message, std::size_t extra, std::size_t exception)
{
    return message + extra + (exception > 0 ? kExceptionLengthBytes + exception : 0);
}

inline void copyText(char *out, std::string_view text)
{
    if (!text.empty())
        std::memcpy(out, text.data(), text.size());
}

inline void writeExceptionText(char *out, std::string_view exception)
{
    const auto length = quint32(exception.size());
    std::memcpy(out, &length, kExceptionLengthBytes);
    copyText(out + kExceptionLengthBytes, exception);
}

// Writes message, extra and (when not empty) the exception; entryTextSize() bytes.
inline void writeEntryText(char *out, std::string_view message, std::string_view extra,
                           std::string_view exception)
{
    copyText(out, message);
    copyText(out + message.size(), extra);
    if (!exception.empty())
        writeExceptionText(out + message.size() + extra.size(), exception);
}

// The exception stored after message and extra at `text`.
inline std::string_view readExceptionText(const char *afterExtra)
{
    quint32 length;
    std::memcpy(&length, afterExtra, kExceptionLengthBytes);
    return {afterExtra + kExceptionLengthBytes, length};
}

inline LogStoreRow makeLogStoreRow(qint64 timestampMs, int utcOffsetSeconds, LogLevel level,
                                   float durationSeconds)
{
    LogStoreRow row{};
    row.timestampMs = timestampMs;
    row.durationSeconds = durationSeconds;
    row.utcOffsetSeconds = qBound(LogStoreRow::kMinUtcOffsetSeconds, utcOffsetSeconds,
                                  LogStoreRow::kMaxUtcOffsetSeconds);
    row.level = static_cast<quint32>(level);
    return row;
}

} // namespace necrocode
