// The log store's text memory: chunks that never move, filled by one writer and read by any
// thread. Small writes share the current chunk; a batch's whole text buffer becomes a chunk of
// its own without a copy.
#pragma once

#include "logstore/ChunkDirectory.h"
#include "logstore/LogTextBuffer.h"

#include <QtGlobal>

#include <atomic>
#include <vector>

namespace necrocode {

class LogTextArena
{
public:
    struct Location
    {
        quint32 chunk;
        quint32 offset;
    };

    static constexpr std::size_t kDefaultChunkSize = std::size_t(1) << 20;

    explicit LogTextArena(std::size_t chunkSize = kDefaultChunkSize);
    LogTextArena(const LogTextArena &) = delete;
    LogTextArena &operator=(const LogTextArena &) = delete;

    // Writer thread only. prepare() returns room for up to maxBytes contiguous bytes; commit()
    // keeps the first `bytes` of them and says where they are.
    char *prepare(std::size_t maxBytes);
    Location commit(std::size_t bytes);
    // Takes over a filled buffer as a chunk of its own and returns its chunk index.
    quint32 adopt(LogTextBuffer &&buffer);

    // Any thread, for text published through the store.
    const char *at(quint32 chunk, quint32 offset) const { return m_chunks.at(chunk) + offset; }
    qint64 bytesUsed() const { return m_bytesUsed.load(std::memory_order_relaxed); }

private:
    quint32 addChunk(LogTextBuffer &&buffer);

    std::size_t m_chunkSize;
    ChunkDirectory<const char> m_chunks;
    std::vector<LogTextBuffer> m_ownedChunks;
    quint32 m_writeChunk = 0; // index of the chunk small writes go to; valid when m_writable
    bool m_writable = false;
    std::atomic<qint64> m_bytesUsed{0};
};

} // namespace necrocode
