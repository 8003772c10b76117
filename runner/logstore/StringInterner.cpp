#include "logstore/StringInterner.h"

#include <utility>

namespace necrocode {

namespace {

// Rough heap cost of one distinct string: its slot, its hash node and its UTF-16 data.
qint64 estimatedBytes(const QString &text)
{
    return qint64(sizeof(QString)) * 2 + 16 + 32 + text.size() * 2;
}

} // namespace

StringInterner::StringInterner()
{
    intern(QString());
}

quint32 StringInterner::intern(const QString &text)
{
    if (text.isEmpty() && m_count > 0)
        return 0;
    const auto &ids = std::as_const(m_ids);
    if (const auto found = ids.constFind(text); found != ids.constEnd())
        return found.value();
    const quint32 id = m_count;
    if ((id & kChunkMask) == 0) {
        m_ownedChunks.push_back(std::make_unique<QString[]>(kChunkSize));
        m_chunks.push(m_ownedChunks.back().get());
        m_bytesUsed.fetch_add(qint64(kChunkSize) * qint64(sizeof(QString)),
                              std::memory_order_relaxed);
    }
    m_ownedChunks.back()[id & kChunkMask] = text;
    {
        const std::lock_guard lock(m_lookupMutex);
        m_ids.insert(text, id);
    }
    ++m_count;
    m_bytesUsed.fetch_add(estimatedBytes(text), std::memory_order_relaxed);
    return id;
}

std::optional<quint32> StringInterner::find(const QString &text) const
{
    const std::lock_guard lock(m_lookupMutex);
    const auto found = m_ids.constFind(text);
    if (found == m_ids.constEnd())
        return std::nullopt;
    return found.value();
}

} // namespace necrocode
