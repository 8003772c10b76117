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
    int run = m_runs.value(key, -1);
    if (run < 0) {
        run = int(m_runs.size());
        m_runs.insert(key, run);
    }
    m_samples.push_back(Sample{timeMs, seconds, int(serviceIndex), run});
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
