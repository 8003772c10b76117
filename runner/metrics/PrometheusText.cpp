#include "metrics/PrometheusText.h"

#include "metrics/NumberText.h"

#include <QString>

#include <cmath>

namespace necrocode::prometheus {

namespace {

bool isAsciiLetterOrUnderscore(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_';
}

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

} // namespace

bool isValidMetricName(QStringView name)
{
    if (name.isEmpty())
        return false;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const QChar c = name[i];
        const bool ok = isAsciiLetterOrUnderscore(c) || c == u':' || (i > 0 && isAsciiDigit(c));
        if (!ok)
            return false;
    }
    return true;
}

bool isValidLabelName(QStringView name)
{
    if (name.isEmpty() || name.startsWith(u"__"))
        return false;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const QChar c = name[i];
        if (!isAsciiLetterOrUnderscore(c) && !(i > 0 && isAsciiDigit(c)))
            return false;
    }
    return true;
}

void appendEscapedLabelValue(QByteArray &out, QStringView value)
{
    const QByteArray utf8 = value.toUtf8();
    for (const char c : utf8) {
        switch (c) {
        case '\\':
            out.append("\\\\");
            break;
        case '"':
            out.append("\\\"");
            break;
        case '\n':
            out.append("\\n");
            break;
        default:
            out.append(c);
        }
    }
}

void appendEscapedHelp(QByteArray &out, QStringView help)
{
    const QByteArray utf8 = help.toUtf8();
    for (const char c : utf8) {
        if (c == '\\')
            out.append("\\\\");
        else if (c == '\n')
            out.append("\\n");
        else
            out.append(c);
    }
}

void appendSampleValue(QByteArray &out, double value)
{
    if (std::isnan(value))
        out.append("NaN");
    else if (std::isinf(value))
        out.append(value > 0 ? "+Inf" : "-Inf");
    else
        appendShortestNumber(out, value);
}

} // namespace necrocode::prometheus
