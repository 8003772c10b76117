#include "logstore/LogStore.h"

#include "logstore/LogExtraFields.h"
#include "logstore/LogStoreText.h"
#include "logstore/Utf8Text.h"

#include <QJsonDocument>

#include <algorithm>
#include <cstring>

namespace necrocode {

namespace {

const QByteArrayView kEmptyObject("{}");

} // namespace

LogStore::LogStore() = default;
LogStore::~LogStore() = default;

LogStoreRow &LogStore::nextRow()
{
    const auto index = std::size_t(m_count++);
    if ((index & kRowChunkMask) == 0) {
        m_ownedRowChunks.push_back(std::make_unique_for_overwrite<LogStoreRow[]>(kRowsPerChunk));
        m_rowChunks.push(m_ownedRowChunks.back().get());
        m_rowBytes.fetch_add(qint64(kRowsPerChunk) * qint64(sizeof(LogStoreRow)) +
                                 qint64(sizeof(void *)) * 2,
                             std::memory_order_relaxed);
    }
    return m_ownedRowChunks.back()[index & kRowChunkMask];
}

void LogStore::publish()
{
    m_textBytes.store(m_pendingTextBytes, std::memory_order_relaxed);
    m_published.store(m_count, std::memory_order_release);
}

quint32 LogStore::internField(LogField field, const QString &text)
{
    if (text.isEmpty())
        return 0;
    RecentStrings &recent = m_recentStrings[fieldIndex(field)];
    const auto slot = (reinterpret_cast<quintptr>(text.constData()) >> 4) % RecentStrings::kSlots;
    auto &[sharedText, sharedId] = recent.bySharedData[slot];
    if (sharedText.constData() == text.constData() && sharedText.size() == text.size())
        return sharedId;
    auto &[lastText, lastId] = recent.last;
    if (text != lastText) {
        lastId = m_strings.intern(text);
        lastText = text;
    }
    sharedText = text;
    sharedId = lastId;
    return lastId;
}

void LogStore::appendUnpublished(const LogEntry &entry)
{
    LogTextBuffer &extraText = m_extraScratch;
    extraText.clear();
    const LogExtraFields extra = appendCompactExtra(extraText, entry.extra);
    const bool hasException = !entry.exception.isEmpty();

    const std::size_t maxBytes =
        entryTextSize(maxUtf8Size(entry.message.size()), extraText.size(),
                      hasException ? maxUtf8Size(entry.exception.size()) : 0);
    char *text = m_arena.prepare(maxBytes);
    const std::size_t messageBytes = encodeUtf8(entry.message, text);
    if (extraText.size() > 0)
        std::memcpy(text + messageBytes, extraText.data(), extraText.size());
    std::size_t textBytes = messageBytes + extraText.size();
    if (hasException) {
        char *exceptionText = text + textBytes + kExceptionLengthBytes;
        const auto exceptionBytes = quint32(encodeUtf8(entry.exception, exceptionText));
        std::memcpy(text + textBytes, &exceptionBytes, kExceptionLengthBytes);
        textBytes += kExceptionLengthBytes + exceptionBytes;
    }
    const LogTextArena::Location location = m_arena.commit(textBytes);

    LogStoreRow row = makeLogStoreRow(entry.timestampMs, entry.utcOffsetSeconds, entry.level,
                                      extra.durationSeconds);
    row.textChunk = location.chunk;
    row.textOffset = location.offset;
    row.messageBytes = quint32(messageBytes);
    row.extraBytes = quint32(extraText.size());
    row.hasException = hasException;
    row.messageIsAscii = isAscii(text, messageBytes);
    row.ids[fieldIndex(LogField::Logger)] = internField(LogField::Logger, entry.logger);
    row.ids[fieldIndex(LogField::RunnerId)] = internField(LogField::RunnerId, entry.runnerId);
    row.ids[fieldIndex(LogField::TaskId)] = internField(LogField::TaskId, entry.taskId);
    row.ids[fieldIndex(LogField::SpecName)] = internField(LogField::SpecName, entry.specName);
    row.ids[fieldIndex(LogField::Service)] = internField(LogField::Service, extra.service);
    row.ids[fieldIndex(LogField::Operation)] = internField(LogField::Operation, extra.operation);
    nextRow() = row;
    m_pendingTextBytes += qint64(textBytes);
}

void LogStore::append(const LogEntry &entry)
{
    appendUnpublished(entry);
    publish();
}

void LogStore::append(std::span<const LogEntry> entries)
{
    for (const LogEntry &entry : entries)
        appendUnpublished(entry);
    publish();
}

void LogStore::append(LogStoreBatch &&batch)
{
    if (batch.isEmpty())
        return;
    appendRows(adopt(std::move(batch)));
}

void LogStore::appendRows(std::span<const LogStoreRow> rows)
{
    for (const LogStoreRow &row : rows)
        nextRow() = row;
    publish();
}

std::vector<LogStoreRow> LogStore::adopt(LogStoreBatch &&batch)
{
    std::vector<quint32> globalIds(std::max<std::size_t>(1, batch.m_strings.size()), 0);
    for (std::size_t local = 1; local < batch.m_strings.size(); ++local) {
        const std::string &text = *batch.m_strings[local];
        globalIds[local] = m_strings.intern(QString::fromUtf8(text.data(), qsizetype(text.size())));
    }

    constexpr std::size_t kAdoptAtLeast = std::size_t{64} * 1024;
    const std::size_t textBytes = batch.m_text.size();
    quint32 chunk;
    quint32 base = 0;
    if (textBytes >= kAdoptAtLeast) {
        chunk = m_arena.adopt(std::move(batch.m_text));
    } else {
        char *text = m_arena.prepare(textBytes);
        if (textBytes > 0)
            std::memcpy(text, batch.m_text.data(), textBytes);
        const LogTextArena::Location location = m_arena.commit(textBytes);
        chunk = location.chunk;
        base = location.offset;
    }

    std::vector<LogStoreRow> rows = std::move(batch.m_rows);
    for (LogStoreRow &row : rows) {
        row.textChunk = chunk;
        row.textOffset += base;
        for (quint32 &id : row.ids)
            id = globalIds[id];
    }
    m_pendingTextBytes += qint64(textBytes);
    batch = LogStoreBatch();
    return rows;
}

QByteArrayView LogStore::extraJson(qsizetype row) const
{
    const LogStoreRow &r = rowData(row);
    if (r.extraBytes == 0)
        return kEmptyObject;
    return {textOf(r) + r.messageBytes, qsizetype(r.extraBytes)};
}

QJsonObject LogStore::extra(qsizetype row) const
{
    const LogStoreRow &r = rowData(row);
    if (r.extraBytes == 0)
        return {};
    return QJsonDocument::fromJson(extraJson(row).toByteArray()).object();
}

QString LogStore::exception(qsizetype row) const
{
    const LogStoreRow &r = rowData(row);
    if (!r.hasException)
        return {};
    const std::string_view text = readExceptionText(textOf(r) + r.messageBytes + r.extraBytes);
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

LogEntry LogStore::entry(qsizetype row) const
{
    const LogStoreRow &r = rowData(row);
    LogEntry entry;
    entry.timestampMs = r.timestampMs;
    entry.utcOffsetSeconds = r.utcOffsetSeconds;
    entry.level = static_cast<LogLevel>(r.level);
    entry.logger = m_strings.text(r.ids[fieldIndex(LogField::Logger)]);
    entry.message = message(row);
    entry.runnerId = m_strings.text(r.ids[fieldIndex(LogField::RunnerId)]);
    entry.taskId = m_strings.text(r.ids[fieldIndex(LogField::TaskId)]);
    entry.specName = m_strings.text(r.ids[fieldIndex(LogField::SpecName)]);
    entry.exception = exception(row);
    entry.extra = extra(row);
    return entry;
}

qint64 LogStore::bytesUsed() const
{
    return qint64(sizeof(LogStore)) + m_rowBytes.load(std::memory_order_relaxed) +
           m_arena.bytesUsed() + m_strings.bytesUsed();
}

} // namespace necrocode
