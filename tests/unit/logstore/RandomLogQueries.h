// Random LogQuery values for the log query tests: levels, equality fields (sometimes a value no
// entry has), substrings of stored messages in changed case, words that need Unicode folding,
// regular expressions (one invalid) and time ranges taken from the store.
#pragma once

#include "RandomLogEntries.h"

#include "logstore/LogQuery.h"
#include "logstore/LogQueryRunner.h"
#include "logstore/LogStore.h"

#include <algorithm>

namespace necrocode::testing {

inline QString changeCase(RandomLogEntries &random, const QString &text)
{
    QString changed;
    for (const QChar c : text)
        changed += random.chance(50) ? c.toUpper() : c.toLower();
    return changed;
}

inline LogQuery randomQuery(RandomLogEntries &random, const LogStore &store)
{
    LogQuery query;
    if (random.chance(40))
        query.levelMask = quint8(random.bounded(LogQuery::kAllLevels + 1));
    const QStringList pools[kLogFieldCount] = {
        RandomLogEntries::loggers(),  RandomLogEntries::runnerIds(),
        RandomLogEntries::taskIds(),  RandomLogEntries::specNames(),
        RandomLogEntries::services(), RandomLogEntries::operations()};
    for (std::size_t i = 0; i < kLogFieldCount; ++i) {
        if (random.chance(15))
            query.field(static_cast<LogField>(i)) =
                random.chance(90) ? random.pick(pools[i]) : QStringLiteral("never-logged");
    }
    const int textKind = random.bounded(10);
    if (textKind < 4) {
        const QString message = store.message(random.bounded(int(store.size())));
        const int from = message.isEmpty() ? 0 : random.bounded(int(message.size()));
        query.text = message.mid(from, 1 + random.bounded(6));
        if (random.chance(50))
            query.text = changeCase(random, query.text);
    } else if (textKind < 6) {
        query.text = random.pick(RandomLogEntries::words());
        if (random.chance(50))
            query.text = changeCase(random, query.text);
    } else if (textKind < 7) {
        query.text =
            random.pick({QStringLiteral("k"), QStringLiteral("K"), QStringLiteral("ss"),
                         QStringLiteral("ärg"), QStringLiteral("ÄRG"), QStringLiteral("本")});
    } else if (textKind < 8) {
        query.textMode = LogQuery::TextMode::RegularExpression;
        query.text = random.pick({QStringLiteral("^LLM"), QStringLiteral("retr(y|ying)"),
                                  QStringLiteral("\\d+$"), QStringLiteral("[ä-ö]rger"),
                                  QStringLiteral("slot|upload"), QStringLiteral("(unclosed")});
    }
    if (random.chance(50))
        query.caseSensitivity = Qt::CaseSensitive;
    if (random.chance(20)) {
        const qint64 a = store.timestampMs(random.bounded(int(store.size())));
        const qint64 b = store.timestampMs(random.bounded(int(store.size())));
        if (random.chance(70))
            query.sinceMs = std::min(a, b);
        if (random.chance(70))
            query.untilMs = std::max(a, b);
    }
    return query;
}

// The first row in which two results differ, for failure messages.
inline QString firstDifference(const LogRowList &actual, const LogRowList &expected)
{
    const auto [a, e] =
        std::mismatch(actual.begin(), actual.end(), expected.begin(), expected.end());
    return QStringLiteral("first difference: row %1, expected row %2")
        .arg(a == actual.end() ? QStringLiteral("none") : QString::number(*a))
        .arg(e == expected.end() ? QStringLiteral("none") : QString::number(*e));
}

inline QString describe(const LogQuery &query)
{
    QStringList parts{QStringLiteral("levels=%1").arg(query.levelMask)};
    for (std::size_t i = 0; i < kLogFieldCount; ++i) {
        if (const auto &value = query.field(static_cast<LogField>(i)))
            parts << QStringLiteral("field%1=%2").arg(i).arg(*value);
    }
    parts << QStringLiteral("text=%1 regex=%2 cs=%3")
                 .arg(query.text)
                 .arg(query.textMode == LogQuery::TextMode::RegularExpression)
                 .arg(query.caseSensitivity == Qt::CaseSensitive);
    return parts.join(QLatin1Char(' '));
}

} // namespace necrocode::testing
