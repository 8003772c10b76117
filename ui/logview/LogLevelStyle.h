// The colours the console gives each log level: text and badge colours for the level column,
// a light row tint for warnings and worse, and a small coloured dot icon.
#pragma once

#include "core/LogLevel.h"

#include <QColor>
#include <QIcon>

#include <optional>

namespace necrocode {

struct LogLevelStyle
{
    QColor text;                   // the level name's colour
    std::optional<QColor> badge;   // the level cell's background, when it stands out
    std::optional<QColor> rowTint; // the other cells' background
    QColor dot;                    // the icon's colour

    static const LogLevelStyle &of(LogLevel level);
    // A cached round icon in the level's colour.
    static const QIcon &icon(LogLevel level);
};

} // namespace necrocode
