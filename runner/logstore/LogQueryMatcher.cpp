#include "logstore/LogQueryMatcher.h"

#include <limits>

namespace necrocode {

LogQueryMatcher::LogQueryMatcher(const LogQuery &query, const LogStore &store)
    : m_store(store), m_levelMask(query.levelMask),
      m_sinceMs(query.sinceMs.value_or(std::numeric_limits<qint64>::min())),
      m_untilMs(query.untilMs.value_or(std::numeric_limits<qint64>::max())), m_message(query)
{
    for (std::size_t i = 0; i < kLogFieldCount; ++i) {
        const std::optional<QString> &wanted = query.field(static_cast<LogField>(i));
        if (!wanted)
            continue;
        const std::optional<quint32> id = store.findStringId(*wanted);
        if (!id) {
            m_matchesNothing = true;
            continue;
        }
        m_requiredIds[std::size_t(m_requiredIdCount++)] = {quint8(i), *id};
    }
    m_matchesNothing = m_matchesNothing || m_message.matchesNothing();
}

bool LogQueryMatcher::matches(qsizetype row) const
{
    if (m_matchesNothing)
        return false;
    const LogStoreRow &r = m_store.rowData(row);
    if (!((m_levelMask >> r.level) & 1u))
        return false;
    if (r.timestampMs < m_sinceMs || r.timestampMs > m_untilMs)
        return false;
    for (int i = 0; i < m_requiredIdCount; ++i) {
        const auto &[field, id] = m_requiredIds[std::size_t(i)];
        if (r.ids[field] != id)
            return false;
    }
    return m_message.acceptsAny() || m_message.matches(m_store.messageUtf8(r), r.messageIsAscii);
}

} // namespace necrocode
