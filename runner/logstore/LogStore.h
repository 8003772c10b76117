// The in-memory log the console filters and shows: append-only and compact. Each entry is a
// 56-byte row (timestamp, level, interned ids of logger / runner / task / spec / service /
// operation, duration) plus its message, extra JSON and exception as UTF-8 in a text arena.
// One writer thread appends; any other thread reads the published rows [0, size()) without
// locks. Display values (QString, QJsonObject, LogEntry) are built only when asked for.
#pragma once

#include "log/LogEntry.h"
#include "logstore/ChunkDirectory.h"
#include "logstore/LogStoreBatch.h"
#include "logstore/LogStoreRow.h"
#include "logstore/LogTextArena.h"
#include "logstore/StringInterner.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

#include <array>
#include <atomic>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace necrocode {

class LogStore
{
public:
    LogStore();
    ~LogStore();
    LogStore(const LogStore &) = delete;
    LogStore &operator=(const LogStore &) = delete;

    // Writer side: one thread at a time. Rows become visible to readers when the call returns.
    void append(const LogEntry &entry);
    void append(std::span<const LogEntry> entries);
    void append(LogStoreBatch &&batch);
    // Merging several sources: adopt() takes a batch's text and strings now and gives back its
    // rows, which appendRows() then appends in whatever order the merge picks.
    std::vector<LogStoreRow> adopt(LogStoreBatch &&batch);
    void appendRows(std::span<const LogStoreRow> rows);

    // Reader side: any thread, any row below size().
    qsizetype size() const { return m_published.load(std::memory_order_acquire); }
    bool isEmpty() const { return size() == 0; }

    const LogStoreRow &rowData(qsizetype row) const
    {
        return m_rowChunks.at(std::size_t(row) >> kRowChunkShift)[std::size_t(row) & kRowChunkMask];
    }
    qint64 timestampMs(qsizetype row) const { return rowData(row).timestampMs; }
    int utcOffsetSeconds(qsizetype row) const { return rowData(row).utcOffsetSeconds; }
    LogLevel level(qsizetype row) const { return static_cast<LogLevel>(rowData(row).level); }
    float durationSeconds(qsizetype row) const { return rowData(row).durationSeconds; }

    quint32 fieldId(qsizetype row, LogField field) const
    {
        return rowData(row).ids[fieldIndex(field)];
    }
    QString field(qsizetype row, LogField field) const
    {
        return m_strings.text(fieldId(row, field));
    }
    QString logger(qsizetype row) const { return field(row, LogField::Logger); }
    QString runnerId(qsizetype row) const { return field(row, LogField::RunnerId); }
    QString taskId(qsizetype row) const { return field(row, LogField::TaskId); }
    QString specName(qsizetype row) const { return field(row, LogField::SpecName); }
    QString service(qsizetype row) const { return field(row, LogField::Service); }
    QString operation(qsizetype row) const { return field(row, LogField::Operation); }

    QByteArrayView messageUtf8(qsizetype row) const { return messageUtf8(rowData(row)); }
    QByteArrayView messageUtf8(const LogStoreRow &row) const
    {
        return {textOf(row), qsizetype(row.messageBytes)};
    }
    QString message(qsizetype row) const { return QString::fromUtf8(messageUtf8(row)); }
    QByteArrayView extraJson(qsizetype row) const; // "{}" when the entry has no extra fields
    QJsonObject extra(qsizetype row) const;
    QString exception(qsizetype row) const;
    LogEntry entry(qsizetype row) const;

    // The id rows carry for `text` in any LogField, or nothing when no entry ever had it.
    std::optional<quint32> findStringId(const QString &text) const { return m_strings.find(text); }

    // Memory held by the store, and the part of it that is entry text (message, extra,
    // exception); the difference is the per-entry overhead.
    qint64 bytesUsed() const;
    qint64 textBytes() const { return m_textBytes.load(std::memory_order_relaxed); }

private:
    static constexpr std::size_t kRowChunkShift = 13;
    static constexpr std::size_t kRowsPerChunk = std::size_t(1) << kRowChunkShift;
    static constexpr std::size_t kRowChunkMask = kRowsPerChunk - 1;

    void appendUnpublished(const LogEntry &entry);
    quint32 internField(LogField field, const QString &text);
    LogStoreRow &nextRow();
    void publish();
    const char *textOf(const LogStoreRow &row) const
    {
        return m_arena.at(row.textChunk, row.textOffset);
    }

    ChunkDirectory<LogStoreRow> m_rowChunks;
    std::vector<std::unique_ptr<LogStoreRow[]>> m_ownedRowChunks;
    LogTextArena m_arena;
    StringInterner m_strings;

    // Ids of recently appended field values, so that strings shared between entries (as a
    // Logger shares its context) skip the interner's hash lookup.
    struct RecentStrings
    {
        static constexpr std::size_t kSlots = 8;
        std::array<std::pair<QString, quint32>, kSlots> bySharedData;
        std::pair<QString, quint32> last;
    };

    LogTextBuffer m_extraScratch; // reused by appends
    std::array<RecentStrings, kLogFieldCount> m_recentStrings;
    qsizetype m_count = 0; // rows written by the writer, published or not
    qint64 m_pendingTextBytes = 0;
    std::atomic<qsizetype> m_published{0};
    std::atomic<qint64> m_textBytes{0};
    std::atomic<qint64> m_rowBytes{0};
};

} // namespace necrocode
