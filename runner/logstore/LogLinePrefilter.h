// Rules out most log lines of a LogQuery from their raw bytes, before any JSON parse: the
// text searched for, the runner / task / spec / logger / service / operation wanted and the
// accepted levels must all appear in the line as JSON writes them. A line that passes is only a
// candidate (the query still decides); a line that fails cannot match. Lines with \u escapes or
// escapes JSON does not define (which a lenient reader takes as the character), and, for text
// ignoring case, lines with non-ASCII bytes (which can fold onto ASCII letters) are always
// candidates, since their bytes need not show what they mean. Immutable: share across threads.
#pragma once

#include "logstore/ByteSearch.h"
#include "logstore/LogQuery.h"

#include <string_view>
#include <vector>

namespace necrocode {

class LogLinePrefilter
{
public:
    explicit LogLinePrefilter(const LogQuery &query);

    // What a whole block of lines shows, so that its lines can skip the checks for escapes and
    // non-ASCII bytes when the block has none.
    struct Scope
    {
        bool mayHaveEscapes = true;
        bool mayHaveNonAscii = true;
    };
    static Scope scopeOf(std::string_view text);

    // False when nothing is ruled out by bytes: every line is a candidate.
    bool isActive() const { return m_checksLevel || !m_needles.empty(); }
    // `line` lies in text whose scope is `scope`.
    bool mayMatch(std::string_view line, Scope scope) const;
    // A text that every candidate line in text of this scope contains, so a scan can jump from
    // one occurrence to the next; null when there is none.
    const ByteSearch *requiredText(Scope scope) const;

private:
    struct Needle
    {
        ByteSearch search;
        bool ignoresCase;
    };

    bool levelMayMatch(std::string_view line) const;

    quint8 m_levelMask;
    bool m_checksLevel = false;
    std::vector<Needle> m_needles;
    ByteSearch m_levelKey{QByteArrayLiteral("\"level\""), false};
};

} // namespace necrocode
