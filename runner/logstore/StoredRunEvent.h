// The RunEvent a stored log entry reports, read with the one codec. Entries that name no
// service and carry no event tag are rejected from their stored columns without parsing the
// extra JSON, so following a busy log costs little.
#pragma once

#include "core/RunEvent.h"
#include "logstore/LogStore.h"

#include <optional>

namespace necrocode {

std::optional<RunEvent> runEventAt(const LogStore &store, qsizetype row);

} // namespace necrocode
