// The fixed-size record the log store keeps per entry (56 bytes): timestamp, level, interned
// string ids and where the entry's text lives in the arena. Text layout at (textChunk,
// textOffset): message bytes, extra JSON bytes, then, when hasException, a 4-byte length and
// the exception bytes.
#pragma once

#include <QtGlobal>

#include <array>
#include <cstddef>

namespace necrocode {

// The interned string fields of an entry; `service` and `operation` come from `extra`.
enum class LogField : quint8 { Logger, RunnerId, TaskId, SpecName, Service, Operation };

inline constexpr std::size_t kLogFieldCount = 6;

constexpr std::size_t fieldIndex(LogField field)
{
    return static_cast<std::size_t>(field);
}

struct LogStoreRow
{
    static constexpr int kMinUtcOffsetSeconds = -(1 << 17);
    static constexpr int kMaxUtcOffsetSeconds = (1 << 17) - 1;

    qint64 timestampMs;
    quint32 textChunk;
    quint32 textOffset;
    quint32 messageBytes;
    quint32 extraBytes;
    std::array<quint32, kLogFieldCount> ids; // interned strings, indexed by LogField
    float durationSeconds;                   // extra.duration_seconds, NaN when absent
    qint32 utcOffsetSeconds : 18;
    quint32 level : 3;
    quint32 messageIsAscii : 1;
    quint32 hasException : 1;
};

static_assert(sizeof(LogStoreRow) == 56, "the log store promises a compact row");

} // namespace necrocode
