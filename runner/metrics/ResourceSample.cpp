#include "metrics/ResourceSample.h"

#include <algorithm>

namespace necrocode {

bool ResourceLimitWatch::check(ResourceSample &sample)
{
    sample.memoryLimitExceeded = m_limits.memoryMb > 0 && sample.memoryMb > m_limits.memoryMb;
    sample.cpuLimitExceeded =
        m_limits.cpuPercent > 0 && sample.cpuPercent && *sample.cpuPercent > m_limits.cpuPercent;
    const bool crossed = (sample.memoryLimitExceeded && !m_memoryWasExceeded) ||
                         (sample.cpuLimitExceeded && !m_cpuWasExceeded);
    m_memoryWasExceeded = sample.memoryLimitExceeded;
    m_cpuWasExceeded = sample.cpuLimitExceeded;
    return crossed;
}

void ResourceUsageAccumulator::add(const ResourceSample &sample)
{
    ++m_summary.samples;
    m_memoryMbSum += sample.memoryMb;
    m_memoryPercentSum += sample.memoryPercent;
    m_summary.peakMemoryMb = std::max(m_summary.peakMemoryMb, sample.memoryMb);
    m_summary.peakMemoryPercent = std::max(m_summary.peakMemoryPercent, sample.memoryPercent);
    if (sample.cpuPercent) {
        ++m_summary.cpuSamples;
        m_cpuPercentSum += *sample.cpuPercent;
        m_summary.peakCpuPercent = std::max(m_summary.peakCpuPercent, *sample.cpuPercent);
    }
}

ResourceUsageSummary ResourceUsageAccumulator::summary() const
{
    ResourceUsageSummary out = m_summary;
    if (out.samples > 0) {
        out.averageMemoryMb = m_memoryMbSum / double(out.samples);
        out.averageMemoryPercent = m_memoryPercentSum / double(out.samples);
    }
    if (out.cpuSamples > 0)
        out.averageCpuPercent = m_cpuPercentSum / double(out.cpuSamples);
    return out;
}

} // namespace necrocode
