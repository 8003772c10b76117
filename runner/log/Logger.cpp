#include "log/Logger.h"

#include <QDateTime>

#include <atomic>
#include <tuple>

namespace necrocode {

namespace {

// The current time with the local UTC offset. QDateTime::currentDateTime() costs several
// microseconds (it consults the time zone on every call), so the offset is looked up once per
// wall-clock minute: time zone transitions happen on whole minutes.
std::pair<qint64, int> currentTimeWithOffset()
{
    constexpr int kOffsetBias = 1 << 20; // keeps the stored offset positive
    static std::atomic<quint64> minuteAndOffset{0};
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const quint64 minute = quint64(nowMs / 60000);
    quint64 cached = minuteAndOffset.load(std::memory_order_relaxed);
    if ((cached >> 32) != minute) {
        const int offset = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::LocalTime).offsetFromUtc();
        cached = (minute << 32) | quint32(offset + kOffsetBias);
        minuteAndOffset.store(cached, std::memory_order_relaxed);
    }
    return {nowMs, int(quint32(cached)) - kOffsetBias};
}

} // namespace

Logger::Logger(std::shared_ptr<LogDispatcher> dispatcher, QString name, LogContext context)
    : m_dispatcher(std::move(dispatcher)), m_name(std::move(name)), m_context(std::move(context))
{}

Logger Logger::withContext(LogContext context) const
{
    Logger copy = *this;
    copy.m_context = std::move(context);
    return copy;
}

Logger Logger::child(QStringView suffix) const
{
    Logger copy = *this;
    if (suffix.isEmpty())
        return copy;
    copy.m_name = m_name.isEmpty() ? suffix.toString() : m_name + u'.' + suffix;
    return copy;
}

void Logger::log(LogLevel level, const QString &message, QJsonObject extra,
                 const QString &exception) const
{
    if (!isEnabled(level))
        return;
    LogEntry entry;
    std::tie(entry.timestampMs, entry.utcOffsetSeconds) = currentTimeWithOffset();
    entry.level = level;
    entry.logger = m_name;
    entry.message = message;
    entry.exception = exception;
    entry.extra = std::move(extra);
    m_context.stamp(entry);
    m_dispatcher->dispatch(std::move(entry));
}

} // namespace necrocode
