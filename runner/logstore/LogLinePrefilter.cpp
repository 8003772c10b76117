#include "logstore/LogLinePrefilter.h"

#include "logstore/Utf8Text.h"

#include <cstring>
#include <utility>

namespace necrocode {

namespace {

// The UTF-8 bytes `text` appears as in a JSON string, or nothing when a writer may escape one
// of its characters other than with \u, or it has a lone surrogate (no UTF-8 of its own).
std::optional<QByteArray> verbatimBytes(const QString &text)
{
    QByteArray utf8 = text.toUtf8();
    if (utf8.isEmpty() || QString::fromUtf8(utf8) != text)
        return std::nullopt;
    for (const char c : std::as_const(utf8)) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || c == '"' || c == '\\' || c == '/')
            return std::nullopt;
    }
    return utf8;
}

// True when an escape in `text` can stand for a character the needle has: \u escapes, and any
// escape other than \" \\ \/ \b \f \n \r \t (which JSON does not allow, but a lenient
// reader takes as the character itself).
bool hasEscapeThatHidesText(std::string_view text)
{
    const char *at = text.data();
    const char *end = text.data() + text.size();
    while (at < end) {
        const auto *slash = static_cast<const char *>(std::memchr(at, '\\', std::size_t(end - at)));
        if (!slash || slash + 1 >= end)
            return false;
        switch (slash[1]) {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
            break;
        default:
            return true;
        }
        at = slash + 2; // skip the escaped character, which may itself be a backslash
    }
    return false;
}

const char *skipSpace(const char *at, const char *end)
{
    while (at < end && (*at == ' ' || *at == '\t' || *at == '\r' || *at == '\n'))
        ++at;
    return at;
}

} // namespace

LogLinePrefilter::LogLinePrefilter(const LogQuery &query) : m_levelMask(query.levelMask)
{
    m_checksLevel = m_levelMask != LogQuery::kAllLevels;
    if (!query.text.isEmpty() && query.textMode == LogQuery::TextMode::Substring) {
        const bool ignoreCase = query.caseSensitivity == Qt::CaseInsensitive;
        const std::optional<QByteArray> utf8 = verbatimBytes(query.text);
        if (utf8 && (!ignoreCase || isAscii(utf8->constData(), std::size_t(utf8->size()))))
            m_needles.push_back({ByteSearch(*utf8, ignoreCase), ignoreCase});
    }
    for (std::size_t i = 0; i < kLogFieldCount; ++i) {
        const std::optional<QString> &wanted = query.field(static_cast<LogField>(i));
        if (!wanted)
            continue;
        // The value with its quotes: the whole string, not a part of a longer one.
        if (const std::optional<QByteArray> utf8 = verbatimBytes(*wanted))
            m_needles.push_back({ByteSearch('"' + *utf8 + '"', false), false});
    }
}

bool LogLinePrefilter::levelMayMatch(std::string_view line) const
{
    const char *at = line.data();
    const char *end = line.data() + line.size();
    while (at < end) {
        const std::size_t offset = m_levelKey.find(at, std::size_t(end - at));
        if (offset == ByteSearch::npos)
            return false;
        const char *key = at + offset;
        at = key + 7;
        if (key > line.data() && key[-1] == '\\')
            continue; // inside a string
        const char *value = skipSpace(at, end);
        if (value >= end || *value != ':')
            continue;
        value = skipSpace(value + 1, end);
        if (value >= end || *value != '"')
            continue;
        ++value;
        const auto *close =
            static_cast<const char *>(std::memchr(value, '"', std::size_t(end - value)));
        if (!close)
            return true; // let the parser say what is wrong
        const std::string_view name(value, std::size_t(close - value));
        if (name.find('\\') != std::string_view::npos)
            return true;
        const std::optional<LogLevel> level = parseLogLevelUtf8(name);
        if (!level || ((m_levelMask >> static_cast<int>(*level)) & 1u))
            return true;
    }
    return false;
}

LogLinePrefilter::Scope LogLinePrefilter::scopeOf(std::string_view text)
{
    return Scope{hasEscapeThatHidesText(text), !isAscii(text.data(), text.size())};
}

const ByteSearch *LogLinePrefilter::requiredText(Scope scope) const
{
    if (scope.mayHaveEscapes)
        return nullptr;
    for (const Needle &needle : m_needles) {
        if (!needle.ignoresCase || !scope.mayHaveNonAscii)
            return &needle.search;
    }
    return nullptr;
}

bool LogLinePrefilter::mayMatch(std::string_view line, Scope scope) const
{
    const auto bytesMayDiffer = [&](bool ignoresCase) {
        return (scope.mayHaveEscapes && hasEscapeThatHidesText(line)) ||
               (ignoresCase && scope.mayHaveNonAscii && !isAscii(line.data(), line.size()));
    };
    if (m_checksLevel && !levelMayMatch(line) && !bytesMayDiffer(false))
        return false;
    for (const Needle &needle : m_needles) {
        if (!needle.search.isIn(line.data(), line.size()) && !bytesMayDiffer(needle.ignoresCase))
            return false;
    }
    return true;
}

} // namespace necrocode
