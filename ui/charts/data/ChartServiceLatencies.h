// Latencies of calls to the external services (task_registry, repo_pool, artifact_store, ...)
// as reported from log entries, kept in full with the run they belong to, so that the latency
// chart can show every run or only the selected one.
#pragma once

#include "charts/data/ChartTimeSeries.h"

#include <QHash>
#include <QStringList>

#include <vector>

namespace necrocode {

class ChartServiceLatencies
{
public:
    // An empty runner and task id belongs to no run: shown only when no run is selected.
    void add(const QString &service, qint64 timeMs, double seconds, const QString &runnerId,
             const QString &taskId);

    // Services in order of first appearance.
    QStringList services() const { return m_services; }
    // Time-ordered latencies of `service` for the run (runner id + task id), or of every run
    // when both are empty.
    ChartTimeSeries series(const QString &service, const QString &runnerId,
                           const QString &taskId) const;
    qsizetype size() const { return qsizetype(m_samples.size()); }

private:
    struct Sample
    {
        qint64 timeMs;
        double seconds;
        int service;
        int run;
    };

    static QString runKey(const QString &runnerId, const QString &taskId);

    std::vector<Sample> m_samples;
    QStringList m_services;
    QHash<QString, int> m_runs;
};

} // namespace necrocode
