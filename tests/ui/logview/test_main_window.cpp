// MainWindow: default size and remembered layout, the log table fed from the backend, the detail
// pane following the current row, run selection filtering the table and cancelling that run,
// the status bar counts and the screenshot.
#include "LanguageSwitcher.h"
#include "MainWindow.h"
#include "ScriptedBackend.h"
#include "log/LogHub.h"
#include "models/LogTableModel.h"
#include "widgets/LogDetailPane.h"
#include "widgets/LogView.h"

#include <QAction>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QSettings>
#include <QStandardPaths>
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
}

void TestMainWindow::remembersColumnWidthsAndGeometry()
{
    {
        const auto window = makeWindow();
        QVERIFY(window);
        window->logView()->horizontalHeader()->resizeSection(LogTableModel::TimeColumn, 321);
        window->logView()->horizontalHeader()->setSectionHidden(LogTableModel::SpecColumn, false);
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
    QTRY_VERIFY(window->logModel()->rowCount() > 0);
    const int row = window->logModel()->rowCount() - 1;
    window->logView()->setCurrentIndex(window->logModel()->index(row, 0));
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
    QVERIFY(!cancel->isEnabled());

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
    window->filterToRun(remote.runnerId, remote.taskId);
    QVERIFY(!cancel->isEnabled());
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
