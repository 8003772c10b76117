// The one place the log fields of a RunEvent are spelled (SPEC §3.1): write() gives the fields a
// log entry carries in `extra`, read() turns such fields back into the event. Entries written
// before the codec existed read the same; entries of other kinds are no event.
#pragma once

#include "core/RunEvent.h"

#include <QJsonObject>

#include <optional>

namespace necrocode::run_event_codec {

QJsonObject write(const RunEvent &event);
std::optional<RunEvent> read(const QJsonObject &fields);

} // namespace necrocode::run_event_codec
