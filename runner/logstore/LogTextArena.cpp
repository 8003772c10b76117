#include "logstore/LogTextArena.h"

#include <algorithm>

namespace necrocode {

LogTextArena::LogTextArena(std::size_t chunkSize) : m_chunkSize(chunkSize) {}

char *LogTextArena::prepare(std::size_t maxBytes)
{
    if (m_writable) {
        LogTextBuffer &chunk = m_ownedChunks[m_writeChunk];
        if (chunk.size() + maxBytes <= chunk.capacity())
            return chunk.data() + chunk.size();
    }
    m_writeChunk = addChunk(LogTextBuffer(std::max(m_chunkSize, maxBytes)));
    m_writable = true;
    return m_ownedChunks[m_writeChunk].data();
}

LogTextArena::Location LogTextArena::commit(std::size_t bytes)
{
    LogTextBuffer &chunk = m_ownedChunks[m_writeChunk];
    const Location location{m_writeChunk, quint32(chunk.size())};
    chunk.commit(bytes);
    return location;
}

quint32 LogTextArena::adopt(LogTextBuffer &&buffer)
{
    buffer.shrinkToFit();
    return addChunk(std::move(buffer));
}

quint32 LogTextArena::addChunk(LogTextBuffer &&buffer)
{
    const auto index = quint32(m_ownedChunks.size());
    m_bytesUsed.fetch_add(qint64(buffer.capacity()), std::memory_order_relaxed);
    m_ownedChunks.push_back(std::move(buffer));
    m_chunks.push(m_ownedChunks.back().data());
    return index;
}

} // namespace necrocode
