#include "logstore/LogExtraFields.h"

#include "logstore/Utf8Text.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace necrocode {

namespace {

void appendBytes(LogTextBuffer &out, const char *bytes, std::size_t size)
{
    std::memcpy(out.prepare(size), bytes, size);
    out.commit(size);
}

void appendLiteral(LogTextBuffer &out, std::string_view text)
{
    appendBytes(out, text.data(), text.size());
}

constexpr std::size_t maxJsonStringSize(qsizetype utf16Units)
{
    return std::size_t(utf16Units) * 6 + 2;
}

#if defined(__SSE2__)
// Copies the leading run of printable ASCII characters that need no escape, eight at a time.
const char16_t *copyPlainAscii(const char16_t *p, const char16_t *end, char *&o)
{
    const __m128i controlLimit = _mm_set1_epi16(0x1f);
    const __m128i asciiLimit = _mm_set1_epi16(0x7e);
    const __m128i quote = _mm_set1_epi16('"');
    const __m128i backslash = _mm_set1_epi16('\\');
    while (end - p >= 8) {
        const __m128i units = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        // Signed compares: units from 0x8000 up are negative and fail the first test.
        const __m128i escaped = _mm_or_si128(
            _mm_cmpgt_epi16(units, asciiLimit),
            _mm_or_si128(_mm_cmpeq_epi16(units, quote), _mm_cmpeq_epi16(units, backslash)));
        const __m128i plain = _mm_andnot_si128(escaped, _mm_cmpgt_epi16(units, controlLimit));
        if (_mm_movemask_epi8(plain) != 0xffff)
            break;
        _mm_storel_epi64(reinterpret_cast<__m128i *>(o), _mm_packus_epi16(units, units));
        o += 8;
        p += 8;
    }
    return p;
}
#endif

// Writes `"text"` with JSON escapes as UTF-8 (room for maxJsonStringSize()); a lone surrogate
// becomes U+FFFD. Returns the end of what was written.
char *writeString(char *o, QStringView text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    *o++ = '"';
    const char16_t *p = text.utf16();
    const char16_t *end = p + text.size();
    while (p < end) {
#if defined(__SSE2__)
        p = copyPlainAscii(p, end, o);
        if (p == end)
            break;
#endif
        char32_t c = *p++;
        if (c < 0x80) {
            if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f) {
                *o++ = char(c);
                continue;
            }
            *o++ = '\\';
            switch (c) {
            case '"':
            case '\\':
                *o++ = char(c);
                break;
            case '\n':
                *o++ = 'n';
                break;
            case '\r':
                *o++ = 'r';
                break;
            case '\t':
                *o++ = 't';
                break;
            default:
                *o++ = 'u';
                *o++ = '0';
                *o++ = '0';
                *o++ = kHex[(c >> 4) & 0xf];
                *o++ = kHex[c & 0xf];
            }
            continue;
        }
        o = encodeNonAscii(c, p, end, o);
    }
    *o++ = '"';
    return o;
}

void appendString(LogTextBuffer &out, QStringView text)
{
    char *start = out.prepare(maxJsonStringSize(text.size()));
    out.commit(std::size_t(writeString(start, text) - start));
}

void appendNumber(LogTextBuffer &out, QJsonValueConstRef value)
{
    const double number = value.toDouble();
    if (!std::isfinite(number)) {
        appendLiteral(out, "null");
        return;
    }
    char text[32];
    const qint64 integer = value.toInteger(0);
    const bool integral = double(integer) == number && (integer != 0 || number == 0);
    const std::to_chars_result written = integral ? std::to_chars(text, text + sizeof text, integer)
                                                  : std::to_chars(text, text + sizeof text, number);
    appendBytes(out, text, std::size_t(written.ptr - text));
}

void appendDocument(LogTextBuffer &out, const QJsonDocument &document)
{
    const QByteArray json = document.toJson(QJsonDocument::Compact);
    appendBytes(out, json.constData(), std::size_t(json.size()));
}

void appendValue(LogTextBuffer &out, QJsonValue::Type type, QJsonValueConstRef value)
{
    switch (type) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        appendLiteral(out, "null");
        break;
    case QJsonValue::Bool:
        appendLiteral(out, value.toBool() ? "true" : "false");
        break;
    case QJsonValue::Double:
        appendNumber(out, value);
        break;
    case QJsonValue::String:
        appendString(out, value.toString());
        break;
    case QJsonValue::Array:
        appendDocument(out, QJsonDocument(value.toArray()));
        break;
    case QJsonValue::Object:
        appendDocument(out, QJsonDocument(value.toObject()));
        break;
    }
}

} // namespace

LogExtraFields appendCompactExtra(LogTextBuffer &out, const QJsonObject &extra)
{
    LogExtraFields fields{{}, {}, std::numeric_limits<float>::quiet_NaN()};
    if (extra.isEmpty())
        return fields;
    char separator = '{';
    for (auto it = extra.constBegin(), end = extra.constEnd(); it != end; ++it) {
        const QString key = it.key();
        const QJsonValueConstRef value = it.value();
        const QJsonValue::Type type = value.type();
        const bool isString = type == QJsonValue::String;
        const QString text = isString ? value.toString() : QString();
        char *start =
            out.prepare(maxJsonStringSize(key.size()) + maxJsonStringSize(text.size()) + 2);
        char *o = start;
        *o++ = separator;
        separator = ',';
        o = writeString(o, key);
        *o++ = ':';
        if (isString) {
            o = writeString(o, text);
            out.commit(std::size_t(o - start));
            if (key.size() == 7 && key == u"service")
                fields.service = text;
            else if (key.size() == 9 && key == u"operation")
                fields.operation = text;
            continue;
        }
        out.commit(std::size_t(o - start));
        if (type == QJsonValue::Double && key.size() == 16 && key == u"duration_seconds")
            fields.durationSeconds = float(value.toDouble());
        appendValue(out, type, value);
    }
    appendLiteral(out, "}");
    return fields;
}

} // namespace necrocode
