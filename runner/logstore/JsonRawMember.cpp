#include "logstore/JsonRawMember.h"

#include <cstring>

namespace necrocode {

namespace {

std::size_t skipWhitespace(std::string_view json, std::size_t at)
{
    while (at < json.size() &&
           (json[at] == ' ' || json[at] == '\t' || json[at] == '\n' || json[at] == '\r'))
        ++at;
    return at;
}

// `at` is on an opening quote; returns the position after the closing one.
std::size_t skipString(std::string_view json, std::size_t at)
{
    std::size_t from = at + 1;
    while (true) {
        const void *quote = std::memchr(json.data() + from, '"', json.size() - from);
        if (!quote)
            return json.size();
        const auto position = std::size_t(static_cast<const char *>(quote) - json.data());
        std::size_t backslashes = 0;
        while (position - backslashes > from && json[position - backslashes - 1] == '\\')
            ++backslashes;
        if (backslashes % 2 == 0)
            return position + 1;
        from = position + 1;
    }
}

std::size_t skipValue(std::string_view json, std::size_t at)
{
    const char first = json[at];
    if (first == '"')
        return skipString(json, at);
    if (first == '{' || first == '[') {
        int depth = 0;
        while (at < json.size()) {
            const char c = json[at];
            if (c == '"') {
                at = skipString(json, at);
                continue;
            }
            if (c == '{' || c == '[') {
                ++depth;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                return at + 1;
            }
            ++at;
        }
        return at;
    }
    while (at < json.size() && json[at] != ',' && json[at] != '}' && json[at] != ']' &&
           json[at] != ' ' && json[at] != '\t' && json[at] != '\n' && json[at] != '\r')
        ++at;
    return at;
}

} // namespace

std::string_view rawMemberValue(std::string_view json, std::string_view key)
{
    std::string_view found;
    std::size_t at = skipWhitespace(json, 0);
    if (at >= json.size() || json[at] != '{')
        return found;
    ++at;
    while (true) {
        at = skipWhitespace(json, at);
        if (at >= json.size() || json[at] != '"')
            return found;
        const std::size_t keyEnd = skipString(json, at);
        const std::string_view name = json.substr(at + 1, keyEnd - at - 2);
        at = skipWhitespace(json, skipWhitespace(json, keyEnd) + 1);
        const std::size_t valueEnd = skipValue(json, at);
        if (name == key)
            found = json.substr(at, valueEnd - at);
        at = skipWhitespace(json, valueEnd);
        if (at >= json.size() || json[at] != ',')
            return found;
        ++at;
    }
}

} // namespace necrocode
