// LogHub: numbered entries, subscriptions that drain batches and count what they drop, catch-up
// from a bounded history, and many threads posting through the dispatcher into the hub and a
// rotating file without losing or reordering an entry.
#include "log/JsonlFileSink.h"
#include "log/LogHub.h"
#include "log/Logger.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>

using namespace necrocode;

namespace {

LogEntry numbered(int index)
{
    LogEntry entry;
    entry.logger = QStringLiteral("t");
    entry.message = QString::number(index);
    return entry;
}

int indexOf(const LogEntry &entry)
{
    return entry.message.toInt();
}

// Reads the integer after `key` in a JSON line, e.g. "\"n\":".
int intAfter(QByteArrayView line, QByteArrayView key)
{
    const qsizetype at = line.indexOf(key);
    if (at < 0)
        return -1;
    int value = 0;
    for (qsizetype i = at + key.size(); i < line.size() && line[i] >= '0' && line[i] <= '9'; ++i)
        value = value * 10 + (line[i] - '0');
    return value;
}

// Checks that each thread's counter ("t", "n" in extra) goes up one by one; counts the lines.
bool linesAreInOrder(const QByteArray &content, std::vector<int> &nextPerThread, int &lines)
{
    for (qsizetype begin = 0; begin < content.size();) {
        qsizetype end = content.indexOf('\n', begin);
        if (end < 0)
            end = content.size();
        const QByteArrayView line = QByteArrayView(content).sliced(begin, end - begin);
        const int thread = intAfter(line, "\"t\":");
        const int n = intAfter(line, "\"n\":");
        if (thread < 0 || thread >= int(nextPerThread.size()) || nextPerThread[size_t(thread)] != n)
            return false;
        nextPerThread[size_t(thread)] = n + 1;
        ++lines;
        begin = end + 1;
    }
    return true;
}

} // namespace

class TestLogHub : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sequencesStartAtOneAndIncrease()
    {
        LogHub hub;
        QCOMPARE(hub.lastSequence(), 0u);
        QCOMPARE(hub.oldestSequence(), 1u);
        QCOMPARE(hub.post(numbered(0)), 1u);
        QCOMPARE(hub.post(numbered(1)), 2u);
        hub.write(numbered(2));
        QCOMPARE(hub.lastSequence(), 3u);
        QCOMPARE(hub.oldestSequence(), 1u);
    }

    void unboundedHistoryKeepsEverything()
    {
        LogHub hub(LogHub::kWholeHistory);
        for (int i = 0; i < 5000; ++i)
            hub.post(numbered(i));
        QCOMPARE(hub.oldestSequence(), 1u);
        const LogBatch all = hub.entriesSince(0, 10000);
        QCOMPARE(all.entries.size(), 5000u);
        QCOMPARE(indexOf(all.entries.back()), 4999);
    }

    void subscriptionTakesNewEntriesInOrder()
    {
        LogHub hub;
        hub.post(numbered(-1));
        {
            LogSubscription subscription = hub.subscribe();
            QVERIFY(subscription.isValid());
            QCOMPARE(hub.subscriberCount(), 1u);
            QVERIFY(subscription.takeBatch().isEmpty());
            for (int i = 0; i < 10; ++i)
                hub.post(numbered(i));
            QCOMPARE(subscription.pendingCount(), 10u);

            LogBatch first = subscription.takeBatch(4);
            QCOMPARE(first.entries.size(), 4u);
            QCOMPARE(first.firstSequence, 2u);
            QCOMPARE(first.lastSequence(), 5u);
            QCOMPARE(first.missed, 0u);
            LogBatch rest = subscription.takeBatch();
            QCOMPARE(rest.firstSequence, 6u);
            QCOMPARE(rest.entries.size(), 6u);
            for (std::size_t i = 0; i < rest.entries.size(); ++i)
                QCOMPARE(indexOf(rest.entries[i]), int(i) + 4);
            QVERIFY(subscription.takeBatch().isEmpty());
            QCOMPARE(subscription.pendingCount(), 0u);
            QCOMPARE(subscription.droppedCount(), 0u);
        }
        QCOMPARE(hub.subscriberCount(), 0u);
    }

    void subscriptionsAreIndependent()
    {
        LogHub hub;
        LogSubscription a = hub.subscribe();
        LogSubscription b = hub.subscribe();
        QCOMPARE(hub.subscriberCount(), 2u);
        hub.post(numbered(0));
        QCOMPARE(a.takeBatch().entries.size(), 1u);
        hub.post(numbered(1));
        QCOMPARE(a.takeBatch().entries.size(), 1u);
        QCOMPARE(b.takeBatch().entries.size(), 2u);
    }

    void movedSubscriptionKeepsItsPlace()
    {
        LogHub hub;
        LogSubscription original = hub.subscribe();
        hub.post(numbered(0));
        LogSubscription moved = std::move(original);
        QVERIFY(!original.isValid()); // NOLINT(bugprone-use-after-move): documented state
        QVERIFY(original.takeBatch().isEmpty());
        QCOMPARE(hub.subscriberCount(), 1u);
        QCOMPARE(moved.takeBatch().entries.size(), 1u);
        LogSubscription other = hub.subscribe();
        QCOMPARE(hub.subscriberCount(), 2u);
        other = std::move(moved);
        QCOMPARE(hub.subscriberCount(), 1u);
    }

    void subscribeAfterReplaysTheHistory()
    {
        LogHub hub;
        for (int i = 0; i < 5; ++i)
            hub.post(numbered(i));
        LogSubscription all = hub.subscribeAfter(0);
        LogSubscription lastTwo = hub.subscribeAfter(3);
        QCOMPARE(all.takeBatch().entries.size(), 5u);
        const LogBatch batch = lastTwo.takeBatch();
        QCOMPARE(batch.firstSequence, 4u);
        QCOMPARE(indexOf(batch.entries.at(0)), 3);
    }

    void subscriptionOutlivesTheHub()
    {
        LogSubscription subscription;
        {
            LogHub hub;
            subscription = hub.subscribe();
            hub.post(numbered(7));
        }
        const LogBatch batch = subscription.takeBatch();
        QCOMPARE(batch.entries.size(), 1u);
        QCOMPARE(indexOf(batch.entries[0]), 7);
    }

    void entriesSinceCatchesUp()
    {
        LogHub hub;
        for (int i = 1; i <= 3000; ++i)
            hub.post(numbered(i));
        const LogBatch head = hub.entriesSince(0, 10);
        QCOMPARE(head.firstSequence, 1u);
        QCOMPARE(head.entries.size(), 10u);
        QCOMPARE(indexOf(head.entries[9]), 10);

        const LogBatch tail = hub.entriesSince(2990, 100);
        QCOMPARE(tail.firstSequence, 2991u);
        QCOMPARE(tail.entries.size(), 10u);
        for (std::size_t i = 0; i < tail.entries.size(); ++i)
            QCOMPARE(quint64(indexOf(tail.entries[i])), tail.sequenceAt(i));

        const LogBatch none = hub.entriesSince(3000, 10);
        QVERIFY(none.isEmpty());
        QCOMPARE(none.lastSequence(), 3000u);
        QCOMPARE(none.missed, 0u);

        quint64 since = 0; // a late consumer paging through everything
        int seen = 0;
        for (LogBatch page = hub.entriesSince(since, 700); !page.isEmpty();
             page = hub.entriesSince(since, 700)) {
            for (std::size_t i = 0; i < page.entries.size(); ++i)
                QCOMPARE(indexOf(page.entries[i]), ++seen);
            since = page.lastSequence();
        }
        QCOMPARE(seen, 3000);
    }

    void historyIsBounded()
    {
        LogHub hub(1000);
        QCOMPARE(hub.historyCapacity(), 1000u);
        for (int i = 1; i <= 5000; ++i)
            hub.post(numbered(i));
        QCOMPARE(hub.oldestSequence(), 4001u);
        const LogBatch batch = hub.entriesSince(0, 5000);
        QCOMPARE(batch.missed, 4000u);
        QCOMPARE(batch.firstSequence, 4001u);
        QCOMPARE(batch.entries.size(), 1000u);
        QCOMPARE(indexOf(batch.entries.front()), 4001);
        QCOMPARE(indexOf(batch.entries.back()), 5000);
        QCOMPARE(hub.entriesSince(4500, 10).missed, 0u);
    }

    void boundedSubscriptionCountsDrops()
    {
        LogHub hub;
        LogSubscription subscription = hub.subscribe(100);
        QCOMPARE(subscription.capacity(), 100u);
        for (int i = 1; i <= 250; ++i)
            hub.post(numbered(i));
        QCOMPARE(subscription.pendingCount(), 100u);
        QCOMPARE(subscription.droppedCount(), 150u);

        const LogBatch batch = subscription.takeBatch(1000);
        QCOMPARE(batch.missed, 150u);
        QCOMPARE(batch.entries.size(), 100u);
        QCOMPARE(indexOf(batch.entries.front()), 151);
        QCOMPARE(subscription.droppedCount(), 150u);

        for (int i = 251; i <= 260; ++i)
            hub.post(numbered(i));
        const LogBatch next = subscription.takeBatch();
        QCOMPARE(next.missed, 0u);
        QCOMPARE(next.entries.size(), 10u);
        QCOMPARE(subscription.droppedCount(), 150u);
    }

    void subscriptionCapacityIsLimitedByHistory()
    {
        LogHub hub(600);
        LogSubscription subscription = hub.subscribe(5000);
        QCOMPARE(subscription.capacity(), 600u);
        for (int i = 1; i <= 2000; ++i)
            hub.post(numbered(i));
        QCOMPARE(subscription.droppedCount(), 1400u);
        QCOMPARE(subscription.takeBatch(5000).entries.size(), 600u);
    }

    // 8 threads x 100 000 entries through one dispatcher into the hub and a rotating file while
    // a consumer drains the hub: nothing is lost or reordered on either path.
    void manyThreadsLoseNothing()
    {
        constexpr int kThreads = 8;
        constexpr int kPerThread = 100000;
        constexpr int kTotal = kThreads * kPerThread;
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("runner.jsonl"));
        constexpr int kBackups = 50;

        auto dispatcher = std::make_shared<LogDispatcher>(LogLevel::Info);
        auto hub = std::make_shared<LogHub>();
        auto file = std::make_shared<JsonlFileSink>(JsonlFileSinkOptions{
            .path = path, .maxBytes = 8 * 1024 * 1024, .backupCount = kBackups});
        dispatcher->addSink(hub);
        dispatcher->addSink(file);
        LogSubscription subscription = hub->subscribe();

        std::atomic<bool> producersDone = false;
        std::vector<int> nextPerThread(kThreads, 0);
        quint64 expectedSequence = 1;
        int received = 0;
        bool inOrder = true;
        std::thread consumer([&] {
            for (;;) {
                const bool finished = producersDone.load();
                LogBatch batch = subscription.takeBatch(16384);
                if (batch.isEmpty()) {
                    if (finished)
                        return;
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
                    continue;
                }
                inOrder = inOrder && batch.firstSequence == expectedSequence;
                expectedSequence = batch.lastSequence() + 1;
                for (const LogEntry &entry : batch.entries) {
                    const int thread = entry.extra.value(QLatin1StringView("t")).toInt();
                    const int n = entry.extra.value(QLatin1StringView("n")).toInt();
                    inOrder = inOrder && nextPerThread[size_t(thread)] == n &&
                              entry.runnerId == QString::number(thread);
                    nextPerThread[size_t(thread)] = n + 1;
                }
                received += int(batch.entries.size());
            }
        });

        QElapsedTimer timer;
        timer.start();
        std::vector<std::thread> producers;
        for (int t = 0; t < kThreads; ++t) {
            producers.emplace_back([t, dispatcher] {
                const Logger logger(dispatcher, QStringLiteral("necrocode.test"),
                                    {QString::number(t), QStringLiteral("1.1"), {}});
                const QString message = QStringLiteral("tick");
                for (int n = 0; n < kPerThread; ++n)
                    logger.info(message,
                                {{QLatin1StringView("t"), t}, {QLatin1StringView("n"), n}});
            });
        }
        for (std::thread &producer : producers)
            producer.join();
        const qint64 postMs = timer.elapsed();
        producersDone = true;
        consumer.join();
        dispatcher->flush();
        qInfo("8 x 100000 entries posted in %lld ms (%.0f entries/s)", postMs,
              kTotal * 1000.0 / double(std::max<qint64>(postMs, 1)));

        QCOMPARE(received, kTotal);
        QCOMPARE(subscription.droppedCount(), 0u);
        QVERIFY(inOrder);
        QCOMPARE(hub->lastSequence(), quint64(kTotal));
        QCOMPARE(file->errorCount(), 0u);

        std::vector<int> nextInFile(kThreads, 0);
        int lines = 0;
        int files = 0;
        for (int i = kBackups; i >= 0; --i) {
            const QString name = i == 0 ? path : JsonlFileSink::backupPath(path, i);
            if (!QFile::exists(name))
                continue;
            ++files;
            QFile in(name);
            QVERIFY(in.open(QIODevice::ReadOnly));
            QVERIFY(in.size() <= 8 * 1024 * 1024);
            QVERIFY2(linesAreInOrder(in.readAll(), nextInFile, lines), qPrintable(name));
        }
        QCOMPARE(lines, kTotal);
        QVERIFY(files > 1);
    }
};

QTEST_GUILESS_MAIN(TestLogHub)
#include "test_log_hub.moc"
