// Reads /proc to measure a process and all its descendants: resident memory and CPU time.
// Linux only; one pass over /proc/<pid>/stat of every process, no allocation per process
// beyond a small map.
#pragma once

#include <QtGlobal>

namespace necrocode {

struct ProcessTreeUsage
{
    bool rootFound = false;
    int processCount = 0;
    qint64 residentBytes = 0;     // RSS summed over the tree
    qint64 rootResidentBytes = 0; // RSS of the root process
    // utime + stime + cutime + cstime summed over the tree, in clock ticks. Children that ended
    // and were waited for move into their parent's cutime/cstime, so the sum only grows.
    qint64 cpuTicks = 0;
};

ProcessTreeUsage readProcessTreeUsage(qint64 rootPid);

// MemTotal of /proc/meminfo, 0 when unreadable.
qint64 totalMemoryBytes();

long clockTicksPerSecond();

} // namespace necrocode
