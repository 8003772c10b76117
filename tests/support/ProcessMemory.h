// What the kernel says about this test process's memory, for tests that print and bound it.
#pragma once

#include <QByteArray>
#include <QFile>

namespace necrocode::test {

// A field of /proc/self/status in MiB: "VmRSS" (resident now), "VmHWM" (peak resident).
inline double processMemoryMiB(const QByteArray &field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith(QByteArray(field + ':')))
            return line.mid(field.size() + 1).trimmed().split(' ').first().toDouble() / 1024.0;
    return -1;
}

// False under AddressSanitizer and ThreadSanitizer: ASan's quarantine of freed memory and its
// redzones, and TSan's shadow memory and its allocator, make resident memory say nothing about
// the code's own use, so memory bounds are checked in other builds only (the figures are still
// printed).
constexpr bool residentMemoryIsMeaningful()
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    return false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
    return false;
#else
    return true;
#endif
#else
    return true;
#endif
}

} // namespace necrocode::test
