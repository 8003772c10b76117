// LogQuery over the log store: every filter agrees with a brute-force reference on random data,
// parallel and incremental scans equal a full scan, and values seen only later still match.
#include "RandomLogEntries.h"
#include "RandomLogQueries.h"

#include "logstore/LogQuery.h"
#include "logstore/LogQueryRunner.h"
#include "logstore/LogStore.h"

#include <QRegularExpression>
#include <QTest>

using namespace necrocode;
using necrocode::testing::RandomLogEntries;
using namespace necrocode::testing;

namespace {

QString indexedValue(const LogEntry &entry, LogField field)
{
    switch (field) {
    case LogField::Logger:
        return entry.logger;
    case LogField::RunnerId:
        return entry.runnerId;
    case LogField::TaskId:
        return entry.taskId;
    case LogField::SpecName:
        return entry.specName;
    case LogField::Service:
        return entry.extra.value(QLatin1StringView("service")).toString();
    case LogField::Operation:
        return entry.extra.value(QLatin1StringView("operation")).toString();
    }
    return {};
}

// `expression` is the query's regular expression, compiled once by the caller.
bool referenceMatches(const LogQuery &query, const QRegularExpression &expression,
                      const LogEntry &entry)
{
    if (!query.acceptsLevel(entry.level))
        return false;
    if ((query.sinceMs && entry.timestampMs < *query.sinceMs) ||
        (query.untilMs && entry.timestampMs > *query.untilMs))
        return false;
    for (std::size_t i = 0; i < kLogFieldCount; ++i) {
        const auto field = static_cast<LogField>(i);
        if (query.field(field) && *query.field(field) != indexedValue(entry, field))
            return false;
    }
    if (query.text.isEmpty())
        return true;
    if (query.textMode == LogQuery::TextMode::RegularExpression)
        return expression.isValid() && expression.match(entry.message).hasMatch();
    return entry.message.contains(query.text, query.caseSensitivity);
}

QRegularExpression expressionOf(const LogQuery &query)
{
    return QRegularExpression(query.text, query.caseSensitivity == Qt::CaseInsensitive
                                              ? QRegularExpression::CaseInsensitiveOption
                                              : QRegularExpression::NoPatternOption);
}

// The rows of the first `count` entries that match, checked one by one on the originals.
LogRowList referenceRows(const LogQuery &query, const std::vector<LogEntry> &entries,
                         std::size_t count)
{
    const QRegularExpression expression = expressionOf(query);
    LogRowList rows;
    for (std::size_t row = 0; row < count; ++row) {
        if (referenceMatches(query, expression, entries[row]))
            rows.push_back(quint32(row));
    }
    return rows;
}

// Appends entries [from, to) in order, alternating runs of single appends and batches.
void fill(LogStore &store, const std::vector<LogEntry> &entries, std::size_t from, std::size_t to)
{
    bool oneByOne = true;
    for (std::size_t begin = from; begin < to; begin += 37) {
        const std::size_t end = std::min(to, begin + 37);
        LogStoreBatch batch;
        for (std::size_t i = begin; i < end; ++i) {
            if (oneByOne)
                store.append(entries[i]);
            else
                batch.add(entries[i]);
        }
        store.append(std::move(batch));
        oneByOne = !oneByOne;
    }
}

// The matches of a query found range by range while the store grows, the way LogFilter
// follows a live log.
struct GrowingScan
{
    LogQuery query;
    LogRowList rows;
    qsizetype scannedRows = 0;

    bool extend(const LogStore &store, const std::atomic_bool *cancel = nullptr)
    {
        const auto found =
            LogQueryRunner::matchRange(query, store, scannedRows, store.size(), cancel);
        if (!found)
            return false;
        rows.insert(rows.end(), found->begin(), found->end());
        scannedRows = store.size();
        return true;
    }
};

} // namespace

class TestLogQuery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        RandomLogEntries random(11);
        m_entries = random.entries(40000);
        fill(m_store, m_entries, 0, m_entries.size());
    }

    void randomQueriesMatchTheReference()
    {
        RandomLogEntries random(12);
        for (int round = 0; round < 150; ++round) {
            const LogQuery query = randomQuery(random, m_store);
            const std::optional<LogRowList> rows =
                LogQueryRunner::matchRange(query, m_store, 0, m_store.size());
            QVERIFY(rows);
            const LogRowList expected = referenceRows(query, m_entries, m_entries.size());
            QVERIFY2(*rows == expected, qPrintable(QStringLiteral("%1: %2 rows, expected %3; %4")
                                                       .arg(describe(query))
                                                       .arg(rows->size())
                                                       .arg(expected.size())
                                                       .arg(firstDifference(*rows, expected))));
            for (const quint32 row : {0u, quint32(m_store.size() / 3)})
                QCOMPARE(query.matches(m_store, row),
                         referenceMatches(query, expressionOf(query), m_store.entry(row)));
        }
    }

    void extendingIncrementallyEqualsAFullScan()
    {
        RandomLogEntries random(13);
        const std::vector<LogEntry> entries = random.entries(30000);
        const std::size_t steps[] = {0, 10, 11, 2000, 19000, 19001, 30000};
        std::vector<LogQuery> queries;
        for (int i = 0; i < 12; ++i)
            queries.push_back(randomQuery(random, m_store));
        std::vector<GrowingScan> runners;
        for (const LogQuery &query : queries)
            runners.push_back(GrowingScan{query, {}, 0});
        LogStore store;
        for (std::size_t step = 1; step < std::size(steps); ++step) {
            fill(store, entries, steps[step - 1], steps[step]);
            for (GrowingScan &runner : runners) {
                QVERIFY(runner.extend(store));
                QCOMPARE(runner.scannedRows, store.size());
                QVERIFY2(runner.rows ==
                             *LogQueryRunner::matchRange(runner.query, store, 0, store.size()),
                         qPrintable(describe(runner.query)));
            }
        }
        for (const GrowingScan &runner : runners)
            QVERIFY(runner.rows == referenceRows(runner.query, entries, entries.size()));
    }

    void valuesFirstLoggedLaterStillMatch()
    {
        LogStore store;
        LogQuery query;
        query.runnerId = QStringLiteral("late-runner");
        GrowingScan runner{query, {}, 0};
        store.append(LogEntry::now(LogLevel::Info, QStringLiteral("t"), QStringLiteral("early")));
        QVERIFY(runner.extend(store));
        QVERIFY(runner.rows.empty());
        LogEntry late = LogEntry::now(LogLevel::Info, QStringLiteral("t"), QStringLiteral("late"));
        late.runnerId = QStringLiteral("late-runner");
        store.append(late);
        QVERIFY(runner.extend(store));
        QCOMPARE(runner.rows, LogRowList{1});
    }

    void levelHelpers()
    {
        LogQuery query;
        query.acceptFrom(LogLevel::Warning);
        QVERIFY(!query.acceptsLevel(LogLevel::Info));
        QVERIFY(query.acceptsLevel(LogLevel::Warning));
        QVERIFY(query.acceptsLevel(LogLevel::Critical));
        query.acceptOnly(LogLevel::Debug);
        QVERIFY(query.acceptsLevel(LogLevel::Debug));
        QVERIFY(!query.acceptsLevel(LogLevel::Info));
    }

    void invalidExpressionsAreReportedAndMatchNothing()
    {
        LogQuery query;
        query.textMode = LogQuery::TextMode::RegularExpression;
        query.text = QStringLiteral("(unclosed");
        QVERIFY(!query.errorString().isEmpty());
        QVERIFY(LogQueryRunner::matchRange(query, m_store, 0, m_store.size())->empty());
        query.text = QStringLiteral("fine");
        QVERIFY(query.errorString().isEmpty());
    }

    void cancelledScansChangeNothing()
    {
        GrowingScan runner;
        const std::atomic_bool cancel = true;
        QVERIFY(!runner.extend(m_store, &cancel));
        QCOMPARE(runner.scannedRows, 0);
        QVERIFY(runner.rows.empty());
        QVERIFY(!LogQueryRunner::matchRange({}, m_store, 0, m_store.size(), &cancel));
    }

    void rangesAreClampedToThePublishedRows()
    {
        const std::optional<LogRowList> rows =
            LogQueryRunner::matchRange({}, m_store, m_store.size() - 5, m_store.size() + 100);
        QCOMPARE(rows->size(), std::size_t(5));
        QCOMPARE(rows->back(), quint32(m_store.size() - 1));
    }

private:
    std::vector<LogEntry> m_entries;
    LogStore m_store;
};

QTEST_GUILESS_MAIN(TestLogQuery)
#include "test_log_query.moc"
