// Locale-aware texts shared by the console panels: durations, latencies, counts, costs and
// clock times, so that every panel writes numbers the same way.
#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

namespace necrocode {

class PanelFormatting
{
    Q_DECLARE_TR_FUNCTIONS(PanelFormatting)

public:
    // "42 s", "3 min 05 s", "1 h 02 min".
    static QString duration(qint64 milliseconds);
    // A latency: "850 ms" below a second, "1.25 s" above.
    static QString latency(double seconds);
    static QString count(qint64 value);
    // US dollars with four decimals: "$0.0123".
    static QString costUsd(double usd);
    // Local clock time with seconds, in the locale's order.
    static QString clockTime(const QDateTime &time);
    static QString clockTime(qint64 msSinceEpoch);
    // Local date and time, for tooltips.
    static QString dateTime(const QDateTime &time);
};

} // namespace necrocode
