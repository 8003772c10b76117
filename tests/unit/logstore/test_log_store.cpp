// The compact log store: exact round trip of entries through both append paths, the memory
// promise, and lock-free reading while one thread appends.
#include "RandomLogEntries.h"

#include "logstore/LogStore.h"

#include <QJsonDocument>
#include <QTest>

#include <atomic>
#include <cmath>
#include <thread>

using namespace necrocode;
using necrocode::testing::RandomLogEntries;

namespace {

LogEntry numberedEntry(qsizetype index)
{
    LogEntry e;
    e.timestampMs = 1'700'000'000'000LL + index;
    e.level = static_cast<LogLevel>(index % kLogLevelCount);
    e.logger = QStringLiteral("necrocode.runner.orchestrator");
    e.message = QStringLiteral("entry %1 of the concurrent test").arg(index);
    e.runnerId = QStringLiteral("runner-%1").arg(index % 7);
    e.extra.insert(QStringLiteral("index"), index);
    e.extra.insert(QStringLiteral("service"), QStringLiteral("llm"));
    return e;
}

} // namespace

class TestLogStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyStore()
    {
        LogStore store;
        QCOMPARE(store.size(), 0);
        QVERIFY(store.isEmpty());
        QCOMPARE(store.textBytes(), 0);
    }

    void entriesComeBackExactly()
    {
        RandomLogEntries random(1);
        const std::vector<LogEntry> entries = random.entries(3000);
        LogStore store;
        for (const LogEntry &e : entries)
            store.append(e);
        QCOMPARE(store.size(), qsizetype(entries.size()));
        for (std::size_t i = 0; i < entries.size(); ++i)
            QCOMPARE(store.entry(qsizetype(i)), entries[i]);
    }

    void batchesComeBackExactly_data()
    {
        QTest::addColumn<int>("entriesPerBatch");
        QTest::newRow("small batches share the arena") << 7;
        QTest::newRow("large batches become chunks") << 1500;
    }

    void batchesComeBackExactly()
    {
        QFETCH(int, entriesPerBatch);
        RandomLogEntries random(2);
        const std::vector<LogEntry> entries = random.entries(4500);
        LogStore store;
        for (std::size_t begin = 0; begin < entries.size(); begin += std::size_t(entriesPerBatch)) {
            LogStoreBatch batch;
            const std::size_t end = std::min(entries.size(), begin + std::size_t(entriesPerBatch));
            for (std::size_t i = begin; i < end; ++i)
                batch.add(entries[i]);
            store.append(std::move(batch));
            QCOMPARE(store.size(), qsizetype(end));
        }
        for (std::size_t i = 0; i < entries.size(); ++i)
            QCOMPARE(store.entry(qsizetype(i)), entries[i]);
    }

    void appendingSeveralEntriesAtOnce()
    {
        RandomLogEntries random(3);
        const std::vector<LogEntry> entries = random.entries(100);
        LogStore store;
        store.append(std::span<const LogEntry>(entries));
        QCOMPARE(store.size(), 100);
        QCOMPARE(store.entry(99), entries.back());
    }

    void indexedFieldsAreReadable()
    {
        LogEntry e = LogEntry::now(LogLevel::Error, QStringLiteral("necrocode.runner.llm_client"),
                                   QStringLiteral("LLM request failed"));
        e.runnerId = QStringLiteral("runner-9");
        e.taskId = QStringLiteral("1.1");
        e.specName = QStringLiteral("chat-app");
        e.exception = QStringLiteral("TimeoutError: 120 s");
        e.extra = QJsonObject{{QStringLiteral("service"), QStringLiteral("llm")},
                              {QStringLiteral("operation"), QStringLiteral("chat_completion")},
                              {QStringLiteral("duration_seconds"), 1.25},
                              {QStringLiteral("attempt"), 2}};
        LogStore store;
        store.append(e);
        QCOMPARE(store.timestampMs(0), e.timestampMs);
        QCOMPARE(store.utcOffsetSeconds(0), e.utcOffsetSeconds);
        QCOMPARE(store.level(0), LogLevel::Error);
        QCOMPARE(store.logger(0), e.logger);
        QCOMPARE(store.runnerId(0), e.runnerId);
        QCOMPARE(store.taskId(0), e.taskId);
        QCOMPARE(store.specName(0), e.specName);
        QCOMPARE(store.service(0), QStringLiteral("llm"));
        QCOMPARE(store.operation(0), QStringLiteral("chat_completion"));
        QCOMPARE(store.durationSeconds(0), 1.25f);
        QCOMPARE(store.message(0), e.message);
        QCOMPARE(store.exception(0), e.exception);
        QCOMPARE(store.extraJson(0),
                 QByteArrayView("{\"attempt\":2,\"duration_seconds\":1.25,\"operation\":"
                                "\"chat_completion\",\"service\":\"llm\"}"));
        QCOMPARE(store.fieldId(0, LogField::RunnerId), *store.findStringId(e.runnerId));
        QVERIFY(!store.findStringId(QStringLiteral("runner-never-seen")));
    }

    void missingExtraFieldsReadAsEmpty()
    {
        LogEntry e = LogEntry::now(LogLevel::Info, QStringLiteral("t"), QStringLiteral("m"));
        e.extra.insert(QStringLiteral("service"), 42); // not a string: not indexed
        LogStore store;
        store.append(e);
        store.append(LogEntry::now(LogLevel::Info, QStringLiteral("t"), QStringLiteral("m")));
        QCOMPARE(store.service(0), QString());
        QVERIFY(std::isnan(store.durationSeconds(0)));
        QCOMPARE(store.extraJson(1), QByteArrayView("{}"));
        QCOMPARE(store.extra(1), QJsonObject());
        QCOMPARE(store.fieldId(1, LogField::Service), 0u);
    }

    void loneSurrogatesBecomeReplacementCharacters()
    {
        LogEntry e = LogEntry::now(LogLevel::Info, QStringLiteral("t"),
                                   QStringLiteral("a") + QChar(0xD800) + QStringLiteral("b"));
        LogStore store;
        store.append(e);
        QCOMPARE(store.message(0), QStringLiteral("a\uFFFDb"));
    }

    void utcOffsetsWithSecondsSurvive()
    {
        LogEntry e = LogEntry::now(LogLevel::Info, QStringLiteral("t"), QStringLiteral("m"));
        e.utcOffsetSeconds = 4 * 3600 + 51 * 60 + 7; // a local mean time offset
        LogStore store;
        store.append(e);
        QCOMPARE(store.utcOffsetSeconds(0), e.utcOffsetSeconds);
        e.utcOffsetSeconds = -e.utcOffsetSeconds;
        store.append(e);
        QCOMPARE(store.utcOffsetSeconds(1), e.utcOffsetSeconds);
    }

    void messagesLargerThanAnArenaChunk()
    {
        LogEntry e = LogEntry::now(LogLevel::Info, QStringLiteral("t"),
                                   QString(3 * 1024 * 1024, QLatin1Char('x')));
        LogStore store;
        store.append(LogEntry::now(LogLevel::Info, QStringLiteral("t"), QStringLiteral("before")));
        store.append(e);
        store.append(LogEntry::now(LogLevel::Info, QStringLiteral("t"), QStringLiteral("after")));
        QCOMPARE(store.entry(1), e);
        QCOMPARE(store.message(0), QStringLiteral("before"));
        QCOMPARE(store.message(2), QStringLiteral("after"));
    }

    void memoryPerEntryBeyondTextIsAtMost64Bytes()
    {
        RandomLogEntries random(4);
        const std::vector<LogEntry> entries = random.entries(2000);
        LogStore store;
        const int count = 200000;
        for (int i = 0; i < count; ++i)
            store.append(entries[std::size_t(i) % entries.size()]);
        const double overhead = double(store.bytesUsed() - store.textBytes()) / count;
        QVERIFY2(overhead <= 64.0, qPrintable(QString::number(overhead)));
        QVERIFY(store.textBytes() > 0);
    }

    void readersSeeOnlyCompleteRowsWhileAWriterAppends()
    {
        const qsizetype total = 150000;
        LogStore store;
        std::atomic_bool failed = false;
        std::thread writer([&] {
            qsizetype next = 0;
            bool oneByOne = true;
            while (next < total) {
                const qsizetype end = std::min(total, next + (oneByOne ? 3 : 50));
                if (oneByOne) {
                    for (; next < end; ++next)
                        store.append(numberedEntry(next));
                } else {
                    LogStoreBatch batch;
                    for (; next < end; ++next)
                        batch.add(numberedEntry(next));
                    store.append(std::move(batch));
                }
                oneByOne = !oneByOne;
            }
        });
        qsizetype seen = 0;
        qsizetype checks = 0;
        while (seen < total && !failed) {
            const qsizetype size = store.size();
            if (size < seen) {
                failed = true;
                break;
            }
            seen = size;
            if (size == 0)
                continue;
            for (const qsizetype row : {size - 1, size / 2, (size * 7) / 9}) {
                const LogEntry expected = numberedEntry(row);
                if (store.message(row) != expected.message ||
                    store.runnerId(row) != expected.runnerId ||
                    store.extraJson(row) !=
                        QJsonDocument(expected.extra).toJson(QJsonDocument::Compact) ||
                    store.timestampMs(row) != expected.timestampMs || store.service(row) != u"llm")
                    failed = true;
                ++checks;
            }
        }
        writer.join();
        QVERIFY(!failed);
        QCOMPARE(store.size(), total);
        QVERIFY(checks > 0);
        for (qsizetype row = 0; row < total; row += 997)
            QCOMPARE(store.entry(row), numberedEntry(row));
    }
};

QTEST_GUILESS_MAIN(TestLogStore)
#include "test_log_store.moc"
