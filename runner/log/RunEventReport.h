// Reports one RunEvent the one way every part of the engine does: counted by the run's observer
// (its MetricsCollector, when there is one), then written as a log entry whose fields come from
// the codec.
#pragma once

#include "core/RunEventObserver.h"
#include "log/Logger.h"

#include <QJsonObject>

namespace necrocode {

// `context` adds fields that are not part of the event (a request's method and URL). Returns
// the event as reported, with what the observer added (an LLM call's cost).
RunEvent reportRunEvent(const Logger &logger, RunEventObserver *observer, LogLevel level,
                        const QString &message, RunEvent event, const QJsonObject &context = {});

} // namespace necrocode
