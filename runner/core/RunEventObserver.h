// Whatever counts the events a run reports (the run's MetricsCollector): reportRunEvent hands
// each event to it before the event is logged, and logs what it returns.
#pragma once

#include "core/RunEvent.h"

namespace necrocode {

class RunEventObserver
{
public:
    virtual ~RunEventObserver() = default;
    // Returns the event with what the observer adds to it (an LLM call's cost).
    virtual RunEvent record(RunEvent event) = 0;
};

} // namespace necrocode
