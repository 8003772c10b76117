#include "storage/DiskFlusher.h"

#include "core/ThreadHandOff.h"

#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace necrocode {

DiskFlusher::DiskFlusher(Sync sync) : m_sync(std::move(sync))
{
    m_thread.setMaxThreadCount(1);
}

DiskFlusher::~DiskFlusher()
{
    waitForDone();
}

void DiskFlusher::flush(const QString &path)
{
    const QMutexLocker lock(&m_mutex);
    m_pending.insert(path);
    if (m_running)
        return;
    m_running = true;
    m_thread.start(ThreadHandOff::crossThreadCall([this] { syncPending(); }));
}

void DiskFlusher::waitForDone()
{
    m_thread.waitForDone();
}

void DiskFlusher::syncPending()
{
    for (;;) {
        QSet<QString> files;
        {
            const QMutexLocker lock(&m_mutex);
            if (m_pending.isEmpty()) {
                m_running = false;
                return;
            }
            files.swap(m_pending);
        }
        QSet<QString> directories;
        for (const QString &file : std::as_const(files)) {
            if (m_sync(file))
                ++m_syncedFiles;
            directories.insert(QFileInfo(file).absolutePath());
        }
        for (const QString &directory : std::as_const(directories))
            m_sync(directory);
    }
}

bool DiskFlusher::syncToDisk(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fdatasync(fd) != 0) {
        const int error = errno;
        if (fd >= 0)
            ::close(fd);
        if (error == ENOENT)
            return false; // removed or replaced since: nothing of it is left to sync
        qWarning("cannot sync %s to the disk: %s", qPrintable(path), std::strerror(error));
        return false;
    }
    ::close(fd);
    return true;
}

} // namespace necrocode
