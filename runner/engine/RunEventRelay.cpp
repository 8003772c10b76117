#include "engine/RunEventRelay.h"

#include "metrics/MetricsCollector.h"

namespace necrocode {

RunEventRelay::RunEventRelay(QString runId, std::shared_ptr<MetricsCollector> collector,
                             Follower follower)
    : m_runId(std::move(runId)), m_collector(std::move(collector)), m_follower(std::move(follower))
{}

RunEvent RunEventRelay::record(RunEvent event)
{
    if (m_collector)
        event = m_collector->record(std::move(event));
    if (m_follower)
        m_follower(m_runId, event);
    return event;
}

} // namespace necrocode
