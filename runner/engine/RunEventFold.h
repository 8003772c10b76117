// How a run's row changes with each event the run reports. The runner pool folds its own runs'
// events this way and the remote run tracker an attached worker's, read back from its log, so
// a run reads the same whichever way it arrived.
#pragma once

#include "core/RunEvent.h"
#include "engine/RunSnapshot.h"

namespace necrocode {

// `atMs`: when the event was reported (milliseconds since the epoch).
void foldRunEvent(RunSnapshot &run, const RunEvent &event, qint64 atMs);

} // namespace necrocode
