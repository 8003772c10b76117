#include "core/LogLevel.h"

#include <utility>

namespace necrocode {

QLatin1StringView logLevelName(LogLevel level)
{
    switch (level) {
    case LogLevel::Debug:
        return QLatin1StringView("DEBUG");
    case LogLevel::Info:
        return QLatin1StringView("INFO");
    case LogLevel::Warning:
        return QLatin1StringView("WARNING");
    case LogLevel::Error:
        return QLatin1StringView("ERROR");
    case LogLevel::Critical:
        return QLatin1StringView("CRITICAL");
    }
    return QLatin1StringView("INFO");
}

std::optional<LogLevel> parseLogLevel(QStringView text)
{
    const QString upper = text.trimmed().toString().toUpper();
    if (upper == QLatin1String("DEBUG"))
        return LogLevel::Debug;
    if (upper == QLatin1String("INFO"))
        return LogLevel::Info;
    if (upper == QLatin1String("WARNING") || upper == QLatin1String("WARN"))
        return LogLevel::Warning;
    if (upper == QLatin1String("ERROR"))
        return LogLevel::Error;
    if (upper == QLatin1String("CRITICAL") || upper == QLatin1String("FATAL"))
        return LogLevel::Critical;
    return std::nullopt;
}

std::optional<LogLevel> parseLogLevelUtf8(std::string_view text)
{
    static constexpr std::pair<std::string_view, LogLevel> kNames[] = {
        {"INFO", LogLevel::Info},
        {"DEBUG", LogLevel::Debug},
        {"WARNING", LogLevel::Warning},
        {"ERROR", LogLevel::Error},
        {"CRITICAL", LogLevel::Critical}};
    for (const auto &[name, level] : kNames) {
        if (text == name)
            return level;
    }
    return parseLogLevel(QString::fromUtf8(text.data(), qsizetype(text.size())));
}

} // namespace necrocode
