// Samples the memory and CPU of a process (by default this one) and all its child processes on
// a timer in the thread it lives in, keeps peak and average, and flags configured warn limits.
#pragma once

#include "metrics/ResourceSample.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QObject>
#include <QTimer>

namespace necrocode {

struct ProcessTreeUsage;

class ResourceSampler : public QObject
{
    Q_OBJECT

public:
    static constexpr int kDefaultIntervalMs = 1000;

    explicit ResourceSampler(QObject *parent = nullptr); // samples the current process
    explicit ResourceSampler(qint64 rootPid, QObject *parent = nullptr);

    void setIntervalMs(int intervalMs);
    int intervalMs() const { return m_timer.interval(); }
    void setLimits(ResourceLimits limits);

    void start(); // takes a first sample at once, then one per interval
    void stop();
    bool isActive() const { return m_timer.isActive(); }

    // Reads /proc now (a few milliseconds), folds the sample into the summary and emits sampled.
    // When the process is gone the sample is empty (processCount 0) and not folded in.
    ResourceSample sampleOnce();
    // Reads the memory now without a CPU figure: nothing is folded in, emitted or reset.
    ResourceSample readMemory() const;

    // Safe to call from any thread.
    ResourceUsageSummary summary() const;

Q_SIGNALS:
    void sampled(const necrocode::ResourceSample &sample);
    // Emitted when the memory or CPU limit becomes exceeded after a sample within the limits,
    // so that a caller logs one warning per crossing instead of one per sample.
    void limitCrossed(const necrocode::ResourceSample &sample);

private:
    ResourceSample memorySample(const ProcessTreeUsage &usage) const;

    qint64 m_rootPid;
    qint64 m_totalMemoryBytes;
    QTimer m_timer;
    ResourceLimitWatch m_limits;
    QElapsedTimer m_sinceLastSample;
    std::optional<qint64> m_lastCpuTicks;

    mutable QMutex m_summaryMutex;
    ResourceUsageAccumulator m_accumulator;
};

} // namespace necrocode
