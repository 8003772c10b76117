#include "common/PanelFormatting.h"

#include <QLocale>

namespace necrocode {

namespace {

// The locale's long time format without the time zone ("h:mm:ss AP").
// The locale's short time with seconds: "6:37:21 PM", "18:37:21" (the long formats spell the
// units out in some languages, "18時37分21秒", and carry the time zone).
QString timeFormatWithSeconds(const QLocale &locale)
{
    QString format = locale.timeFormat(QLocale::ShortFormat);
    if (!format.contains(QLatin1String("ss")))
        format.replace(QLatin1String("mm"), QLatin1String("mm:ss"));
    return format;
}

} // namespace

QString PanelFormatting::duration(qint64 milliseconds)
{
    const QLocale locale;
    const qint64 totalSeconds = qMax<qint64>(0, milliseconds) / 1000;
    if (totalSeconds < 60)
        return tr("%1 s").arg(locale.toString(totalSeconds));
    const qint64 minutes = totalSeconds / 60;
    if (minutes < 60)
        return tr("%1 min %2 s")
            .arg(locale.toString(minutes))
            .arg(totalSeconds % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 h %2 min")
        .arg(locale.toString(minutes / 60))
        .arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

QString PanelFormatting::latency(double seconds)
{
    const QLocale locale;
    if (seconds < 1.0)
        return tr("%1 ms").arg(locale.toString(seconds * 1000.0, 'f', 0));
    return tr("%1 s").arg(locale.toString(seconds, 'f', 2));
}

QString PanelFormatting::count(qint64 value)
{
    return QLocale().toString(value);
}

QString PanelFormatting::costUsd(double usd)
{
    return tr("$%1").arg(QLocale().toString(usd, 'f', 4));
}

QString PanelFormatting::clockTime(const QDateTime &time)
{
    if (!time.isValid())
        return QString();
    const QLocale locale;
    return locale.toString(time.toLocalTime().time(), timeFormatWithSeconds(locale));
}

QString PanelFormatting::clockTime(qint64 msSinceEpoch)
{
    return clockTime(QDateTime::fromMSecsSinceEpoch(msSinceEpoch));
}

QString PanelFormatting::dateTime(const QDateTime &time)
{
    if (!time.isValid())
        return QString();
    return QLocale().toString(time.toLocalTime(), QLocale::ShortFormat);
}

} // namespace necrocode
