#include "log/RunEventReport.h"

#include "core/RunEventCodec.h"

namespace necrocode {

RunEvent reportRunEvent(const Logger &logger, RunEventObserver *observer, LogLevel level,
                        const QString &message, RunEvent event, const QJsonObject &context)
{
    if (observer)
        event = observer->record(std::move(event));
    if (logger.isEnabled(level)) {
        QJsonObject fields = run_event_codec::write(event);
        for (auto it = context.begin(); it != context.end(); ++it)
            fields.insert(it.key(), it.value());
        logger.log(level, message, std::move(fields));
    }
    return event;
}

} // namespace necrocode
