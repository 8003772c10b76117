// LogView: follow mode and its paused banner, jump to latest, copy as JSON lines, export of the
// filtered rows, search highlighting and opening JSONL files.
#include "LogViewTestEntries.h"
#include "log/JsonLineFormatter.h"
#include "logview/LogFollowBanner.h"
#include "logview/LogMatchDelegate.h"
#include "logview/LogNoMatchNotice.h"
#include "logview/LogTableModel.h"
#include "logview/LogView.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QHelpEvent>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>

using namespace necrocode;
using necrocode::testing::LogViewTestEntries;

namespace {

// Splits RFC 4180 CSV text into records of fields.
QList<QStringList> parseCsv(const QString &text)
{
    QList<QStringList> records;
    QStringList record;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size() &&
                text.at(i + 1) == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            record.append(field);
            field.clear();
        } else if (c == QLatin1Char('\r')) {
            continue;
        } else if (c == QLatin1Char('\n')) {
            record.append(field);
            records.append(record);
            record.clear();
            field.clear();
        } else {
            field += c;
        }
    }
    return records;
}

} // namespace

class TestLogView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void followsNewEntriesAtTheBottom();
    void pausesVisiblyWhenScrolledUp();
    void jumpToLatestResumesFollowing_data();
    void jumpToLatestResumesFollowing();
    void keepsFollowingThroughFilterChanges();
    void copiesSelectedRowsAsJsonLines();
    void exportsFilteredRowsAsJsonLines();
    void exportsFilteredRowsAsCsv();
    void findsSearchMatches_data();
    void findsSearchMatches();
    void paintsSearchMatches();
    void opensJsonlFilesAndReportsBadLines();
    void homeAndEndMoveTheCurrentRow();
    void aFilterThatMatchesNothingSaysSoAndOffersToClearIt();
    void theCurrentRowIsFramedWhileTheTableHasFocus();
    void aCutOffCellShowsItsWholeTextAsTooltip();

private:
    void append(int count);
    bool atBottom() const;
    void applyQuery(const LogQuery &query);

    std::unique_ptr<LogTableModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<LogView> m_view;
    std::unique_ptr<LogViewTestEntries> m_entries;
};

void TestLogView::init()
{
    m_model = std::make_unique<LogTableModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_view = std::make_unique<LogView>();
    m_view->setLogModel(m_model.get());
    m_view->resize(900, 400);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    m_entries = std::make_unique<LogViewTestEntries>(21);
}

void TestLogView::cleanup()
{
    m_view.reset();
    m_tester.reset();
    m_model.reset();
}

void TestLogView::append(int count)
{
    m_model->appendEntries(m_entries->batch(count));
}

bool TestLogView::atBottom() const
{
    const QScrollBar *bar = m_view->verticalScrollBar();
    return bar->maximum() > 0 && bar->value() == bar->maximum();
}

void TestLogView::applyQuery(const LogQuery &query)
{
    QSignalSpy applied(m_model.get(), &LogTableModel::filterApplied);
    m_model->setQuery(query);
    QVERIFY(applied.wait());
}

void TestLogView::followsNewEntriesAtTheBottom()
{
    append(300);
    QTRY_VERIFY(atBottom());
    QVERIFY(m_view->isFollowing());
    const int before = m_view->verticalScrollBar()->maximum();
    append(200);
    QTRY_VERIFY(m_view->verticalScrollBar()->maximum() > before);
    QTRY_VERIFY(atBottom());
    QVERIFY(m_view->followBanner()->isHidden());
}

void TestLogView::pausesVisiblyWhenScrolledUp()
{
    append(300);
    QTRY_VERIFY(atBottom());
    QSignalSpy following(m_view.get(), &LogView::followingChanged);
    m_view->verticalScrollBar()->setValue(10);
    QVERIFY(!m_view->isFollowing());
    QCOMPARE(following.count(), 1);
    QVERIFY(m_view->followBanner()->isVisible());

    append(37);
    append(5);
    QTest::qWait(50);
    QCOMPARE(m_view->verticalScrollBar()->value(), 10);
    QVERIFY(!atBottom());
    QCOMPARE(m_view->newEntriesWhilePaused(), 42);
    QCOMPARE(m_view->followBanner()->newEntries(), 42);
    QVERIFY(m_view->followBanner()->text().contains(QStringLiteral("42")));
    // The banner has a strip of its own under the rows: it covers no entry.
    const QRect banner = m_view->followBanner()->geometry();
    QVERIFY(m_view->rect().contains(banner));
    QVERIFY(!m_view->viewport()->geometry().intersects(banner));
    m_view->jumpToLatest();
    QVERIFY(m_view->followBanner()->isHidden());
    QCOMPARE(m_view->viewport()->geometry().bottom(),
             m_view->rect().bottom() - m_view->frameWidth() -
                 (m_view->horizontalScrollBar()->isVisible()
                      ? m_view->horizontalScrollBar()->height()
                      : 0));
}

void TestLogView::jumpToLatestResumesFollowing_data()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("banner button") << QStringLiteral("button");
    QTest::newRow("End key") << QStringLiteral("end");
    QTest::newRow("scrolling to the bottom") << QStringLiteral("scroll");
}

void TestLogView::jumpToLatestResumesFollowing()
{
    QFETCH(QString, how);
    append(300);
    QTRY_VERIFY(atBottom());
    m_view->verticalScrollBar()->setValue(0);
    append(20);
    QVERIFY(!m_view->isFollowing());

    if (how == QLatin1String("button")) {
        auto *button = m_view->followBanner()->findChild<QPushButton *>();
        QVERIFY(button);
        QTest::mouseClick(button, Qt::LeftButton);
    } else if (how == QLatin1String("end")) {
        m_view->setFocus();
        QTest::keyClick(m_view.get(), Qt::Key_End);
    } else {
        // The table lays out the appended rows first, as it does before a user can drag.
        QCoreApplication::processEvents();
        m_view->verticalScrollBar()->setValue(m_view->verticalScrollBar()->maximum());
    }
    QVERIFY(m_view->isFollowing());
    QVERIFY(atBottom());
    QVERIFY(m_view->followBanner()->isHidden());
    QCOMPARE(m_view->newEntriesWhilePaused(), 0);
    append(100);
    QTRY_VERIFY(atBottom());
}

void TestLogView::keepsFollowingThroughFilterChanges()
{
    append(2000);
    QTRY_VERIFY(atBottom());
    LogQuery query;
    query.acceptFrom(LogLevel::Warning);
    applyQuery(query);
    QTRY_VERIFY(atBottom());
    QVERIFY(m_view->isFollowing());
    append(500);
    QTRY_VERIFY(!m_model->isFilterPending());
    QTRY_VERIFY(atBottom());
}

void TestLogView::copiesSelectedRowsAsJsonLines()
{
    append(50);
    m_view->selectionModel()->select(
        QItemSelection(m_model->index(4, 0), m_model->index(6, LogTableModel::ColumnCount - 1)),
        QItemSelectionModel::ClearAndSelect);
    m_view->setFocus();
    QTest::keyClick(m_view.get(), Qt::Key_C, Qt::ControlModifier);
    const QStringList lines =
        QApplication::clipboard()->text().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    for (int i = 0; i < 3; ++i) {
        Result<LogEntry> parsed = parseJsonLine(lines.at(i).toUtf8());
        QVERIFY2(parsed.ok(), qPrintable(parsed.errorMessage()));
        QCOMPARE(parsed.value(), m_model->store().entry(4 + i));
    }
}

void TestLogView::exportsFilteredRowsAsJsonLines()
{
    append(3000);
    LogQuery query;
    query.acceptOnly(LogLevel::Error);
    applyQuery(query);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("errors.jsonl"));
    QSignalSpy finished(m_view.get(), &LogView::exportFinished);
    m_view->exportTo(path, LogExportFormat::JsonLines);
    QVERIFY(finished.wait());
    const auto outcome = finished.at(0).at(0).value<LogExportOutcome>();
    QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
    QCOMPARE(outcome.rows, m_model->filteredRowCount());

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.size() - 1, m_model->rowCount());
    for (int row = 0; row < m_model->rowCount(); ++row) {
        Result<LogEntry> parsed = parseJsonLine(lines.at(row));
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.value().level, LogLevel::Error);
        QCOMPARE(parsed.value(), m_model->store().entry(m_model->storeRow(row)));
    }
}

void TestLogView::exportsFilteredRowsAsCsv()
{
    append(1000);
    LogQuery query;
    query.runnerId = QStringLiteral("runner-1");
    applyQuery(query);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("runner-1.csv"));
    QCOMPARE(LogExporter::formatForPath(path), LogExportFormat::Csv);
    QSignalSpy finished(m_view.get(), &LogView::exportFinished);
    m_view->exportTo(path, LogExporter::formatForPath(path));
    QVERIFY(finished.wait());

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QByteArray bytes = file.readAll();
    QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
    const QList<QStringList> records = parseCsv(QString::fromUtf8(bytes.mid(3)));
    QCOMPARE(records.size(), m_model->rowCount() + 1);
    QCOMPARE(records.at(0).value(0), QStringLiteral("timestamp"));
    QCOMPARE(records.at(0).value(9), QStringLiteral("message"));
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const qsizetype storeRow = m_model->storeRow(row);
        const QStringList &record = records.at(row + 1);
        QCOMPARE(record.size(), 12);
        QCOMPARE(record.at(3), QStringLiteral("runner-1"));
        QCOMPARE(record.at(1), QString(logLevelName(m_model->store().level(storeRow))));
        QCOMPARE(record.at(9), m_model->store().message(storeRow));
    }
}

void TestLogView::findsSearchMatches_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<bool>("regex");
    QTest::addColumn<bool>("matchCase");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<int>>("starts");

    const QString text = QStringLiteral("Allocated a SLOT; slot 2 is free");
    QTest::newRow("substring ignoring case")
        << QStringLiteral("slot") << false << false << text << QList<int>{12, 18};
    QTest::newRow("substring with case")
        << QStringLiteral("slot") << false << true << text << QList<int>{18};
    QTest::newRow("regular expression")
        << QStringLiteral("s\\w+") << true << true << text << QList<int>{18};
    QTest::newRow("invalid expression")
        << QStringLiteral("(") << true << false << text << QList<int>{};
    QTest::newRow("no search") << QStringLiteral("") << false << false << text << QList<int>{};
}

void TestLogView::findsSearchMatches()
{
    QFETCH(QString, search);
    QFETCH(bool, regex);
    QFETCH(bool, matchCase);
    QFETCH(QString, text);
    QFETCH(QList<int>, starts);
    LogQuery query;
    query.text = search;
    query.textMode = regex ? LogQuery::TextMode::RegularExpression : LogQuery::TextMode::Substring;
    query.caseSensitivity = matchCase ? Qt::CaseSensitive : Qt::CaseInsensitive;
    LogMatchDelegate delegate;
    delegate.setSearch(query);
    QList<int> found;
    for (const TextMatch &match : delegate.matches(text))
        found.append(match.start);
    QCOMPARE(found, starts);
}

void TestLogView::paintsSearchMatches()
{
    LogEntry entry = m_entries->next();
    entry.message = QStringLiteral("needle in the haystack");
    m_model->appendEntries(std::vector<LogEntry>(5, entry));
    m_view->resize(2400, 400);
    const QColor highlight(0xff, 0xd7, 0x4d);
    auto countHighlight = [&] {
        const QImage image = m_view->viewport()->grab().toImage();
        int pixels = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                pixels += image.pixelColor(x, y) == highlight;
        return pixels;
    };
    QCOMPARE(countHighlight(), 0);
    LogQuery query;
    query.text = QStringLiteral("needle");
    m_view->setSearch(query);
    QVERIFY(countHighlight() > 50);
}

void TestLogView::opensJsonlFilesAndReportsBadLines()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("worker.jsonl"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const std::vector<LogEntry> written = LogViewTestEntries(22).batch(400);
    for (std::size_t i = 0; i < written.size(); ++i) {
        if (i == 2)
            file.write("{broken json\n");
        file.write(formatJsonLine(written[i]));
    }
    file.close();

    QSignalSpy reported(m_view.get(), &LogView::loadReported);
    m_view->loadLogFiles({path});
    QVERIFY(reported.wait());
    QCOMPARE(m_model->rowCount(), 400);
    const QString summary = reported.at(0).at(0).toString();
    const QString details = reported.at(0).at(1).toString();
    QVERIFY2(summary.contains(QStringLiteral("400")), qPrintable(summary));
    QVERIFY2(details.contains(QStringLiteral("worker.jsonl, line 3")), qPrintable(details));
    QVERIFY(!reported.at(0).at(2).toBool());
    auto *box = m_view->findChild<QMessageBox *>(QStringLiteral("logLoadReport"));
    QVERIFY(box);
    box->close();
}

void TestLogView::homeAndEndMoveTheCurrentRow()
{
    append(300);
    QTRY_VERIFY(atBottom());
    m_view->verticalScrollBar()->setValue(0);
    m_view->setFocus();
    QSignalSpy current(m_view.get(), &LogView::currentEntryChanged);
    QTest::keyClick(m_view.get(), Qt::Key_End);
    QCOMPARE(m_view->currentIndex().row(), m_model->rowCount() - 1);
    QCOMPARE(m_view->selectionModel()->selectedRows().size(), 1);
    QVERIFY(!current.isEmpty());
    QCOMPARE(current.last().at(0).value<qsizetype>(), m_model->storeRow(m_model->rowCount() - 1));
    QVERIFY(m_view->isFollowing());
    QTest::keyClick(m_view.get(), Qt::Key_Home);
    QCOMPARE(m_view->currentIndex().row(), 0);
    QCOMPARE(m_view->verticalScrollBar()->value(), 0);
    QVERIFY(!m_view->isFollowing());
}

void TestLogView::aFilterThatMatchesNothingSaysSoAndOffersToClearIt()
{
    auto *notice = m_view->noMatchNotice();
    QVERIFY(notice->isHidden()); // an empty table is not a filter problem
    append(50);
    LogQuery nothing;
    nothing.text = QStringLiteral("no entry says this");
    applyQuery(nothing);
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(notice->isVisible());
    QVERIFY2(notice->text().contains(QStringLiteral("50")), qPrintable(notice->text()));
    QVERIFY(m_view->viewport()->rect().contains(notice->geometry()));

    QSignalSpy clear(m_view.get(), &LogView::clearFilterRequested);
    auto *button = notice->findChild<QPushButton *>(QStringLiteral("logNoMatchClearFilter"));
    QVERIFY(button);
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(clear.count(), 1);
    m_model->setQuery(LogQuery{});
    QTRY_COMPARE(m_model->rowCount(), 50);
    QVERIFY(notice->isHidden());
}

void TestLogView::theCurrentRowIsFramedWhileTheTableHasFocus()
{
    append(40);
    QTRY_VERIFY(m_model->rowCount() == 40);
    const int row = m_view->rowAt(m_view->viewport()->height() / 2);
    QVERIFY(row >= 0);
    m_view->setFollowing(false);
    m_view->setCurrentIndex(m_model->index(row, 0));
    m_view->setFocus();
    QTRY_VERIFY(m_view->hasFocus());
    const QRect cell = m_view->visualRect(m_model->index(row, 0));
    QVERIFY(m_view->viewport()->rect().contains(cell));
    const QPoint edge(1, cell.center().y());
    const QColor focused = m_view->viewport()->grab().toImage().pixelColor(edge);
    m_view->clearFocus();
    QTRY_VERIFY(!m_view->hasFocus());
    const QColor unfocused = m_view->viewport()->grab().toImage().pixelColor(edge);
    QVERIFY2(focused != unfocused,
             qPrintable(focused.name() + QLatin1Char(' ') + unfocused.name()));
    QCOMPARE(focused.rgb(),
             m_view->palette().color(QPalette::Active, QPalette::Highlight).darker(140).rgb());
}

void TestLogView::aCutOffCellShowsItsWholeTextAsTooltip()
{
    append(5);
    QTRY_COMPARE(m_model->rowCount(), 5);
    m_view->horizontalHeader()->resizeSection(LogTableModel::RunnerColumn, 20);
    const QModelIndex cut = m_model->index(0, LogTableModel::RunnerColumn);
    const QString whole = cut.data().toString();
    QVERIFY(!whole.isEmpty());
    const QPoint inside = m_view->visualRect(cut).center();
    QHelpEvent help(QEvent::ToolTip, inside, m_view->viewport()->mapToGlobal(inside));
    QCoreApplication::sendEvent(m_view->viewport(), &help);
    QTRY_VERIFY(QToolTip::isVisible());
    QCOMPARE(QToolTip::text(), whole);
    QToolTip::hideText();
    QTRY_VERIFY(!QToolTip::isVisible());

    // A cell wide enough for its text has no tooltip.
    m_view->horizontalHeader()->resizeSection(LogTableModel::RunnerColumn, 400);
    const QPoint roomy = m_view->visualRect(cut).center();
    QHelpEvent again(QEvent::ToolTip, roomy, m_view->viewport()->mapToGlobal(roomy));
    QCoreApplication::sendEvent(m_view->viewport(), &again);
    QTest::qWait(50);
    QVERIFY(!QToolTip::isVisible());
}

QTEST_MAIN(TestLogView)
#include "test_log_view.moc"
