// Makes files durable after the service that wrote them has answered. The services write a file
// whole and rename it into place, so a crash of the process leaves the old content or the new one
// and loses nothing the kernel has; flush(path) then syncs the file and its directory to the disk
// on a thread of its own. An answer no longer waits behind every other writer's data on the same
// disk, and a power cut loses at most the last few milliseconds, as the Task Registry's SQLite in
// WAL mode with synchronous=NORMAL does. A path asked for again while it waits is synced once.
// The destructor waits for every flush asked for.
#pragma once

#include <QMutex>
#include <QSet>
#include <QString>
#include <QThreadPool>

#include <atomic>
#include <functional>

namespace necrocode {

class DiskFlusher
{
public:
    // Syncs one file or directory; false when it could not (the reason is logged).
    using Sync = std::function<bool(const QString &path)>;

    explicit DiskFlusher(Sync sync = syncToDisk);
    ~DiskFlusher();
    DiskFlusher(const DiskFlusher &) = delete;
    DiskFlusher &operator=(const DiskFlusher &) = delete;

    // Queues a sync of `path` and then of its directory; returns at once. Thread-safe.
    void flush(const QString &path);
    // Blocks until every flush asked for so far is done.
    void waitForDone();
    // Files synced so far (directories not counted).
    quint64 syncedFiles() const { return m_syncedFiles.load(); }

    // fdatasync of a file, fsync of a directory.
    static bool syncToDisk(const QString &path);

private:
    void syncPending();

    Sync m_sync;
    QMutex m_mutex;
    QSet<QString> m_pending; // guarded by m_mutex
    bool m_running = false;  // guarded by m_mutex: a pool task is draining m_pending
    std::atomic<quint64> m_syncedFiles{0};
    QThreadPool m_thread; // one thread: syncs queue behind one another, not behind answers
};

} // namespace necrocode
