// Pieces of the Prometheus text exposition format 0.0.4: name rules, escaping, number spelling.
#pragma once

#include <QByteArray>
#include <QStringView>

namespace necrocode::prometheus {

inline constexpr char kContentType[] = "text/plain; version=0.0.4; charset=utf-8";

// [a-zA-Z_:][a-zA-Z0-9_:]*
bool isValidMetricName(QStringView name);
// [a-zA-Z_][a-zA-Z0-9_]*, not starting with "__" (reserved)
bool isValidLabelName(QStringView name);

// Label values escape backslash, double quote and line feed; HELP text escapes backslash and
// line feed. Both are UTF-8.
void appendEscapedLabelValue(QByteArray &out, QStringView value);
void appendEscapedHelp(QByteArray &out, QStringView help);

// Shortest round-trip spelling; "+Inf", "-Inf", "NaN" for the special values.
void appendSampleValue(QByteArray &out, double value);

} // namespace necrocode::prometheus
