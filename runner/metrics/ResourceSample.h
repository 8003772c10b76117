// One reading of the memory and CPU used by the runner process and its child processes, and the
// running peak/average over many readings.
#pragma once

#include <QMetaType>
#include <QtGlobal>

#include <optional>

namespace necrocode {

// Warn limits from the configuration; 0 means no limit.
struct ResourceLimits
{
    double memoryMb = 0.0;
    double cpuPercent = 0.0;
};

struct ResourceSample
{
    qint64 timestampMs = 0;           // wall clock, ms since the epoch
    int processCount = 0;             // the sampled process plus its live descendants
    double memoryMb = 0.0;            // resident memory of the whole process tree
    double ownMemoryMb = 0.0;         // resident memory of the sampled process alone
    double memoryPercent = 0.0;       // memoryMb relative to the machine's total memory
    std::optional<double> cpuPercent; // tree CPU since the previous sample; 100 = one core
    bool memoryLimitExceeded = false;
    bool cpuLimitExceeded = false;

    bool anyLimitExceeded() const { return memoryLimitExceeded || cpuLimitExceeded; }
};

struct ResourceUsageSummary
{
    qint64 samples = 0;
    double peakMemoryMb = 0.0;
    double averageMemoryMb = 0.0;
    double peakMemoryPercent = 0.0;
    double averageMemoryPercent = 0.0;
    qint64 cpuSamples = 0; // samples that carried a CPU figure
    double peakCpuPercent = 0.0;
    double averageCpuPercent = 0.0;
};

// Marks a sample's limit flags against warn limits and says when a limit has just been crossed
// (exceeded after a sample within it), so that a caller warns once per crossing, not per sample.
class ResourceLimitWatch
{
public:
    ResourceLimitWatch() = default;
    explicit ResourceLimitWatch(ResourceLimits limits) : m_limits(limits) {}

    void setLimits(ResourceLimits limits) { m_limits = limits; }
    // Sets sample.memoryLimitExceeded and cpuLimitExceeded; true when either was just crossed.
    bool check(ResourceSample &sample);

private:
    ResourceLimits m_limits;
    bool m_memoryWasExceeded = false;
    bool m_cpuWasExceeded = false;
};

// Folds samples into peaks and averages. Not thread-safe on its own.
class ResourceUsageAccumulator
{
public:
    void add(const ResourceSample &sample);
    ResourceUsageSummary summary() const;

private:
    ResourceUsageSummary m_summary;
    double m_memoryMbSum = 0.0;
    double m_memoryPercentSum = 0.0;
    double m_cpuPercentSum = 0.0;
};

} // namespace necrocode

Q_DECLARE_METATYPE(necrocode::ResourceSample)
