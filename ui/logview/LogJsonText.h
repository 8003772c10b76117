// Indents compact JSON for reading without reordering keys (QJsonDocument would sort them), so a
// log entry keeps the SPEC §3.1 key order in the detail pane.
#pragma once

#include <QByteArrayView>
#include <QString>

namespace necrocode {

// `compactJson` is one valid JSON value; the result has one member per line.
QString indentJson(QByteArrayView compactJson, int indentWidth = 2);

} // namespace necrocode
