// Log levels DEBUG..CRITICAL with their canonical names.
#pragma once

#include <QString>

#include <optional>
#include <string_view>

namespace necrocode {

enum class LogLevel : quint8 { Debug = 0, Info = 1, Warning = 2, Error = 3, Critical = 4 };

inline constexpr int kLogLevelCount = 5;

// "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL".
QLatin1StringView logLevelName(LogLevel level);

// Case-insensitive; also accepts "WARN" and "FATAL".
std::optional<LogLevel> parseLogLevel(QStringView text);

// The same for UTF-8 bytes, with the canonical names found without converting the text.
std::optional<LogLevel> parseLogLevelUtf8(std::string_view text);

} // namespace necrocode
