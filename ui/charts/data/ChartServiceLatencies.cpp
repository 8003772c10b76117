#include "charts/data/ChartServiceLatencies.h"

namespace necrocode {

QString ChartServiceLatencies::runKey(const QString &runnerId, const QString &taskId)
{
    return runnerId + QLatin1Char('\x1f') + taskId;
}

void ChartServiceLatencies::add(const QString &service, qint64 timeMs, double seconds,
                                const QString &runnerId, const QString &taskId)
{
    qsizetype serviceIndex = m_services.indexOf(service);
    if (serviceIndex < 0) {
        serviceIndex = m_services.size();
        m_services.append(service);
    }
    const QString key = runKey(runnerId, taskId);
    auto run = m_runs.constFind(key);
    if (run == m_runs.constEnd())
        run = m_runs.insert(key, int(m_runs.size()));
    m_samples.push_back(Sample{timeMs, seconds, int(serviceIndex), run.value()});
}

ChartTimeSeries ChartServiceLatencies::series(const QString &service, const QString &runnerId,
                                              const QString &taskId) const
{
    ChartTimeSeries series;
    const int serviceIndex = int(m_services.indexOf(service));
    if (serviceIndex < 0)
        return series;
    const bool allRuns = runnerId.isEmpty() && taskId.isEmpty();
    const int run = allRuns ? -1 : m_runs.value(runKey(runnerId, taskId), -2);
    if (run == -2)
        return series;
    for (const Sample &sample : m_samples) {
        if (sample.service == serviceIndex && (allRuns || sample.run == run))
            series.insert(double(sample.timeMs), sample.seconds);
    }
    return series;
}

} // namespace necrocode
