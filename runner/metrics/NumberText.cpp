#include "metrics/NumberText.h"

#include <charconv>

namespace necrocode {

void appendShortestNumber(QByteArray &out, double value)
{
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr - buffer);
}

QByteArray shortestNumberText(double value)
{
    QByteArray out;
    appendShortestNumber(out, value);
    return out;
}

} // namespace necrocode
