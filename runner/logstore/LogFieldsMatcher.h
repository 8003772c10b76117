// A LogQuery evaluated on one parsed line's fields (LogStoreBatch::Fields, UTF-8 views), as the
// streaming `logs` scan meets them; it agrees with LogQueryMatcher on the same entries. Keeps a
// scratch string: one per thread.
#pragma once

#include "logstore/LogMessageMatcher.h"
#include "logstore/LogQuery.h"
#include "logstore/LogStoreBatch.h"

#include <array>
#include <optional>
#include <string>

namespace necrocode {

class LogFieldsMatcher
{
public:
    explicit LogFieldsMatcher(const LogQuery &query);

    bool matchesNothing() const { return m_message.matchesNothing(); }
    bool matches(const LogStoreBatch::Fields &fields) const;

private:
    quint8 m_levelMask;
    qint64 m_sinceMs;
    qint64 m_untilMs;
    std::array<std::optional<std::string>, kLogFieldCount> m_wanted;
    LogMessageMatcher m_message;
};

} // namespace necrocode
