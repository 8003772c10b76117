#include "logstore/LogStoreBatch.h"

#include "logstore/LogExtraFields.h"
#include "logstore/LogStoreText.h"
#include "logstore/Utf8Text.h"

namespace necrocode {

quint32 LogStoreBatch::localId(LogField field, std::string_view text)
{
    if (text.empty())
        return 0;
    quint32 &last = m_lastIds[fieldIndex(field)];
    if (last != 0 && *m_strings[last] == text)
        return last;
    auto found = m_localIds.find(text);
    if (found == m_localIds.end()) {
        if (m_strings.empty())
            m_strings.push_back(nullptr); // id 0: the empty string
        found = m_localIds.emplace(std::string(text), quint32(m_strings.size())).first;
        m_strings.push_back(&found->first);
    }
    last = found->second;
    return last;
}

void LogStoreBatch::add(const Fields &fields)
{
    const std::size_t textBytes =
        entryTextSize(fields.message.size(), fields.extraJson.size(), fields.exception.size());
    char *text = m_text.prepare(textBytes);
    const auto offset = quint32(m_text.size());
    writeEntryText(text, fields.message, fields.extraJson, fields.exception);
    m_text.commit(textBytes);

    LogStoreRow row = makeLogStoreRow(fields.timestampMs, fields.utcOffsetSeconds, fields.level,
                                      fields.durationSeconds);
    row.textOffset = offset;
    row.messageBytes = quint32(fields.message.size());
    row.extraBytes = quint32(fields.extraJson.size());
    row.hasException = !fields.exception.empty();
    row.messageIsAscii = isAscii(fields.message.data(), fields.message.size());
    row.ids[fieldIndex(LogField::Logger)] = localId(LogField::Logger, fields.logger);
    row.ids[fieldIndex(LogField::RunnerId)] = localId(LogField::RunnerId, fields.runnerId);
    row.ids[fieldIndex(LogField::TaskId)] = localId(LogField::TaskId, fields.taskId);
    row.ids[fieldIndex(LogField::SpecName)] = localId(LogField::SpecName, fields.specName);
    row.ids[fieldIndex(LogField::Service)] = localId(LogField::Service, fields.service);
    row.ids[fieldIndex(LogField::Operation)] = localId(LogField::Operation, fields.operation);
    m_rows.push_back(row);
}

void LogStoreBatch::add(const LogEntry &entry)
{
    auto utf8 = [](QStringView text) {
        std::string bytes(maxUtf8Size(text.size()), '\0');
        bytes.resize(encodeUtf8(text, bytes.data()));
        return bytes;
    };
    const std::string logger = utf8(entry.logger);
    const std::string message = utf8(entry.message);
    const std::string runnerId = utf8(entry.runnerId);
    const std::string taskId = utf8(entry.taskId);
    const std::string specName = utf8(entry.specName);
    const std::string exception = utf8(entry.exception);
    LogTextBuffer extraJson;
    const LogExtraFields extra = appendCompactExtra(extraJson, entry.extra);
    const std::string service = utf8(extra.service);
    const std::string operation = utf8(extra.operation);
    add(Fields{entry.timestampMs, entry.utcOffsetSeconds, entry.level, logger, message, runnerId,
               taskId, specName, exception, std::string_view(extraJson.data(), extraJson.size()),
               service, operation, extra.durationSeconds});
}

} // namespace necrocode
