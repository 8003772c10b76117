#include "logstore/LogStoreBatch.h"

#include "logstore/LogExtraFields.h"
#include "logstore/LogStoreText.h"
#include "logstore/Utf8Text.h"

#include <QJsonDocument>
#include <QJsonObject>

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
    add(LogEntryFields(entry).fields());
}

namespace {

std::string utf8Of(QStringView text)
{
    std::string bytes(maxUtf8Size(text.size()), '\0');
    bytes.resize(encodeUtf8(text, bytes.data()));
    return bytes;
}

QString textOf(std::string_view utf8)
{
    return QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
}

} // namespace

LogEntryFields::LogEntryFields(const LogEntry &entry)
    : m_logger(utf8Of(entry.logger)), m_message(utf8Of(entry.message)),
      m_runnerId(utf8Of(entry.runnerId)), m_taskId(utf8Of(entry.taskId)),
      m_specName(utf8Of(entry.specName)), m_exception(utf8Of(entry.exception))
{
    const LogExtraFields extra = appendCompactExtra(m_extraJson, entry.extra);
    m_service = utf8Of(extra.service);
    m_operation = utf8Of(extra.operation);
    m_fields = LogStoreBatch::Fields{entry.timestampMs,
                                     entry.utcOffsetSeconds,
                                     entry.level,
                                     m_logger,
                                     m_message,
                                     m_runnerId,
                                     m_taskId,
                                     m_specName,
                                     m_exception,
                                     std::string_view(m_extraJson.data(), m_extraJson.size()),
                                     m_service,
                                     m_operation,
                                     extra.durationSeconds};
}

LogEntry logEntryOf(const LogStoreBatch::Fields &fields)
{
    LogEntry entry;
    entry.timestampMs = fields.timestampMs;
    entry.utcOffsetSeconds = fields.utcOffsetSeconds;
    entry.level = fields.level;
    entry.logger = textOf(fields.logger);
    entry.message = textOf(fields.message);
    entry.runnerId = textOf(fields.runnerId);
    entry.taskId = textOf(fields.taskId);
    entry.specName = textOf(fields.specName);
    entry.exception = textOf(fields.exception);
    if (!fields.extraJson.empty())
        entry.extra =
            QJsonDocument::fromJson(QByteArray::fromRawData(fields.extraJson.data(),
                                                            qsizetype(fields.extraJson.size())))
                .object();
    return entry;
}

} // namespace necrocode
