#include "logview/LogDisplayText.h"

#include <QCoreApplication>
#include <QDateTime>

#include <cmath>

namespace necrocode {

QString logTimeFormat(const QLocale &locale)
{
    const QString shortTime = locale.timeFormat(QLocale::ShortFormat);
    const bool twelveHour = shortTime.contains(QLatin1String("AP"), Qt::CaseInsensitive);
    const QString time =
        twelveHour ? QStringLiteral("h:mm:ss.zzz AP") : QStringLiteral("HH:mm:ss.zzz");
    return locale.dateFormat(QLocale::ShortFormat) + QLatin1Char(' ') + time;
}

QString formatLogTime(qint64 timestampMs, const QLocale &locale, const QString &format)
{
    return locale.toString(QDateTime::fromMSecsSinceEpoch(timestampMs), format);
}

QString formatLogDuration(double seconds, const QLocale &locale)
{
    if (!std::isfinite(seconds) || seconds < 0)
        return {};
    if (seconds < 1.0)
        return QCoreApplication::translate("LogDisplayText", "%1 ms")
            .arg(locale.toString(seconds * 1000.0, 'f', seconds < 0.01 ? 1 : 0));
    if (seconds < 60.0)
        return QCoreApplication::translate("LogDisplayText", "%1 s")
            .arg(locale.toString(seconds, 'f', 2));
    const qint64 whole = qint64(std::llround(seconds));
    return QCoreApplication::translate("LogDisplayText", "%1 min %2 s")
        .arg(locale.toString(whole / 60), locale.toString(whole % 60));
}

QString singleLineText(const QString &text, qsizetype maxChars)
{
    const bool cut = text.size() > maxChars;
    QString line = cut ? text.left(maxChars) : text;
    for (QChar &c : line) {
        if (c == QLatin1Char('\n') || c == QLatin1Char('\r') || c == QLatin1Char('\t'))
            c = QLatin1Char(' ');
    }
    if (cut)
        line += QChar(0x2026);
    return line;
}

} // namespace necrocode
