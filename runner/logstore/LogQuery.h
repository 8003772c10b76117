// What to look for in the log store: accepted levels, exact logger / runner / task / spec /
// service / operation, text in the message (substring or regular expression) and a time range.
// A plain value; LogQueryMatcher evaluates it fast and LogQueryRunner over many rows.
#pragma once

#include "core/LogLevel.h"
#include "logstore/LogStoreRow.h"

#include <QString>

#include <optional>

namespace necrocode {

class LogStore;

struct LogQuery
{
    enum class TextMode : quint8 { Substring, RegularExpression };

    static constexpr quint8 kAllLevels = (1u << kLogLevelCount) - 1;

    quint8 levelMask = kAllLevels; // bit n accepts LogLevel(n)
    std::optional<QString> logger;
    std::optional<QString> runnerId;
    std::optional<QString> taskId;
    std::optional<QString> specName;
    std::optional<QString> service;
    std::optional<QString> operation;
    QString text; // empty: any message
    TextMode textMode = TextMode::Substring;
    Qt::CaseSensitivity caseSensitivity = Qt::CaseInsensitive;
    std::optional<qint64> sinceMs; // inclusive, epoch milliseconds
    std::optional<qint64> untilMs; // inclusive

    void acceptOnly(LogLevel level) { levelMask = quint8(1u << static_cast<int>(level)); }
    void acceptFrom(LogLevel minimum);
    bool acceptsLevel(LogLevel level) const { return levelMask & (1u << static_cast<int>(level)); }

    const std::optional<QString> &field(LogField field) const;
    std::optional<QString> &field(LogField field);

    // Empty when the query can run; otherwise why not (an invalid regular expression).
    QString errorString() const;

    // Convenience for single rows; prefer LogQueryMatcher or LogQueryRunner for many.
    bool matches(const LogStore &store, qsizetype row) const;

    friend bool operator==(const LogQuery &, const LogQuery &) = default;
};

} // namespace necrocode
