// LogFilter, the table's filter over a growing store: following the store step by step finds
// exactly what one scan of the whole store finds; a new scan or cancel() abandons the one in
// progress; a reset under a query follows the new store from its first row.
#include "RandomLogEntries.h"
#include "logstore/LogFilter.h"
#include "logstore/LogStore.h"

#include <QSignalSpy>
#include <QTest>

using namespace necrocode;
using necrocode::testing::RandomLogEntries;

namespace {

LogQuery warningsWith(const QString &text)
{
    LogQuery query;
    query.levelMask = quint8(LogQuery::kAllLevels &
                             ~((1u << int(LogLevel::Debug)) | (1u << int(LogLevel::Info))));
    query.text = text;
    return query;
}

void appendRandom(LogStore &store, RandomLogEntries &random, int count)
{
    std::vector<LogEntry> entries;
    for (int i = 0; i < count; ++i)
        entries.push_back(random.entry());
    store.append(entries);
}

} // namespace

class TestLogFilter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followingTheStoreFindsWhatOneScanFinds()
    {
        auto store = std::make_shared<LogStore>();
        RandomLogEntries random(20261205);
        appendRandom(*store, random, 20000);
        const LogQuery query = warningsWith(QStringLiteral("a"));

        LogFilter filter;
        filter.reset(store);
        QSignalSpy replaced(&filter, &LogFilter::rowsReplaced);
        QSignalSpy appended(&filter, &LogFilter::rowsAppended);
        filter.scan(query, store->size());
        QVERIFY(replaced.wait(10000));
        QVERIFY(filter.isApplied());
        // The log grows in steps while the filter follows it.
        for (int step = 0; step < 8; ++step) {
            appendRandom(*store, random, 1000 + step * 700);
            filter.extend(store->size());
        }
        QTRY_VERIFY_WITH_TIMEOUT(!filter.isPending() && filter.scannedRows() == store->size(),
                                 10000);
        QVERIFY(appended.size() >= 1);
        QCOMPARE(replaced.size(), 1);

        const auto whole = LogQueryRunner::matchRange(query, *store, 0, store->size());
        QVERIFY(whole);
        QVERIFY(!whole->empty());
        QVERIFY(filter.rows() == *whole);
    }

    void aNewScanAbandonsTheOneInProgress()
    {
        auto store = std::make_shared<LogStore>();
        RandomLogEntries random(7);
        appendRandom(*store, random, 50000);
        LogFilter filter;
        filter.reset(store);
        QSignalSpy replaced(&filter, &LogFilter::rowsReplaced);
        filter.scan(warningsWith(QStringLiteral("e")), store->size());
        const LogQuery second = warningsWith(QStringLiteral("retry"));
        filter.scan(second, store->size());
        QVERIFY(replaced.wait(10000));
        QTest::qWait(100);
        QCOMPARE(replaced.size(), 1);
        QCOMPARE(filter.query(), second);
        QVERIFY(filter.rows() == *LogQueryRunner::matchRange(second, *store, 0, store->size()));
    }

    void cancelKeepsTheRowsAsTheyAre()
    {
        auto store = std::make_shared<LogStore>();
        RandomLogEntries random(11);
        appendRandom(*store, random, 50000);
        LogFilter filter;
        filter.reset(store);
        QSignalSpy replaced(&filter, &LogFilter::rowsReplaced);
        filter.scan(warningsWith(QStringLiteral("e")), store->size());
        filter.cancel();
        QVERIFY(!filter.isPending());
        QVERIFY(!replaced.wait(500));
        QVERIFY(filter.rows().empty());
        QVERIFY(!filter.isApplied());
    }

    void aResetUnderAQueryFollowsTheNewStore()
    {
        auto first = std::make_shared<LogStore>();
        RandomLogEntries random(3);
        appendRandom(*first, random, 5000);
        const LogQuery query = warningsWith(QStringLiteral("a"));
        LogFilter filter;
        filter.reset(first);
        QSignalSpy replaced(&filter, &LogFilter::rowsReplaced);
        filter.scan(query, first->size());
        QVERIFY(replaced.wait(10000));

        auto second = std::make_shared<LogStore>();
        filter.reset(second);
        QVERIFY(filter.isApplied());
        QVERIFY(filter.rows().empty());
        appendRandom(*second, random, 3000);
        filter.extend(second->size());
        QTRY_VERIFY_WITH_TIMEOUT(!filter.isPending() && filter.scannedRows() == second->size(),
                                 10000);
        QVERIFY(filter.rows() == *LogQueryRunner::matchRange(query, *second, 0, second->size()));

        filter.clearQuery();
        QVERIFY(!filter.isApplied());
        QVERIFY(filter.rows().empty());
    }
};

QTEST_GUILESS_MAIN(TestLogFilter)
#include "test_log_filter.moc"
