#include "logstore/LogFieldsMatcher.h"

#include "logstore/Utf8Text.h"

#include <limits>

namespace necrocode {

namespace {

std::string_view fieldOf(const LogStoreBatch::Fields &fields, LogField field)
{
    switch (field) {
    case LogField::Logger:
        return fields.logger;
    case LogField::RunnerId:
        return fields.runnerId;
    case LogField::TaskId:
        return fields.taskId;
    case LogField::SpecName:
        return fields.specName;
    case LogField::Service:
        return fields.service;
    case LogField::Operation:
        return fields.operation;
    }
    return {};
}

} // namespace

LogFieldsMatcher::LogFieldsMatcher(const LogQuery &query)
    : m_levelMask(query.levelMask),
      m_sinceMs(query.sinceMs.value_or(std::numeric_limits<qint64>::min())),
      m_untilMs(query.untilMs.value_or(std::numeric_limits<qint64>::max())), m_message(query)
{
    for (std::size_t i = 0; i < kLogFieldCount; ++i) {
        if (const std::optional<QString> &wanted = query.field(static_cast<LogField>(i)))
            m_wanted[i] = wanted->toStdString();
    }
}

bool LogFieldsMatcher::matches(const LogStoreBatch::Fields &fields) const
{
    if (!((m_levelMask >> static_cast<int>(fields.level)) & 1u))
        return false;
    if (fields.timestampMs < m_sinceMs || fields.timestampMs > m_untilMs)
        return false;
    for (std::size_t i = 0; i < kLogFieldCount; ++i) {
        if (m_wanted[i] && fieldOf(fields, static_cast<LogField>(i)) != *m_wanted[i])
            return false;
    }
    if (m_message.acceptsAny())
        return true;
    const QByteArrayView message(fields.message.data(), qsizetype(fields.message.size()));
    return m_message.matches(message, isAscii(fields.message.data(), fields.message.size()));
}

} // namespace necrocode
