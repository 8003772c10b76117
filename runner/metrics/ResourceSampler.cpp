#include "metrics/ResourceSampler.h"

#include "metrics/ProcessTreeUsage.h"

#include <QCoreApplication>
#include <QDateTime>

#include <algorithm>

namespace necrocode {

namespace {

constexpr double kBytesPerMb = 1024.0 * 1024.0;

} // namespace

ResourceSampler::ResourceSampler(QObject *parent)
    : ResourceSampler(QCoreApplication::applicationPid(), parent)
{}

ResourceSampler::ResourceSampler(qint64 rootPid, QObject *parent)
    : QObject(parent), m_rootPid(rootPid), m_totalMemoryBytes(totalMemoryBytes()), m_timer(this)
{
    m_timer.setInterval(kDefaultIntervalMs);
    m_timer.setTimerType(Qt::CoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, [this] { sampleOnce(); });
}

void ResourceSampler::setIntervalMs(int intervalMs)
{
    m_timer.setInterval(std::max(1, intervalMs));
}

void ResourceSampler::setLimits(ResourceLimits limits)
{
    m_limits.setLimits(limits);
}

void ResourceSampler::start()
{
    sampleOnce();
    m_timer.start();
}

void ResourceSampler::stop()
{
    m_timer.stop();
}

ResourceSample ResourceSampler::memorySample(const ProcessTreeUsage &usage) const
{
    ResourceSample sample;
    sample.timestampMs = QDateTime::currentMSecsSinceEpoch();
    sample.processCount = usage.processCount;
    sample.memoryMb = double(usage.residentBytes) / kBytesPerMb;
    sample.ownMemoryMb = double(usage.rootResidentBytes) / kBytesPerMb;
    if (m_totalMemoryBytes > 0)
        sample.memoryPercent = 100.0 * double(usage.residentBytes) / double(m_totalMemoryBytes);
    return sample;
}

ResourceSample ResourceSampler::readMemory() const
{
    return memorySample(readProcessTreeUsage(m_rootPid));
}

ResourceSample ResourceSampler::sampleOnce()
{
    const ProcessTreeUsage usage = readProcessTreeUsage(m_rootPid);
    ResourceSample sample = memorySample(usage);

    if (usage.rootFound) {
        const qint64 elapsedNs = m_sinceLastSample.isValid() ? m_sinceLastSample.nsecsElapsed() : 0;
        if (m_lastCpuTicks && elapsedNs > 0) {
            // Ticks of a process that left the tree without being waited for by a tree member
            // disappear from the sum; never report that as negative CPU.
            const qint64 ticks = std::max<qint64>(0, usage.cpuTicks - *m_lastCpuTicks);
            const double cpuSeconds = double(ticks) / double(clockTicksPerSecond());
            sample.cpuPercent = 100.0 * cpuSeconds / (double(elapsedNs) / 1.0e9);
        }
        m_lastCpuTicks = usage.cpuTicks;
        m_sinceLastSample.start();
    }

    const bool crossed = m_limits.check(sample);
    if (usage.rootFound) {
        QMutexLocker lock(&m_summaryMutex);
        m_accumulator.add(sample);
    }

    Q_EMIT sampled(sample);
    if (crossed)
        Q_EMIT limitCrossed(sample);
    return sample;
}

ResourceUsageSummary ResourceSampler::summary() const
{
    QMutexLocker lock(&m_summaryMutex);
    return m_accumulator.summary();
}

} // namespace necrocode
