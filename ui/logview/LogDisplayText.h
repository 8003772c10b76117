// How log values read in the console: local time with milliseconds and durations in the user's
// locale, and messages folded onto one short line for table cells.
#pragma once

#include <QLocale>
#include <QString>

namespace necrocode {

// A date and time format for `locale` that keeps seconds and milliseconds
// ("yyyy/MM/dd H:mm:ss.zzz" for Japanese, "M/d/yy h:mm:ss.zzz AP" for US English).
QString logTimeFormat(const QLocale &locale);

// `timestampMs` in the local time zone with `format` from logTimeFormat().
QString formatLogTime(qint64 timestampMs, const QLocale &locale, const QString &format);

// "850 ms", "1.25 s", "2 min 5 s"; empty for NaN or negative values.
QString formatLogDuration(double seconds, const QLocale &locale);

// Line breaks and tabs become spaces; longer text is cut to `maxChars` and ends with "…".
QString singleLineText(const QString &text, qsizetype maxChars);

} // namespace necrocode
