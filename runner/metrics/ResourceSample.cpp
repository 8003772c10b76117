#include "metrics/ResourceSample.h"

#include <algorithm>

namespace necrocode {

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
