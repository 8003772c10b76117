#include "log/JsonValueWriter.h"

#include <QCborValue>
#include <QJsonArray>
#include <QLocale>

#include <charconv>
#include <cmath>

namespace necrocode {

namespace {

char hexDigit(unsigned value)
{
    return char(value < 10 ? '0' + value : 'a' + value - 10);
}

void appendEscapedUnit(QByteArray &out, char16_t unit)
{
    const char escape[6] = {'\\',
                            'u',
                            hexDigit((unit >> 12) & 0xf),
                            hexDigit((unit >> 8) & 0xf),
                            hexDigit((unit >> 4) & 0xf),
                            hexDigit(unit & 0xf)};
    out.append(escape, 6);
}

// As Qt's JSON writer escapes: the two-letter escapes for '"', '\\', \b, \f, \n, \r, \t, \u00XX
// for the other control characters, UTF-8 for the rest, \uXXXX for a lone surrogate.
void appendString(QByteArray &out, QStringView text)
{
    out.append('"');
    const char16_t *p = text.utf16();
    const char16_t *const end = p + text.size();
    while (p < end) {
        const char16_t *run = p;
        while (p < end && *p >= 0x20 && *p < 0x80 && *p != u'"' && *p != u'\\')
            ++p;
        if (p > run) {
            const qsizetype at = out.size();
            out.resize(at + (p - run));
            char *dst = out.data() + at;
            for (const char16_t *c = run; c < p; ++c)
                *dst++ = char(*c);
        }
        if (p == end)
            break;
        const char16_t unit = *p++;
        if (unit < 0x80) {
            switch (unit) {
            case u'"':
                out.append("\\\"", 2);
                break;
            case u'\\':
                out.append("\\\\", 2);
                break;
            case 0x8:
                out.append("\\b", 2);
                break;
            case 0xc:
                out.append("\\f", 2);
                break;
            case 0xa:
                out.append("\\n", 2);
                break;
            case 0xd:
                out.append("\\r", 2);
                break;
            case 0x9:
                out.append("\\t", 2);
                break;
            default:
                appendEscapedUnit(out, unit);
            }
            continue;
        }
        char32_t code = unit;
        if (unit >= 0xD800 && unit <= 0xDBFF) {
            if (p == end || *p < 0xDC00 || *p > 0xDFFF) {
                appendEscapedUnit(out, unit);
                continue;
            }
            code = 0x10000 + ((char32_t(unit) - 0xD800) << 10) + (char32_t(*p++) - 0xDC00);
        } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
            appendEscapedUnit(out, unit);
            continue;
        }
        char bytes[4];
        int n = 0;
        if (code < 0x800) {
            bytes[n++] = char(0xC0 | (code >> 6));
        } else if (code < 0x10000) {
            bytes[n++] = char(0xE0 | (code >> 12));
            bytes[n++] = char(0x80 | ((code >> 6) & 0x3F));
        } else {
            bytes[n++] = char(0xF0 | (code >> 18));
            bytes[n++] = char(0x80 | ((code >> 12) & 0x3F));
            bytes[n++] = char(0x80 | ((code >> 6) & 0x3F));
        }
        bytes[n++] = char(0x80 | (code & 0x3F));
        out.append(bytes, n);
    }
    out.append('"');
}

// Integers as integers; doubles in Qt's shortest form that reads back the same (fixed notation
// further out than printf's %g would go, so it is Qt's own formatting); infinities and NaN as
// null.
void appendNumber(QByteArray &out, const QJsonValue &value)
{
    const QCborValue stored = QCborValue::fromJsonValue(value);
    if (stored.isInteger()) {
        char buffer[24];
        const std::to_chars_result written =
            std::to_chars(buffer, buffer + sizeof buffer, stored.toInteger());
        out.append(buffer, written.ptr - buffer);
        return;
    }
    const double d = value.toDouble();
    if (std::isfinite(d))
        out.append(QByteArray::number(d, 'g', QLocale::FloatingPointShortest));
    else
        out.append("null", 4);
}

void appendArray(QByteArray &out, const QJsonArray &array)
{
    out.append('[');
    bool first = true;
    for (const auto &item : array) {
        if (!first)
            out.append(',');
        first = false;
        appendCompactJson(out, item);
    }
    out.append(']');
}

} // namespace

void appendCompactJson(QByteArray &out, const QJsonObject &object)
{
    out.append('{');
    bool first = true;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!first)
            out.append(',');
        first = false;
        appendString(out, it.key());
        out.append(':');
        appendCompactJson(out, it.value());
    }
    out.append('}');
}

void appendCompactJson(QByteArray &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out.append("null", 4);
        break;
    case QJsonValue::Bool:
        out.append(value.toBool() ? QByteArrayView("true") : QByteArrayView("false"));
        break;
    case QJsonValue::Double:
        appendNumber(out, value);
        break;
    case QJsonValue::String:
        appendString(out, value.toString());
        break;
    case QJsonValue::Array:
        appendArray(out, value.toArray());
        break;
    case QJsonValue::Object:
        appendCompactJson(out, value.toObject());
        break;
    }
}

} // namespace necrocode
