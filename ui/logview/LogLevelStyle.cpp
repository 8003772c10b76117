#include "logview/LogLevelStyle.h"

#include <QPainter>
#include <QPixmap>

#include <array>

namespace necrocode {

namespace {

const std::array<LogLevelStyle, kLogLevelCount> &styles()
{
    static const std::array<LogLevelStyle, kLogLevelCount> table = {{
        {QColor(0x6b, 0x72, 0x80), std::nullopt, std::nullopt, QColor(0x9c, 0xa3, 0xaf)},
        {QColor(0x1d, 0x4e, 0xd8), std::nullopt, std::nullopt, QColor(0x3b, 0x82, 0xf6)},
        {QColor(0x92, 0x40, 0x0e), QColor(0xfd, 0xe6, 0x8a), QColor(0xff, 0xfb, 0xeb),
         QColor(0xf5, 0x9e, 0x0b)},
        {QColor(0x99, 0x1b, 0x1b), QColor(0xfe, 0xca, 0xca), QColor(0xfe, 0xf2, 0xf2),
         QColor(0xef, 0x44, 0x44)},
        {QColor(0xff, 0xff, 0xff), QColor(0x99, 0x1b, 0x1b), QColor(0xfe, 0xe2, 0xe2),
         QColor(0x7f, 0x1d, 0x1d)},
    }};
    return table;
}

QIcon makeDot(const QColor &color)
{
    QIcon icon;
    for (int size : {12, 16, 24}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(color.darker(130));
        painter.setBrush(color);
        const qreal margin = size / 4.0;
        painter.drawEllipse(QRectF(margin, margin, size - 2 * margin, size - 2 * margin));
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace

const LogLevelStyle &LogLevelStyle::of(LogLevel level)
{
    return styles().at(std::size_t(level));
}

const QIcon &LogLevelStyle::icon(LogLevel level)
{
    static const std::array<QIcon, kLogLevelCount> icons = [] {
        std::array<QIcon, kLogLevelCount> made;
        for (int i = 0; i < kLogLevelCount; ++i)
            made[std::size_t(i)] = makeDot(styles()[std::size_t(i)].dot);
        return made;
    }();
    return icons.at(std::size_t(level));
}

} // namespace necrocode
