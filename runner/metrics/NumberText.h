// Shortest text that reads back as the same double: used by the JSON writer and the Prometheus
// exposition so that numbers round-trip exactly and stay readable ("0.1", "1048576", "1e+21").
#pragma once

#include <QByteArray>

namespace necrocode {

// Finite values only; callers decide how to spell NaN and infinities in their format.
QByteArray shortestNumberText(double value);

void appendShortestNumber(QByteArray &out, double value);

} // namespace necrocode
