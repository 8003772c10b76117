// DiskFlusher: syncs run on a thread of their own, each file then its directory; a path asked for
// again while it waits is synced once; the destructor waits for every sync; real files sync.
#include "storage/DiskFlusher.h"
#include "workspace/AtomicFileWrite.h"

#include <QDir>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <thread>

using namespace necrocode;

namespace {

// What the flusher asked to sync, in order, and on which thread.
struct SyncLog
{
    QMutex mutex;
    QStringList paths;
    QSet<QThread *> threads;

    // With a gate, each sync announces itself on `entered` and then waits for the gate.
    DiskFlusher::Sync recorder(QSemaphore *gate = nullptr, QSemaphore *entered = nullptr)
    {
        return [this, gate, entered](const QString &path) {
            if (entered)
                entered->release();
            if (gate)
                gate->acquire();
            const QMutexLocker lock(&mutex);
            paths.append(path);
            threads.insert(QThread::currentThread());
            return true;
        };
    }
};

} // namespace

class TestDiskFlusher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eachFileThenItsDirectoryOffTheCallingThread()
    {
        SyncLog log;
        DiskFlusher flusher(log.recorder());
        flusher.flush(QStringLiteral("/data/store/a.bin"));
        flusher.waitForDone();
        flusher.flush(QStringLiteral("/data/store/a.json"));
        flusher.waitForDone();
        QCOMPARE(
            log.paths,
            (QStringList{QStringLiteral("/data/store/a.bin"), QStringLiteral("/data/store"),
                         QStringLiteral("/data/store/a.json"), QStringLiteral("/data/store")}));
        QVERIFY(!log.threads.contains(QThread::currentThread()));
        QCOMPARE(flusher.syncedFiles(), quint64(2));
    }

    void aPathAskedForAgainWhileItWaitsIsSyncedOnce()
    {
        SyncLog log;
        QSemaphore gate;
        QSemaphore entered;
        DiskFlusher flusher(log.recorder(&gate, &entered));
        flusher.flush(QStringLiteral("/pool/first.json"));
        entered.acquire(); // the first sync has begun: what follows waits behind it
        for (int i = 0; i < 50; ++i)
            flusher.flush(QStringLiteral("/pool/pools.json"));
        gate.release(100);
        flusher.waitForDone();
        QCOMPARE(log.paths.count(QStringLiteral("/pool/pools.json")), 1);
        QCOMPARE(log.paths.count(QStringLiteral("/pool/first.json")), 1);
        QCOMPARE(flusher.syncedFiles(), quint64(2));
    }

    void theDestructorWaitsForEverySync()
    {
        SyncLog log;
        QSemaphore gate;
        std::thread opener;
        {
            DiskFlusher flusher(log.recorder(&gate));
            for (int i = 0; i < 5; ++i)
                flusher.flush(QStringLiteral("/store/%1.bin").arg(i));
            opener = std::thread([&gate] {
                QThread::msleep(50);
                gate.release(100);
            });
            // Leaving the scope blocks until the gate opens and all five are synced.
        }
        opener.join();
        const QMutexLocker lock(&log.mutex);
        for (int i = 0; i < 5; ++i)
            QVERIFY(log.paths.contains(QStringLiteral("/store/%1.bin").arg(i)));
    }

    void realFilesAndDirectoriesSync()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("state.json"));
        QVERIFY(writeFileAtomically(path, "{}\n").ok());
        QVERIFY(DiskFlusher::syncToDisk(path));
        QVERIFY(DiskFlusher::syncToDisk(dir.path()));
        QVERIFY(!DiskFlusher::syncToDisk(dir.filePath(QStringLiteral("gone.json"))));

        DiskFlusher flusher;
        flusher.flush(path);
        flusher.flush(dir.filePath(QStringLiteral("removed-meanwhile.bin")));
        flusher.waitForDone();
        QCOMPARE(flusher.syncedFiles(), quint64(1));
    }
};

QTEST_GUILESS_MAIN(TestDiskFlusher)
#include "test_disk_flusher.moc"
