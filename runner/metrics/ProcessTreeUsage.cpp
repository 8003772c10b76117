#include "metrics/ProcessTreeUsage.h"

#include <QByteArrayView>
#include <QHash>
#include <QList>

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace necrocode {

namespace {

struct StatFields
{
    qint64 ppid = 0;
    qint64 cpuTicks = 0;
    qint64 residentPages = 0;
};

// Reads a small /proc file into `buffer`; returns the length, or -1.
qsizetype readSmallFile(const char *path, char *buffer, qsizetype capacity)
{
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    qsizetype total = 0;
    while (total < capacity - 1) {
        const ssize_t n = ::read(fd, buffer + total, size_t(capacity - 1 - total));
        if (n <= 0)
            break;
        total += n;
    }
    ::close(fd);
    buffer[total] = '\0';
    return total;
}

// /proc/<pid>/stat: "pid (comm) state ppid ... utime(14) stime cutime cstime ... rss(24) ..."
// comm may contain spaces and parentheses, so fields are counted after the last ')'.
bool parseStat(const char *text, StatFields &out)
{
    const char *p = std::strrchr(text, ')');
    if (!p)
        return false;
    ++p;
    int field = 2;
    qint64 values[25] = {};
    while (*p && field < 24) {
        while (*p == ' ')
            ++p;
        ++field;
        char *end = nullptr;
        const long long value = std::strtoll(p, &end, 10);
        if (end == p) { // the state letter
            while (*p && *p != ' ')
                ++p;
            continue;
        }
        values[field] = value;
        p = end;
    }
    if (field < 24)
        return false;
    out.ppid = values[4];
    out.cpuTicks = values[14] + values[15] + values[16] + values[17];
    out.residentPages = values[24];
    return true;
}

} // namespace

ProcessTreeUsage readProcessTreeUsage(qint64 rootPid)
{
    ProcessTreeUsage usage;
    QHash<qint64, StatFields> stats;
    QHash<qint64, QList<qint64>> children;
    stats.reserve(512);

    DIR *dir = ::opendir("/proc");
    if (!dir)
        return usage;
    char path[64];
    char buffer[1024];
    while (const dirent *entry = ::readdir(dir)) {
        char *end = nullptr;
        const long long pid = std::strtoll(entry->d_name, &end, 10);
        if (end == entry->d_name || *end != '\0' || pid <= 0)
            continue;
        std::snprintf(path, sizeof path, "/proc/%lld/stat", pid);
        if (readSmallFile(path, buffer, sizeof buffer) <= 0)
            continue; // the process ended meanwhile
        StatFields fields;
        if (!parseStat(buffer, fields))
            continue;
        stats.insert(pid, fields);
        children[fields.ppid].append(pid);
    }
    ::closedir(dir);

    const auto root = stats.constFind(rootPid);
    if (root == stats.constEnd())
        return usage;
    const qint64 pageSize = ::sysconf(_SC_PAGESIZE);
    usage.rootFound = true;
    usage.rootResidentBytes = root->residentPages * pageSize;

    QList<qint64> pending{rootPid};
    // The bound guards against a cycle made of pids reused while /proc was being read.
    while (!pending.isEmpty() && usage.processCount < stats.size()) {
        const qint64 pid = pending.takeLast();
        const StatFields &fields = stats[pid];
        ++usage.processCount;
        usage.residentBytes += fields.residentPages * pageSize;
        usage.cpuTicks += fields.cpuTicks;
        pending.append(children.value(pid));
    }
    return usage;
}

qint64 totalMemoryBytes()
{
    char buffer[4096];
    if (readSmallFile("/proc/meminfo", buffer, sizeof buffer) <= 0)
        return 0;
    const char *line = std::strstr(buffer, "MemTotal:");
    if (!line)
        return 0;
    return std::strtoll(line + 9, nullptr, 10) * 1024; // the value is in kB
}

long clockTicksPerSecond()
{
    static const long ticks = ::sysconf(_SC_CLK_TCK);
    return ticks > 0 ? ticks : 100;
}

} // namespace necrocode
