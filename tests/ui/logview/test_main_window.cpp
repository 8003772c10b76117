// MainWindow: default size and remembered layout, the log table fed from the backend, the detail
// pane following the current row, run selection filtering the table and cancelling that run,
// the status bar counts and the screenshot.
#include "LogViewTestEntries.h"
#include "ScriptedBackend.h"
#include "fleet/CertificateTrustDialog.h"
#include "log/LogHub.h"
#include "logstore/LogStore.h"
#include "logview/LogDetailPane.h"
#include "logview/LogFilterBar.h"
#include "logview/LogNoMatchNotice.h"
#include "logview/LogTableModel.h"
#include "logview/LogTabs.h"
#include "logview/LogView.h"
#include "prompt/PromptInspector.h"
#include "runs/RunsModel.h"
#include "shell/ConsolePanels.h"
#include "shell/LanguageSwitcher.h"
#include "shell/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QHeaderView>
#include <QImage>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTabBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void startsAtTheDefaultSize();
    void remembersColumnWidthsAndGeometry();
    void showsTheBackendsEntries();
    void detailPaneFollowsTheCurrentRow();
    void runSelectionFiltersTheLogAndCanBeCancelled();
    void attachOffersTheLastWorkerButNeverTheConsoleItself();
    void anUntrustedWorkerCertificateIsShownAndPinnedOnlyWhenTrusted();
    void aLogFileOpensInATabOfItsOwnAndOnlyOnce();
    void keyboardGoesFromTheSearchToTheTable();
    void docksKeepTheirSizeWhileCallsArrive();
    void savesAScreenshot();

private:
    std::unique_ptr<MainWindow> makeWindow();

    std::unique_ptr<ScriptedBackend> m_backend;
    std::unique_ptr<LanguageSwitcher> m_languages;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("NecroCodeTests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_main_window"));
}

void TestMainWindow::init()
{
    QSettings().clear();
    m_backend = std::make_unique<ScriptedBackend>();
    m_backend->setStepInterval(20);
    m_languages = std::make_unique<LanguageSwitcher>();
    QVERIFY(m_languages->setLanguage(QStringLiteral("en")));
}

void TestMainWindow::cleanup()
{
    m_languages.reset();
    m_backend.reset();
}

std::unique_ptr<MainWindow> TestMainWindow::makeWindow()
{
    auto window = std::make_unique<MainWindow>(m_backend.get(), m_languages.get(),
                                               ApiKeyStore::Mode::SessionOnly);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    return window;
}

void TestMainWindow::startsAtTheDefaultSize()
{
    const auto window = makeWindow();
    QVERIFY(window);
    QVERIFY(window->width() >= MainWindow::kDefaultWidth);
    QVERIFY(window->width() < MainWindow::kDefaultWidth + 200);
    QCOMPARE(window->height(), MainWindow::kDefaultHeight);
    // The entry pane shows a whole entry's usual fields without scrolling (about ten lines),
    // the log table most of the rest.
    QTest::qWait(50);
    const QPlainTextEdit *entry = window->detailPane()->textView();
    const int lines = entry->viewport()->height() / entry->fontMetrics().lineSpacing();
    QVERIFY2(lines >= 8, qPrintable(QString::number(lines)));
    const int rows = window->logView()->viewport()->height() /
                     window->logView()->verticalHeader()->defaultSectionSize();
    QVERIFY2(rows >= 12, qPrintable(QString::number(rows)));
}

void TestMainWindow::remembersColumnWidthsAndGeometry()
{
    {
        const auto window = makeWindow();
        QVERIFY(window);
        window->logView()->horizontalHeader()->resizeSection(LogTableModel::TimeColumn, 321);
        window->logView()->horizontalHeader()->setSectionHidden(LogTableModel::SpecColumn, false);
        window->findChild<QTableView *>(QStringLiteral("runsView"))
            ->horizontalHeader()
            ->resizeSection(1, 234);
        window->findChild<QTableView *>(QStringLiteral("callsView"))
            ->horizontalHeader()
            ->resizeSection(2, 123);
        window->resize(1500, 950);
        window->close();
    }
    const auto reopened = makeWindow();
    QVERIFY(reopened);
    const QHeaderView *header = reopened->logView()->horizontalHeader();
    QCOMPARE(header->sectionSize(LogTableModel::TimeColumn), 321);
    QVERIFY(!header->isSectionHidden(LogTableModel::SpecColumn));
    QVERIFY(header->isSectionHidden(LogTableModel::LoggerColumn));
    QCOMPARE(reopened->size(), QSize(1500, 950));
    // The runs and LLM calls tables keep their column widths too.
    QCOMPARE(reopened->findChild<QTableView *>(QStringLiteral("runsView"))
                 ->horizontalHeader()
                 ->sectionSize(1),
             234);
    QCOMPARE(reopened->findChild<QTableView *>(QStringLiteral("callsView"))
                 ->horizontalHeader()
                 ->sectionSize(2),
             123);
}

void TestMainWindow::showsTheBackendsEntries()
{
    const auto window = makeWindow();
    QVERIFY(window);
    for (int i = 0; i < 1234; ++i)
        m_backend->logHub().post(LogEntry::now(LogLevel::Warning, QStringLiteral("test"),
                                               QStringLiteral("posted %1").arg(i)));
    const int posted = int(m_backend->logHub().lastSequence());
    QTRY_COMPARE(window->logModel()->rowCount(), posted);
    auto *entries = window->findChild<QLabel *>(QStringLiteral("statusEntries"));
    QTRY_VERIFY2(entries->text().contains(QLocale().toString(posted)), qPrintable(entries->text()));
}

void TestMainWindow::detailPaneFollowsTheCurrentRow()
{
    const auto window = makeWindow();
    QVERIFY(window);
    m_backend->logHub().post(LogEntry::now(LogLevel::Error, QStringLiteral("test"),
                                           QStringLiteral("the entry to look at")));
    // The scripted backend may log entries of its own around it: look the entry up.
    const auto rowOfEntry = [&window] {
        const LogStore &store = window->logModel()->store();
        for (qsizetype row = 0; row < window->logModel()->totalRowCount(); ++row)
            if (store.message(row) == QLatin1String("the entry to look at"))
                return window->logModel()->viewRow(row);
        return -1;
    };
    QTRY_VERIFY(rowOfEntry() >= 0);
    window->logView()->setCurrentIndex(window->logModel()->index(rowOfEntry(), 0));
    QVERIFY(window->detailPane()->hasEntry());
    QVERIFY(window->detailPane()->jsonText().contains(QStringLiteral("the entry to look at")));
    window->logModel()->clear();
    QVERIFY(!window->detailPane()->hasEntry());
}

void TestMainWindow::runSelectionFiltersTheLogAndCanBeCancelled()
{
    m_backend->setStepInterval(200);
    const auto window = makeWindow();
    QVERIFY(window);
    m_backend->runDemo();
    QTRY_VERIFY(!m_backend->runs().isEmpty() &&
                m_backend->runs().first().outcome == RunOutcome::Running);
    const RunSnapshot run = m_backend->runs().first();
    auto *cancel = window->findChild<QAction *>(QStringLiteral("actionCancelRun"));
    QVERIFY(!cancel->isEnabled());

    window->filterToRun(run.runnerId, run.taskId);
    QCOMPARE(window->logModel()->query().runnerId, std::optional<QString>(run.runnerId));
    QCOMPARE(window->logModel()->query().taskId, std::optional<QString>(run.taskId));
    QTRY_VERIFY(window->logModel()->rowCount() > 0 && !window->logModel()->isFilterPending());
    for (int row = 0; row < window->logModel()->rowCount(); ++row) {
        const qsizetype storeRow = window->logModel()->storeRow(row);
        QCOMPARE(window->logModel()->store().runnerId(storeRow), run.runnerId);
        QCOMPARE(window->logModel()->store().taskId(storeRow), run.taskId);
    }

    QVERIFY(cancel->isEnabled());
    cancel->trigger();
    QCOMPARE(m_backend->runs().first().outcome, RunOutcome::Cancelled);
    QTRY_VERIFY(!cancel->isEnabled()); // once the runs panel shows the run cancelled

    window->filterToRun(QString(), QString());
    QVERIFY(!window->logModel()->query().runnerId);
    QVERIFY(!window->logModel()->query().taskId);

    // A running run of an attached worker is shown but cannot be cancelled from this console.
    RunSnapshot remote = run;
    remote.runId = QStringLiteral("10.0.0.7:9464#1");
    remote.source = QStringLiteral("10.0.0.7:9464");
    remote.outcome = RunOutcome::Running;
    remote.finishedAtMs = 0;
    remote.phase = RunPhase::TaskImplementation;
    Q_EMIT m_backend->runChanged(remote);
    const RunsModel *runs = window->findChild<ConsolePanels *>()->runsModel();
    QTRY_VERIFY(runs->rowOfKey(RunsModel::runKey(remote)) >= 0);
    window->filterToRun(remote.runnerId, remote.taskId);
    QVERIFY(!cancel->isEnabled());
}

void TestMainWindow::attachOffersTheLastWorkerButNeverTheConsoleItself()
{
    const auto window = makeWindow();
    QVERIFY(window);
    Q_EMIT m_backend->healthServerChanged(QStringLiteral("http://127.0.0.1:9464"), true);
    auto *attach = window->findChild<QAction *>(QStringLiteral("actionAttachWorker"));
    const auto offered = [&]() -> QString {
        attach->trigger();
        auto *dialog = window->findChild<QInputDialog *>(QStringLiteral("attachWorkerDialog"));
        if (!dialog)
            return QStringLiteral("<no dialog>");
        const QString text = dialog->textValue();
        dialog->reject();
        delete dialog;
        return text;
    };
    // Nothing attached yet: no guess that would be this console itself.
    QCOMPARE(offered(), QString());

    attach->trigger();
    auto *dialog = window->findChild<QInputDialog *>(QStringLiteral("attachWorkerDialog"));
    QVERIFY(dialog);
    dialog->setTextValue(QStringLiteral("http://10.0.0.7:9464"));
    dialog->accept();
    QTRY_VERIFY(window->findChild<QInputDialog *>(QStringLiteral("attachWorkerDialog")) == nullptr);
    QCOMPARE(offered(), QStringLiteral("http://10.0.0.7:9464"));

    // A remembered address that is this console's own health server is not offered.
    QSettings().setValue(QString::fromLatin1(MainWindow::kLastWorkerUrlSetting),
                         QStringLiteral("http://localhost:9464"));
    QCOMPARE(offered(), QString());
}

void TestMainWindow::anUntrustedWorkerCertificateIsShownAndPinnedOnlyWhenTrusted()
{
    const auto window = makeWindow();
    QVERIFY(window);
    const QUrl worker(QStringLiteral("https://10.0.0.9:9464"));
    const QString fingerprint = QStringLiteral("AB:CD:EF:01");
    const auto dialogs = [&] {
        return window->findChildren<CertificateTrustDialog *>(
            QStringLiteral("trustCertificateDialog"));
    };
    // Asked twice (a poll and the log stream): one question.
    Q_EMIT m_backend->workerCertificateUntrusted(worker, fingerprint,
                                                 QStringLiteral("self-signed"));
    Q_EMIT m_backend->workerCertificateUntrusted(worker, fingerprint,
                                                 QStringLiteral("self-signed"));
    QCOMPARE(dialogs().size(), 1);
    CertificateTrustDialog *dialog = dialogs().first();
    QVERIFY(dialog->informativeText().contains(fingerprint));
    QVERIFY(dialog->text().contains(worker.toString()));
    dialog->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(dialogs().isEmpty());
    QVERIFY(m_backend->pinnedCertificates.isEmpty());

    Q_EMIT m_backend->workerCertificateUntrusted(worker, fingerprint,
                                                 QStringLiteral("self-signed"));
    QCOMPARE(dialogs().size(), 1);
    dialogs().first()->trustButton()->click();
    QTRY_VERIFY(dialogs().isEmpty());
    QCOMPARE(m_backend->pinnedCertificates.size(), 1);
    QCOMPARE(m_backend->pinnedCertificates.first().first, worker);
    QCOMPARE(m_backend->pinnedCertificates.first().second, fingerprint);
}

void TestMainWindow::aLogFileOpensInATabOfItsOwnAndOnlyOnce()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("yesterday.jsonl"));
    QVERIFY(testing::writeEarlierLog(path, 25));

    const auto window = makeWindow();
    QVERIFY(window);
    m_backend->logHub().post(
        LogEntry::now(LogLevel::Info, QStringLiteral("test"), QStringLiteral("live entry")));
    QTRY_VERIFY(window->logModel()->totalRowCount() > 0);
    const qsizetype live = window->logModel()->totalRowCount();

    LogTabs *tabs = window->logTabs();
    QVERIFY(tabs->tabBar()->isHidden()); // one table, no tab bar
    window->openLogFiles({path});
    QCOMPARE(tabs->count(), 2);
    LogView *opened = tabs->currentView();
    QVERIFY(opened != window->logView());
    QTRY_COMPARE(opened->logModel()->totalRowCount(), 25);
    // The session is left as it was: none of the file's entries joins it (the scripted backend
    // may log entries of its own meanwhile).
    QVERIFY(window->logModel()->totalRowCount() >= live);
    const LogStore &session = window->logModel()->store();
    for (qsizetype row = 0; row < session.size(); ++row)
        QVERIFY(!session.message(row).startsWith(QLatin1String("from the file")));
    QVERIFY(tabs->tabBar()->isVisible());
    QCOMPARE(tabs->tabText(1), QStringLiteral("yesterday.jsonl"));
    auto *entries = window->findChild<QLabel *>(QStringLiteral("statusEntries"));
    QTRY_VERIFY2(entries->text().contains(QStringLiteral("25")), qPrintable(entries->text()));

    // Opening it again (by another spelling of its path) shows its tab, loads nothing twice.
    tabs->setCurrentIndex(0);
    window->openLogFiles({dir.path() + QStringLiteral("/./yesterday.jsonl")});
    QCOMPARE(tabs->count(), 2);
    QCOMPARE(tabs->currentView(), opened);
    QTest::qWait(100);
    QCOMPARE(opened->logModel()->totalRowCount(), 25);

    // The filter applies to the table shown; the detail pane shows its entries.
    window->filterBar()
        ->findChild<QLineEdit *>(QStringLiteral("logFilterSearch"))
        ->setText(QStringLiteral("file 7"));
    QTRY_COMPARE(opened->logModel()->rowCount(), 1);
    opened->setCurrentIndex(opened->logModel()->index(0, 0));
    QVERIFY(window->detailPane()->jsonText().contains(QStringLiteral("from the file 7")));

    // The live session cannot be closed; a file tab can.
    tabs->closeFileTab(0);
    QCOMPARE(tabs->count(), 2);
    tabs->closeFileTab(1);
    QCOMPARE(tabs->count(), 1);
    QCOMPARE(tabs->currentView(), window->logView());
    QTRY_COMPARE(window->logModel()->rowCount(), 0); // the same filter, now on the session
}

void TestMainWindow::keyboardGoesFromTheSearchToTheTable()
{
    const auto window = makeWindow();
    QVERIFY(window);
    window->activateWindow();
    for (int i = 0; i < 30; ++i)
        m_backend->logHub().post(LogEntry::now(LogLevel::Info, QStringLiteral("test"),
                                               QStringLiteral("entry %1").arg(i)));
    QTRY_VERIFY(window->logModel()->rowCount() >= 30);
    window->findChild<QAction *>(QStringLiteral("actionSearch"))->trigger();
    auto *search = window->filterBar()->findChild<QLineEdit *>(QStringLiteral("logFilterSearch"));
    QTRY_VERIFY(search->hasFocus());
    int presses = 0;
    while (QApplication::focusWidget() != window->logView() && presses < 12) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        ++presses;
    }
    QCOMPARE(QApplication::focusWidget(), window->logView());
    QVERIFY2(presses <= 6, qPrintable(QString::number(presses)));

    // Return in the search goes straight to the newest entry.
    search->setFocus();
    QTRY_VERIFY(search->hasFocus());
    QTest::keyClick(search, Qt::Key_Return);
    QCOMPARE(QApplication::focusWidget(), window->logView());
    QVERIFY(window->logView()->currentIndex().isValid());
    QVERIFY(window->detailPane()->hasEntry());

    // A filter that matches nothing offers to clear it, and the button does.
    search->setText(QStringLiteral("nothing says this"));
    QTRY_VERIFY(window->logView()->noMatchNotice()->isVisible());
    window->logView()
        ->noMatchNotice()
        ->findChild<QPushButton *>(QStringLiteral("logNoMatchClearFilter"))
        ->click();
    QVERIFY(search->text().isEmpty());
    QTRY_VERIFY(window->logModel()->rowCount() >= 30);
}

void TestMainWindow::docksKeepTheirSizeWhileCallsArrive()
{
    const auto window = makeWindow();
    QVERIFY(window);
    QTest::qWait(100); // the default dock sizes are applied once shown
    auto *inspectorDock = window->findChild<QDockWidget *>(QStringLiteral("promptInspectorDock"));
    auto *runsDock = window->findChild<QDockWidget *>(QStringLiteral("runsDock"));
    QVERIFY(inspectorDock && runsDock);
    inspectorDock->raise();
    QTest::qWait(50);
    const int inspectorWidth = inspectorDock->width();
    const int runsHeight = runsDock->height();
    const int logWidth = window->logView()->width();

    m_backend->runDemo();
    auto *inspector = window->findChild<PromptInspector *>();
    QTRY_VERIFY_WITH_TIMEOUT(inspector->callsView()->model()->rowCount() >= 3, 10000);
    for (int row = 0; row < inspector->callsView()->model()->rowCount(); ++row) {
        inspector->showCall(row);
        QTest::qWait(20);
        QCOMPARE(inspectorDock->width(), inspectorWidth);
        QCOMPARE(runsDock->height(), runsHeight);
        QCOMPARE(window->logView()->width(), logWidth);
    }
}

void TestMainWindow::savesAScreenshot()
{
    const auto window = makeWindow();
    QVERIFY(window);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("window.png"));
    QVERIFY(window->saveScreenshot(path));
    const QImage image(path);
    QCOMPARE(image.size(), window->size() * window->devicePixelRatio());
}

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
