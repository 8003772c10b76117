// The observer of one run's events: counts each in the run's metrics collector, then hands it,
// with the cost the collector added, to whoever follows the run (the runner pool's fold).
#pragma once

#include "core/RunEventObserver.h"

#include <QString>

#include <functional>
#include <memory>

namespace necrocode {

class MetricsCollector;

class RunEventRelay final : public RunEventObserver
{
public:
    using Follower = std::function<void(const QString &runId, const RunEvent &event)>;

    RunEventRelay(QString runId, std::shared_ptr<MetricsCollector> collector, Follower follower);

    RunEvent record(RunEvent event) override;

private:
    QString m_runId;
    std::shared_ptr<MetricsCollector> m_collector;
    Follower m_follower;
};

} // namespace necrocode
