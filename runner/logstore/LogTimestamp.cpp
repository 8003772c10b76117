#include "logstore/LogTimestamp.h"

#include "log/JsonLineFormatter.h"

namespace necrocode {

namespace {

// Days from 1970-01-01 to a civil date (H. Hinnant's algorithm).
qint64 daysFromCivil(int year, unsigned month, unsigned day)
{
    year -= month <= 2;
    const qint64 era = (year >= 0 ? year : year - 399) / 400;
    const auto yoe = unsigned(year - era * 400);
    const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + qint64(doe) - 719468;
}

unsigned daysInMonth(int year, unsigned month)
{
    static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

bool readDigits(std::string_view text, std::size_t at, std::size_t count, unsigned &value)
{
    value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        const unsigned digit = unsigned(text[i]) - '0';
        if (digit > 9)
            return false;
        value = value * 10 + digit;
    }
    return true;
}

// The exact form formatIsoTimestamp() writes, with or without milliseconds, "Z" allowed.
std::optional<std::pair<qint64, int>> parseCommonTimestamp(std::string_view text)
{
    if (text.size() < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
        text[13] != ':' || text[16] != ':')
        return std::nullopt;
    unsigned year, month, day, hour, minute, second, millis = 0;
    if (!readDigits(text, 0, 4, year) || !readDigits(text, 5, 2, month) ||
        !readDigits(text, 8, 2, day) || !readDigits(text, 11, 2, hour) ||
        !readDigits(text, 14, 2, minute) || !readDigits(text, 17, 2, second))
        return std::nullopt;
    std::size_t pos = 19;
    if (text[pos] == '.') {
        if (text.size() < pos + 4 || !readDigits(text, pos + 1, 3, millis))
            return std::nullopt;
        pos += 4;
    }
    int offsetSeconds = 0;
    if (pos + 1 == text.size() && text[pos] == 'Z') {
        offsetSeconds = 0;
    } else if (pos + 6 == text.size() && (text[pos] == '+' || text[pos] == '-') &&
               text[pos + 3] == ':') {
        unsigned offsetHours, offsetMinutes;
        if (!readDigits(text, pos + 1, 2, offsetHours) ||
            !readDigits(text, pos + 4, 2, offsetMinutes) || offsetHours > 13 || offsetMinutes > 59)
            return std::nullopt;
        offsetSeconds = int(offsetHours * 3600 + offsetMinutes * 60) * (text[pos] == '-' ? -1 : 1);
    } else {
        return std::nullopt;
    }
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(int(year), month) || hour > 23 ||
        minute > 59 || second > 59)
        return std::nullopt;
    const qint64 localMs =
        ((daysFromCivil(int(year), month, day) * 24 + hour) * 60 + minute) * 60000LL +
        second * 1000LL + millis;
    return std::pair<qint64, int>{localMs - qint64(offsetSeconds) * 1000, offsetSeconds};
}

} // namespace

std::optional<std::pair<qint64, int>> parseLogTimestamp(std::string_view text)
{
    if (auto common = parseCommonTimestamp(text))
        return common;
    return parseIsoTimestamp(QByteArrayView(text.data(), qsizetype(text.size())));
}

} // namespace necrocode
