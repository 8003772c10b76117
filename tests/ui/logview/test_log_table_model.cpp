// LogTableModel: batched inserts from the log hub, filtering on worker threads that keeps up with
// streaming entries, display values, field values for the choosers and JSONL loading.
#include "LogViewTestEntries.h"
#include "log/JsonLineFormatter.h"
#include "log/LogHub.h"
#include "logview/LogTableModel.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;
using necrocode::testing::LogViewTestEntries;

class TestLogTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void insertsOneBatchPerDrain();
    void filteredRowsMatchBruteForceWhileStreaming_data();
    void filteredRowsMatchBruteForceWhileStreaming();
    void staleFilterResultsAreDropped();
    void invalidRegularExpressionIsNotApplied();
    void clearingTheQueryShowsEveryRow();
    void mapsViewRowsToStoreRows();
    void displaysCellsForPeople();
    void collectsFieldValuesOnce();
    void countsEntriesTheHubDropped();
    void loadsJsonlWhileLiveEntriesWait();
    void reportsUnreadableFiles();
    void clearEmptiesTheTable();

private:
    static std::vector<qsizetype> bruteForce(const LogTableModel &model, const LogQuery &query);
    static std::vector<qsizetype> shownRows(const LogTableModel &model);
};

std::vector<qsizetype> TestLogTableModel::bruteForce(const LogTableModel &model,
                                                     const LogQuery &query)
{
    std::vector<qsizetype> rows;
    for (qsizetype row = 0; row < model.totalRowCount(); ++row) {
        if (query.matches(model.store(), row))
            rows.push_back(row);
    }
    return rows;
}

std::vector<qsizetype> TestLogTableModel::shownRows(const LogTableModel &model)
{
    std::vector<qsizetype> rows;
    for (int row = 0; row < model.rowCount(); ++row)
        rows.push_back(model.storeRow(row));
    return rows;
}

void TestLogTableModel::insertsOneBatchPerDrain()
{
    LogHub hub;
    LogTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.followHub(hub);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    LogViewTestEntries entries(1);

    for (int drain = 0; drain < 3; ++drain) {
        for (const LogEntry &entry : entries.batch(700))
            hub.post(entry);
        model.drainNow();
    }
    QCOMPARE(inserted.count(), 3);
    QCOMPARE(model.rowCount(), 2100);
    QCOMPARE(inserted.at(1).at(1).toInt(), 700);
    QCOMPARE(inserted.at(1).at(2).toInt(), 1399);

    // The timer drains too, without being asked.
    for (const LogEntry &entry : entries.batch(50))
        hub.post(entry);
    QTRY_COMPARE(model.rowCount(), 2150);
}

void TestLogTableModel::filteredRowsMatchBruteForceWhileStreaming_data()
{
    QTest::addColumn<LogQuery>("query");

    LogQuery warnings;
    warnings.acceptFrom(LogLevel::Warning);
    QTest::newRow("warning and worse") << warnings;

    LogQuery runner;
    runner.runnerId = QStringLiteral("runner-2");
    QTest::newRow("one runner") << runner;

    LogQuery text;
    text.text = QStringLiteral("slot");
    QTest::newRow("substring ignoring case") << text;

    LogQuery expression;
    expression.text = QStringLiteral("Upload|LLM");
    expression.textMode = LogQuery::TextMode::RegularExpression;
    expression.caseSensitivity = Qt::CaseSensitive;
    QTest::newRow("regular expression with case") << expression;

    LogQuery combined;
    combined.acceptOnly(LogLevel::Error);
    combined.service = QStringLiteral("llm");
    combined.text = QStringLiteral("#1");
    combined.sinceMs = LogViewTestEntries::kFirstTimestampMs + 10 * 2000;
    QTest::newRow("level, service, text and time") << combined;

    LogQuery late;
    late.runnerId = QStringLiteral("runner-late");
    QTest::newRow("a runner that appears only later") << late;
}

void TestLogTableModel::filteredRowsMatchBruteForceWhileStreaming()
{
    QFETCH(LogQuery, query);
    LogHub hub(LogHub::kDefaultHistory);
    LogTableModel model;
    // Fatal reporting: the QtTest mode's per-check bookkeeping is too slow for this many rows.
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.followHub(hub);
    LogViewTestEntries entries(2);
    auto stream = [&](int count) {
        std::vector<LogEntry> batch = entries.batch(count);
        for (std::size_t i = 0; i < batch.size(); i += 7)
            batch[i].runnerId = QStringLiteral("runner-late");
        for (const LogEntry &entry : batch)
            hub.post(entry);
        model.drainNow();
    };
    for (int i = 0; i < 20; ++i)
        stream(1000);

    QSignalSpy applied(&model, &LogTableModel::filterApplied);
    model.setQuery(query);
    while (applied.isEmpty()) {
        stream(300);
        QTest::qWait(2);
    }
    for (int i = 0; i < 30; ++i) {
        stream(200);
        QTest::qWait(1);
    }
    QTRY_VERIFY(!model.isFilterPending());
    QVERIFY(model.totalRowCount() > 26000);
    const std::vector<qsizetype> expected = bruteForce(model, query);
    QVERIFY(!expected.empty());
    QCOMPARE(shownRows(model), expected);
    QCOMPARE(model.filteredRowCount(), qsizetype(expected.size()));
    QCOMPARE(model.query(), query);
}

void TestLogTableModel::staleFilterResultsAreDropped()
{
    LogTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    LogViewTestEntries entries(3);
    const std::vector<LogEntry> batch = entries.batch(20000);
    model.appendEntries(batch);

    LogQuery first;
    first.acceptOnly(LogLevel::Debug);
    LogQuery second;
    second.acceptOnly(LogLevel::Critical);
    QSignalSpy applied(&model, &LogTableModel::filterApplied);
    model.setQuery(first);
    model.setQuery(second);
    QTRY_COMPARE(applied.count(), 1);
    QTest::qWait(50);
    QCOMPARE(applied.count(), 1);
    QCOMPARE(shownRows(model), bruteForce(model, second));
    QVERIFY(applied.at(0).at(0).toLongLong() >= 0);
}

void TestLogTableModel::invalidRegularExpressionIsNotApplied()
{
    LogTableModel model;
    model.appendEntries(LogViewTestEntries(4).batch(100));
    LogQuery broken;
    broken.text = QStringLiteral("([unclosed");
    broken.textMode = LogQuery::TextMode::RegularExpression;
    QSignalSpy applied(&model, &LogTableModel::filterApplied);
    model.setQuery(broken);
    QTest::qWait(30);
    QCOMPARE(applied.count(), 0);
    QCOMPARE(model.query(), LogQuery());
    QCOMPARE(model.rowCount(), 100);
}

void TestLogTableModel::clearingTheQueryShowsEveryRow()
{
    LogTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendEntries(LogViewTestEntries(5).batch(3000));
    LogQuery errors;
    errors.acceptOnly(LogLevel::Error);
    QSignalSpy applied(&model, &LogTableModel::filterApplied);
    model.setQuery(errors);
    QTRY_COMPARE(applied.count(), 1);
    QVERIFY(model.rowCount() < 3000);
    model.setQuery(LogQuery());
    QCOMPARE(applied.count(), 2);
    QCOMPARE(model.rowCount(), 3000);
    QVERIFY(!model.isFilterPending());
}

void TestLogTableModel::mapsViewRowsToStoreRows()
{
    LogTableModel model;
    model.appendEntries(LogViewTestEntries(6).batch(2000));
    LogQuery query;
    query.runnerId = QStringLiteral("runner-3");
    model.setQuery(query);
    QTRY_VERIFY(!model.isFilterPending());
    const LogRowList rows = model.filteredStoreRows();
    QCOMPARE(qsizetype(rows.size()), model.filteredRowCount());
    for (int view = 0; view < model.rowCount(); view += 37) {
        QCOMPARE(model.storeRow(view), qsizetype(rows[std::size_t(view)]));
        QCOMPARE(model.viewRow(model.storeRow(view)), view);
        QCOMPARE(model.data(model.index(view, LogTableModel::RunnerColumn)).toString(),
                 QStringLiteral("runner-3"));
    }
    qsizetype firstHidden = 0;
    while (model.viewRow(firstHidden) >= 0)
        ++firstHidden;
    QVERIFY(model.store().runnerId(firstHidden) != QStringLiteral("runner-3"));
    QCOMPARE(model.viewRow(model.totalRowCount()), -1);
}

void TestLogTableModel::displaysCellsForPeople()
{
    LogTableModel model;
    LogEntry entry;
    entry.timestampMs = LogViewTestEntries::kFirstTimestampMs + 123;
    entry.level = LogLevel::Error;
    entry.logger = QStringLiteral("necrocode.runner.test_runner");
    entry.message = QStringLiteral("Tests failed:\n1 of 5\tfailed");
    entry.runnerId = QStringLiteral("runner-1");
    entry.taskId = QStringLiteral("3.1");
    entry.specName = QStringLiteral("demo-calculator");
    entry.extra = {{QStringLiteral("service"), QStringLiteral("llm")},
                   {QStringLiteral("operation"), QStringLiteral("chat_completion")},
                   {QStringLiteral("duration_seconds"), 1.25}};
    LogEntry longMessage = entry;
    longMessage.level = LogLevel::Info;
    longMessage.message = QString(5000, QLatin1Char('x'));
    longMessage.extra = {};
    model.appendEntries(std::vector<LogEntry>{entry, longMessage});

    auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
        return model.data(model.index(row, column), role);
    };
    QCOMPARE(cell(0, LogTableModel::LevelColumn).toString(), QStringLiteral("ERROR"));
    QCOMPARE(cell(0, LogTableModel::RunnerColumn).toString(), QStringLiteral("runner-1"));
    QCOMPARE(cell(0, LogTableModel::TaskColumn).toString(), QStringLiteral("3.1"));
    QCOMPARE(cell(0, LogTableModel::SpecColumn).toString(), QStringLiteral("demo-calculator"));
    QCOMPARE(cell(0, LogTableModel::LoggerColumn).toString(),
             QStringLiteral("necrocode.runner.test_runner"));
    QCOMPARE(cell(0, LogTableModel::ServiceColumn).toString(), QStringLiteral("llm"));
    QCOMPARE(cell(0, LogTableModel::OperationColumn).toString(), QStringLiteral("chat_completion"));
    QCOMPARE(cell(0, LogTableModel::MessageColumn).toString(),
             QStringLiteral("Tests failed: 1 of 5 failed"));
    QCOMPARE(cell(0, LogTableModel::MessageColumn, Qt::ToolTipRole).toString(), entry.message);
    QVERIFY(cell(0, LogTableModel::DurationColumn).toString().contains(QStringLiteral("1")));
    QVERIFY(cell(0, LogTableModel::TimeColumn).toString().contains(QStringLiteral(".123")));
    QVERIFY(cell(0, LogTableModel::LevelColumn, Qt::ForegroundRole).value<QColor>().isValid());
    QVERIFY(cell(0, LogTableModel::LevelColumn, Qt::BackgroundRole).value<QColor>().isValid());
    QVERIFY(cell(0, LogTableModel::MessageColumn, Qt::BackgroundRole).value<QColor>().isValid());
    QVERIFY(!cell(0, LogTableModel::LevelColumn, Qt::DecorationRole).isNull());
    QVERIFY(!cell(1, LogTableModel::MessageColumn, Qt::BackgroundRole).isValid());
    QCOMPARE(cell(1, LogTableModel::DurationColumn).toString(), QString());
    const QString cut = cell(1, LogTableModel::MessageColumn).toString();
    QVERIFY(cut.size() < 1000);
    QVERIFY(cut.endsWith(QChar(0x2026)));
    QCOMPARE(cell(1, LogTableModel::LevelColumn, LogTableModel::LevelRole).toInt(),
             int(LogLevel::Info));
    QCOMPARE(model.headerData(LogTableModel::MessageColumn, Qt::Horizontal).toString(),
             QStringLiteral("Message"));
    QCOMPARE(model.columnCount(), int(LogTableModel::ColumnCount));
}

void TestLogTableModel::collectsFieldValuesOnce()
{
    LogTableModel model;
    QSignalSpy added(&model, &LogTableModel::fieldValuesAdded);
    model.appendEntries(LogViewTestEntries(7).batch(500));
    model.appendEntries(LogViewTestEntries(8).batch(500));
    QCOMPARE(model.fieldValues(LogField::RunnerId), LogViewTestEntries::runners());
    QStringList services = LogViewTestEntries::services();
    services.sort();
    QCOMPARE(model.fieldValues(LogField::Service), services);
    QStringList runnersAnnounced;
    for (const QList<QVariant> &signal : added) {
        if (signal.at(0).value<LogField>() == LogField::RunnerId)
            runnersAnnounced += signal.at(1).toStringList();
    }
    runnersAnnounced.sort();
    QCOMPARE(runnersAnnounced, LogViewTestEntries::runners());
}

void TestLogTableModel::countsEntriesTheHubDropped()
{
    LogHub hub(100);
    LogTableModel model;
    model.followHub(hub);
    for (const LogEntry &entry : LogViewTestEntries(9).batch(250))
        hub.post(entry);
    model.drainNow();
    QCOMPARE(model.missedEntries(), quint64(150));
    QCOMPARE(model.rowCount(), 100);
}

void TestLogTableModel::loadsJsonlWhileLiveEntriesWait()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.jsonl"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    LogViewTestEntries fromFile(10);
    const std::vector<LogEntry> written = fromFile.batch(3000);
    for (std::size_t i = 0; i < written.size(); ++i) {
        file.write(formatJsonLine(written[i]));
        if (i == 10)
            file.write("this line is not a log record\n");
    }
    file.close();

    LogHub hub;
    LogTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.followHub(hub);
    LogViewTestEntries live(11);
    for (const LogEntry &entry : live.batch(5))
        hub.post(entry);
    model.drainNow();

    QSignalSpy finished(&model, &LogTableModel::loadFinished);
    model.loadJsonl({path});
    QVERIFY(model.isLoading());
    for (const LogEntry &entry : live.batch(7))
        hub.post(entry);
    model.drainNow();
    QTRY_COMPARE(finished.count(), 1);
    const auto report = finished.at(0).at(0).value<JsonlLoadReport>();
    QCOMPARE(report.entries, qint64(3000));
    QCOMPARE(report.badLineCount, qint64(1));
    QCOMPARE(report.badLines.value(0).line, qint64(12));
    QVERIFY(finished.at(0).at(1).toString().isEmpty());
    QVERIFY(!model.isLoading());
    QCOMPARE(model.rowCount(), 5 + 3000 + 7);
    QCOMPARE(model.store().entry(5), written[0]);
    QCOMPARE(model.store().entry(5 + 2999), written[2999]);
    QVERIFY(model.store().message(5 + 3000).contains(QStringLiteral("#5")));
}

void TestLogTableModel::reportsUnreadableFiles()
{
    LogTableModel model;
    QSignalSpy finished(&model, &LogTableModel::loadFinished);
    model.loadJsonl({QStringLiteral("/nonexistent/necrocode.jsonl")});
    QTRY_COMPARE(finished.count(), 1);
    QVERIFY(!finished.at(0).at(1).toString().isEmpty());
    QCOMPARE(model.rowCount(), 0);
}

void TestLogTableModel::clearEmptiesTheTable()
{
    LogTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendEntries(LogViewTestEntries(12).batch(400));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.totalRowCount(), 0);
    QVERIFY(model.fieldValues(LogField::RunnerId).isEmpty());
    model.appendEntries(LogViewTestEntries(13).batch(10));
    QCOMPARE(model.rowCount(), 10);
}

QTEST_MAIN(TestLogTableModel)
#include "test_log_table_model.moc"
