// LogFeed: the hub's entries reach the store in order on the feed's own thread (the caller's
// event loop can be busy meanwhile), a held feed leaves the store to another writer and appends
// what arrived afterwards, a replaced store gets the entries from then on, and entries the hub
// dropped are counted.
#include "RandomLogEntries.h"
#include "logstore/LogFeed.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>
#include <thread>

using namespace necrocode;

namespace {

LogEntry numbered(int i)
{
    LogEntry e = LogEntry::now(LogLevel::Info, QStringLiteral("necrocode.test"),
                               QStringLiteral("entry #%1").arg(i));
    e.runnerId = QStringLiteral("runner-%1").arg(i % 3);
    return e;
}

// Waits without running the caller's event loop.
bool waitWithoutEvents(const std::function<bool()> &done, int timeoutMs = 10000)
{
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > timeoutMs)
            return false;
        QThread::msleep(5);
    }
    return true;
}

} // namespace

class TestLogFeed : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followsTheHubOnItsOwnThread()
    {
        LogHub hub;
        auto store = std::make_shared<LogStore>();
        LogFeed feed(hub, store);
        // Written by the feed's thread while this one reads it.
        std::atomic<QThread *> appendingThread = nullptr;
        connect(
            &feed, &LogFeed::rowsAppended, this,
            [&appendingThread] { appendingThread = QThread::currentThread(); },
            Qt::DirectConnection);

        constexpr int kEntries = 20000;
        testing::RandomLogEntries random(7);
        const std::vector<LogEntry> posted = random.entries(kEntries);
        std::thread poster([&] {
            for (const LogEntry &entry : posted)
                hub.post(entry);
        });
        // This thread runs no event loop meanwhile: the feed drains on its own. The feed says
        // rowsAppended after the rows are in the store: wait for both.
        QVERIFY(waitWithoutEvents(
            [&] { return store->size() == kEntries && appendingThread.load() != nullptr; }));
        poster.join();
        QVERIFY(appendingThread != QThread::currentThread());
        for (int i = 0; i < kEntries; i += 997)
            QCOMPARE(store->entry(i), posted[std::size_t(i)]);
        QCOMPARE(store->entry(kEntries - 1), posted.back());
        QCOMPARE(feed.missedEntries(), quint64(0));
    }

    void aHeldFeedLeavesTheStoreToAnotherWriter()
    {
        LogHub hub;
        auto store = std::make_shared<LogStore>();
        LogFeed feed(hub, store);
        hub.post(numbered(0));
        feed.drainNow();
        QCOMPARE(store->size(), 1);

        feed.hold();
        for (int i = 1; i <= 10; ++i)
            hub.post(numbered(i));
        feed.drainNow();
        QCOMPARE(store->size(), 1);
        // Another writer (a file being loaded) appends meanwhile.
        std::vector<LogEntry> loaded;
        for (int i = 100; i < 105; ++i)
            loaded.push_back(numbered(i));
        store->append(loaded);
        feed.append(std::vector<LogEntry>{numbered(11)});
        QCOMPARE(store->size(), 6);

        QSignalSpy appended(&feed, &LogFeed::rowsAppended);
        feed.resume();
        QCOMPARE(store->size(), 17);
        QCOMPARE(appended.count(), 1);
        QCOMPARE(store->message(1), QStringLiteral("entry #100"));
        QCOMPARE(store->message(6), QStringLiteral("entry #1"));
        QCOMPARE(store->message(16), QStringLiteral("entry #11"));
    }

    void aReplacedStoreGetsTheEntriesFromThenOn()
    {
        LogHub hub;
        auto first = std::make_shared<LogStore>();
        LogFeed feed(hub, first);
        hub.post(numbered(0));
        feed.drainNow();
        auto second = std::make_shared<LogStore>();
        feed.replaceStore(second);
        hub.post(numbered(1));
        feed.drainNow();
        QCOMPARE(first->size(), 1);
        QCOMPARE(second->size(), 1);
        QCOMPARE(second->message(0), QStringLiteral("entry #1"));
    }

    void countsWhatTheHubDropped()
    {
        LogHub hub(100);
        for (int i = 0; i < 300; ++i)
            hub.post(numbered(i));
        auto store = std::make_shared<LogStore>();
        LogFeed feed(hub, store);
        feed.drainNow();
        QCOMPARE(store->size(), 100);
        QCOMPARE(store->message(0), QStringLiteral("entry #200"));
        QCOMPARE(feed.missedEntries(), quint64(200));
    }
};

QTEST_GUILESS_MAIN(TestLogFeed)
#include "test_log_feed.moc"
