// A LogQuery prepared against one store for fast row tests: equality values resolved to interned
// ids (a value no entry ever had matches nothing), the needle prepared for a byte search on the
// UTF-8 message, the regular expression compiled. Use one matcher per thread.
#pragma once

#include "logstore/LogMessageMatcher.h"
#include "logstore/LogQuery.h"
#include "logstore/LogStore.h"

#include <array>
#include <optional>
#include <utility>

namespace necrocode {

class LogQueryMatcher
{
public:
    LogQueryMatcher(const LogQuery &query, const LogStore &store);
    LogQueryMatcher(const LogQueryMatcher &) = delete;
    LogQueryMatcher &operator=(const LogQueryMatcher &) = delete;

    bool matches(qsizetype row) const;
    bool matchesNothing() const { return m_matchesNothing; }

private:
    const LogStore &m_store;
    quint8 m_levelMask;
    qint64 m_sinceMs;
    qint64 m_untilMs;
    std::array<std::pair<quint8, quint32>, kLogFieldCount> m_requiredIds{};
    int m_requiredIdCount = 0;
    bool m_matchesNothing = false;

    LogMessageMatcher m_message;
};

} // namespace necrocode
