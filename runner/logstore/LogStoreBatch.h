// Entries prepared off the store's writer thread, already in the store's row layout with
// batch-local string ids and one text buffer, so LogStore::append(LogStoreBatch&&) only maps
// ids and adopts the text. The bulk path of the JSONL loader.
#pragma once

#include "log/LogEntry.h"
#include "logstore/LogStoreRow.h"
#include "logstore/LogTextBuffer.h"

#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace necrocode {

class LogStoreBatch
{
public:
    // One entry as UTF-8 views; `extraJson` is a JSON object text (empty when there is none).
    struct Fields
    {
        qint64 timestampMs = 0;
        int utcOffsetSeconds = 0;
        LogLevel level = LogLevel::Info;
        std::string_view logger;
        std::string_view message;
        std::string_view runnerId;
        std::string_view taskId;
        std::string_view specName;
        std::string_view exception;
        std::string_view extraJson;
        std::string_view service;   // extra.service
        std::string_view operation; // extra.operation
        float durationSeconds = std::numeric_limits<float>::quiet_NaN();
    };

    LogStoreBatch() = default;
    explicit LogStoreBatch(std::size_t expectedTextBytes) : m_text(expectedTextBytes) {}

    void add(const Fields &fields);
    void add(const LogEntry &entry);

    std::size_t size() const { return m_rows.size(); }
    bool isEmpty() const { return m_rows.empty(); }

private:
    friend class LogStore;

    struct StringHash
    {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const
        {
            return std::hash<std::string_view>{}(text);
        }
    };

    quint32 localId(LogField field, std::string_view text);

    std::vector<LogStoreRow> m_rows; // textChunk unset, ids index m_strings
    LogTextBuffer m_text;
    std::unordered_map<std::string, quint32, StringHash, std::equal_to<>> m_localIds;
    std::vector<const std::string *> m_strings; // by local id
    std::array<quint32, kLogFieldCount> m_lastIds{};
};

// A LogEntry's fields as UTF-8 held here, with `extra` compacted and its service, operation and
// duration picked out: the Fields of an entry that did not come from JSON bytes.
class LogEntryFields
{
public:
    explicit LogEntryFields(const LogEntry &entry);
    LogEntryFields(const LogEntryFields &) = delete;
    LogEntryFields &operator=(const LogEntryFields &) = delete;

    const LogStoreBatch::Fields &fields() const { return m_fields; }

private:
    std::string m_logger;
    std::string m_message;
    std::string m_runnerId;
    std::string m_taskId;
    std::string m_specName;
    std::string m_exception;
    std::string m_service;
    std::string m_operation;
    LogTextBuffer m_extraJson;
    LogStoreBatch::Fields m_fields;
};

// The LogEntry that `fields` describe (extra parsed back into an object).
LogEntry logEntryOf(const LogStoreBatch::Fields &fields);

} // namespace necrocode
