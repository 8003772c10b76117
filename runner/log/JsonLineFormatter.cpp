#include "log/JsonLineFormatter.h"

#include "core/JsonFields.h"
#include "log/JsonValueWriter.h"

#include <QDateTime>
#include <QJsonDocument>

#include <cstring>
#include <string_view>

namespace necrocode {

namespace {

// Days since 1970-01-01 to civil date (H. Hinnant's algorithm).
void civilFromDays(qint64 z, int &year, unsigned &month, unsigned &day)
{
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 y = static_cast<qint64>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    day = doy - (153 * mp + 2) / 5 + 1;
    month = mp < 10 ? mp + 3 : mp - 9;
    year = static_cast<int>(y + (month <= 2));
}

void putDigits(char *p, unsigned value, int width)
{
    for (int i = width - 1; i >= 0; --i) {
        p[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
}

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

} // namespace

QByteArray formatIsoTimestamp(qint64 timestampMs, int utcOffsetSeconds)
{
    char buf[32];
    writeIsoTimestamp(buf, timestampMs, utcOffsetSeconds);
    return QByteArray(buf, kIsoTimestampLength);
}

void writeIsoTimestamp(char *buf, qint64 timestampMs, int utcOffsetSeconds)
{
    const qint64 localMs = timestampMs + qint64(utcOffsetSeconds) * 1000;
    const qint64 days = floorDiv(localMs, 86400000);
    const qint64 msOfDay = localMs - days * 86400000;
    int year;
    unsigned month, day;
    civilFromDays(days, year, month, day);
    putDigits(buf, static_cast<unsigned>(qBound(0, year, 9999)), 4);
    buf[4] = '-';
    putDigits(buf + 5, month, 2);
    buf[7] = '-';
    putDigits(buf + 8, day, 2);
    buf[10] = 'T';
    putDigits(buf + 11, static_cast<unsigned>(msOfDay / 3600000), 2);
    buf[13] = ':';
    putDigits(buf + 14, static_cast<unsigned>(msOfDay / 60000 % 60), 2);
    buf[16] = ':';
    putDigits(buf + 17, static_cast<unsigned>(msOfDay / 1000 % 60), 2);
    buf[19] = '.';
    putDigits(buf + 20, static_cast<unsigned>(msOfDay % 1000), 3);
    const int offsetMinutes = utcOffsetSeconds / 60;
    buf[23] = offsetMinutes < 0 ? '-' : '+';
    const unsigned absMinutes = static_cast<unsigned>(std::abs(offsetMinutes));
    putDigits(buf + 24, absMinutes / 60, 2);
    buf[26] = ':';
    putDigits(buf + 27, absMinutes % 60, 2);
}

std::optional<std::pair<qint64, int>> parseIsoTimestamp(QByteArrayView text)
{
    const QByteArrayView trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    bool isNumber = false;
    const double epochSeconds = trimmed.toDouble(&isNumber);
    if (isNumber) {
        // Years 0 to 9999, the ones an ISO-8601 timestamp can name; anything else (and NaN)
        // would not fit the milliseconds.
        constexpr double kFirstSecond = -62167219200.0;
        constexpr double kEndSecond = 253402300800.0;
        if (!(epochSeconds >= kFirstSecond && epochSeconds < kEndSecond))
            return std::nullopt;
        return std::pair<qint64, int>{
            qint64(epochSeconds * 1000.0 + (epochSeconds < 0 ? -0.5 : 0.5)), 0};
    }
    const QString s = QString::fromLatin1(trimmed);
    QDateTime dt = QDateTime::fromString(s, Qt::ISODateWithMs);
    if (!dt.isValid())
        dt = QDateTime::fromString(s, Qt::ISODate);
    if (!dt.isValid())
        return std::nullopt;
    return std::pair<qint64, int>{dt.toMSecsSinceEpoch(), dt.offsetFromUtc()};
}

namespace {

// Room a JSON string of `text` can take at most: every unit as \u00XX, and the quotes.
constexpr qsizetype maxJsonStringSize(QStringView text)
{
    return 2 + 6 * text.size();
}

// Writes `text` as a JSON string at `o` (room for maxJsonStringSize) and returns its end.
char *writeJsonString(char *o, QStringView text)
{
    static const char hex[] = "0123456789abcdef";
    *o++ = '"';
    const char16_t *p = text.utf16();
    const char16_t *end = p + text.size();
    while (p < end) {
        char32_t c = *p++;
        if (c < 0x80) {
            if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f) {
                *o++ = static_cast<char>(c);
                continue;
            }
            *o++ = '\\';
            switch (c) {
            case '"':
                *o++ = '"';
                break;
            case '\\':
                *o++ = '\\';
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
                *o++ = hex[(c >> 4) & 0xf];
                *o++ = hex[c & 0xf];
            }
            continue;
        }
        if (c >= 0xD800 && c <= 0xDBFF) {
            if (p < end && *p >= 0xDC00 && *p <= 0xDFFF)
                c = 0x10000 + ((c - 0xD800) << 10) + (*p++ - 0xDC00);
            else
                c = 0xFFFD;
        } else if (c >= 0xDC00 && c <= 0xDFFF) {
            c = 0xFFFD;
        }
        if (c < 0x800) {
            *o++ = static_cast<char>(0xC0 | (c >> 6));
            *o++ = static_cast<char>(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            *o++ = static_cast<char>(0xE0 | (c >> 12));
            *o++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            *o++ = static_cast<char>(0x80 | (c & 0x3F));
        } else {
            *o++ = static_cast<char>(0xF0 | (c >> 18));
            *o++ = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
            *o++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            *o++ = static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    *o++ = '"';
    return o;
}

char *writeText(char *o, std::string_view text)
{
    std::memcpy(o, text.data(), text.size());
    return o + text.size();
}

} // namespace

void appendJsonString(QByteArray &out, QStringView text)
{
    const qsizetype at = out.size();
    out.resize(at + maxJsonStringSize(text));
    out.resize(writeJsonString(out.data() + at, text) - out.constData());
}

void appendJsonLine(QByteArray &out, const LogEntry &entry)
{
    // Everything but `extra` is written in one pass into room reserved for its worst case.
    const QStringView strings[] = {entry.logger, entry.message,  entry.runnerId,
                                   entry.taskId, entry.specName, entry.exception};
    qsizetype room = 128; // keys, punctuation, timestamp and level
    for (const QStringView text : strings)
        room += maxJsonStringSize(text);
    const qsizetype at = out.size();
    out.resize(at + room);
    char *o = out.data() + at;
    o = writeText(o, "{\"timestamp\":\"");
    writeIsoTimestamp(o, entry.timestampMs, entry.utcOffsetSeconds);
    o += kIsoTimestampLength;
    o = writeText(o, "\",\"level\":\"");
    const QLatin1StringView level = logLevelName(entry.level);
    o = writeText(o, std::string_view(level.data(), std::size_t(level.size())));
    o = writeText(o, "\",\"logger\":");
    o = writeJsonString(o, entry.logger);
    o = writeText(o, ",\"message\":");
    o = writeJsonString(o, entry.message);
    const auto optional = [&o](std::string_view key, QStringView value) {
        if (value.isEmpty())
            return;
        o = writeText(o, key);
        o = writeJsonString(o, value);
    };
    optional(",\"runner_id\":", entry.runnerId);
    optional(",\"task_id\":", entry.taskId);
    optional(",\"spec_name\":", entry.specName);
    optional(",\"exception\":", entry.exception);
    o = writeText(o, ",\"extra\":");
    if (entry.extra.isEmpty()) {
        o = writeText(o, "{}}\n");
        out.resize(o - out.constData());
        return;
    }
    out.resize(o - out.constData());
    appendCompactJson(out, entry.extra);
    out.append("}\n", 2);
}

QByteArray formatJsonLine(const LogEntry &entry)
{
    QByteArray out;
    out.reserve(192 + entry.message.size());
    appendJsonLine(out, entry);
    return out;
}

Result<LogEntry> parseJsonLine(QByteArrayView line)
{
    auto object = json::parseObject(line.toByteArray(), QStringLiteral("log line"));
    if (!object)
        return object.error();
    const QJsonObject &o = object.value();
    LogEntry entry;
    const auto timestamp =
        parseIsoTimestamp(o.value(QLatin1String("timestamp")).toString().toLatin1());
    if (!timestamp)
        return makeError(QStringLiteral("'timestamp' is missing or not ISO-8601"),
                         QStringLiteral("parse"));
    entry.timestampMs = timestamp->first;
    entry.utcOffsetSeconds = timestamp->second;
    const auto level = parseLogLevel(o.value(QLatin1String("level")).toString());
    if (!level)
        return makeError(QStringLiteral("'level' is missing or unknown"), QStringLiteral("parse"));
    entry.level = *level;
    entry.logger = o.value(QLatin1String("logger")).toString();
    entry.message = o.value(QLatin1String("message")).toString();
    entry.runnerId = o.value(QLatin1String("runner_id")).toString();
    entry.taskId = o.value(QLatin1String("task_id")).toString();
    entry.specName = o.value(QLatin1String("spec_name")).toString();
    entry.exception = o.value(QLatin1String("exception")).toString();
    entry.extra = o.value(QLatin1String("extra")).toObject();
    return entry;
}

} // namespace necrocode
