// Serialises a LogEntry as one JSON Lines record with the key order of SPEC §3.1, and reads one
// back. Output is valid UTF-8 JSON for any input text.
#pragma once

#include "core/Result.h"
#include "log/LogEntry.h"

#include <QByteArray>

namespace necrocode {

// "2026-11-27T18:22:01.123+09:00"
QByteArray formatIsoTimestamp(qint64 timestampMs, int utcOffsetSeconds);
// The same kIsoTimestampLength characters, written at `buffer` (no allocation).
constexpr qsizetype kIsoTimestampLength = 29;
void writeIsoTimestamp(char *buffer, qint64 timestampMs, int utcOffsetSeconds);

// Parses ISO-8601 with or without milliseconds and offset ("Z", "+09:00"), or epoch seconds.
std::optional<std::pair<qint64, int>> parseIsoTimestamp(QByteArrayView text);

// Appends `"..."` with JSON escapes; lone surrogates become U+FFFD.
void appendJsonString(QByteArray &out, QStringView text);

// One line, terminated by '\n'.
QByteArray formatJsonLine(const LogEntry &entry);
void appendJsonLine(QByteArray &out, const LogEntry &entry);

// Reads one line produced by formatJsonLine (or any object with the same keys).
Result<LogEntry> parseJsonLine(QByteArrayView line);

} // namespace necrocode
