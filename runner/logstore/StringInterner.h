// Maps each distinct string to a small stable id (0 is the empty string). One writer thread
// interns; any thread reads the text of an id it got from published data, and looks ids up.
#pragma once

#include "logstore/ChunkDirectory.h"

#include <QHash>
#include <QString>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace necrocode {

class StringInterner
{
public:
    StringInterner();
    StringInterner(const StringInterner &) = delete;
    StringInterner &operator=(const StringInterner &) = delete;

    // Writer thread only.
    quint32 intern(const QString &text);

    // Any thread.
    QString text(quint32 id) const { return m_chunks.at(id >> kChunkShift)[id & kChunkMask]; }
    std::optional<quint32> find(const QString &text) const;
    qint64 bytesUsed() const { return m_bytesUsed.load(std::memory_order_relaxed); }

private:
    static constexpr quint32 kChunkShift = 10;
    static constexpr quint32 kChunkSize = 1u << kChunkShift;
    static constexpr quint32 kChunkMask = kChunkSize - 1;

    QHash<QString, quint32> m_ids;    // changed by the writer under m_lookupMutex only
    mutable std::mutex m_lookupMutex; // other threads read m_ids under it
    ChunkDirectory<QString> m_chunks;
    std::vector<std::unique_ptr<QString[]>> m_ownedChunks;
    quint32 m_count = 0;
    std::atomic<qint64> m_bytesUsed{0};
};

} // namespace necrocode
