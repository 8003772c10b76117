// Switching the language at run time: the main window (menus, filter bar, column headers,
// status bar) and the settings dialog show the new language's texts, Qt's own texts included,
// and the choice is remembered.
#include "ScriptedBackend.h"
#include "healthview/HealthModel.h"
#include "logview/LogDetailPane.h"
#include "logview/LogFilterBar.h"
#include "logview/LogTableModel.h"
#include "settings/SettingsDialog.h"
#include "shell/LanguageSwitcher.h"
#include "shell/MainWindow.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTabBar>
#include <QTableView>
#include <QTest>
#include <QToolButton>

using namespace necrocode;

class TestConsoleLanguage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void mainWindowFollowsTheLanguage_data();
    void mainWindowFollowsTheLanguage();
    void settingsDialogFollowsTheLanguage();
    void panelsKeepTheirTextInEitherLanguage_data();
    void panelsKeepTheirTextInEitherLanguage();
    void languageMenuSwitchesAndRemembers();
    void normalizesLanguageCodes_data();
    void normalizesLanguageCodes();

private:
    void verifyNothingCutOff(const QString &when);

    QString menuTitle(const char *name) const
    {
        return m_window->findChild<QMenu *>(QString::fromLatin1(name))->title();
    }

    std::unique_ptr<ScriptedBackend> m_backend;
    std::unique_ptr<LanguageSwitcher> m_languages;
    std::unique_ptr<MainWindow> m_window;
};

void TestConsoleLanguage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("NecroCodeTests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_console_language"));
    QSettings().clear();
}

void TestConsoleLanguage::init()
{
    m_backend = std::make_unique<ScriptedBackend>();
    m_languages = std::make_unique<LanguageSwitcher>();
    QVERIFY(m_languages->setLanguage(QStringLiteral("en")));
    m_window = std::make_unique<MainWindow>(m_backend.get(), m_languages.get(),
                                            ApiKeyStore::Mode::SessionOnly);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestConsoleLanguage::cleanup()
{
    m_window.reset();
    m_languages.reset();
    m_backend.reset();
}

void TestConsoleLanguage::mainWindowFollowsTheLanguage_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("fileMenu");
    QTest::addColumn<QString>("helpMenu");
    QTest::addColumn<QString>("messageColumn");
    QTest::addColumn<QString>("searchPlaceholder");
    QTest::addColumn<QString>("clearButton");
    QTest::addColumn<QString>("entriesPrefix");
    QTest::newRow("English") << QStringLiteral("en") << QStringLiteral("&File")
                             << QStringLiteral("&Help") << QStringLiteral("Message")
                             << QStringLiteral("Search messages…") << QStringLiteral("Clear Filter")
                             << QStringLiteral("Entries:");
    QTest::newRow("Japanese") << QStringLiteral("ja") << QStringLiteral("ファイル(&F)")
                              << QStringLiteral("ヘルプ(&H)") << QStringLiteral("メッセージ")
                              << QStringLiteral("メッセージを検索…")
                              << QStringLiteral("フィルターをクリア") << QStringLiteral("件数:");
}

void TestConsoleLanguage::mainWindowFollowsTheLanguage()
{
    QFETCH(QString, language);
    QFETCH(QString, fileMenu);
    QFETCH(QString, helpMenu);
    QFETCH(QString, messageColumn);
    QFETCH(QString, searchPlaceholder);
    QFETCH(QString, clearButton);
    QFETCH(QString, entriesPrefix);

    QVERIFY(m_languages->setLanguage(language == QLatin1String("en") ? QStringLiteral("ja")
                                                                     : QStringLiteral("en")));
    QVERIFY(m_languages->setLanguage(language));
    // Qt posts QEvent::LanguageChange to the top-level widgets.
    QTRY_COMPARE(menuTitle("menuFile"), fileMenu);
    QCOMPARE(menuTitle("menuHelp"), helpMenu);
    QCOMPARE(
        m_window->logModel()->headerData(LogTableModel::MessageColumn, Qt::Horizontal).toString(),
        messageColumn);
    QCOMPARE(m_window->filterBar()
                 ->findChild<QLineEdit *>(QStringLiteral("logFilterSearch"))
                 ->placeholderText(),
             searchPlaceholder);
    QCOMPARE(
        m_window->filterBar()->findChild<QToolButton *>(QStringLiteral("logFilterClear"))->text(),
        clearButton);
    QVERIFY2(m_window->findChild<QLabel *>(QStringLiteral("statusEntries"))
                 ->text()
                 .startsWith(entriesPrefix),
             qPrintable(m_window->findChild<QLabel *>(QStringLiteral("statusEntries"))->text()));
    QVERIFY(!m_window->detailPane()->textView()->placeholderText().isEmpty());
    const bool japanese = language == QLatin1String("ja");
    QCOMPARE(m_window->windowTitle() != QStringLiteral("NecroCode Runner Console"), japanese);
}

void TestConsoleLanguage::verifyNothingCutOff(const QString &when)
{
    // The dock tabs show their whole titles.
    int dockTabs = 0;
    for (QTabBar *tabs : m_window->findChildren<QTabBar *>()) {
        if (!tabs->isVisible() || tabs->parent() != m_window.get())
            continue;
        dockTabs += tabs->count();
        for (int i = 0; i < tabs->count(); ++i) {
            const int text = tabs->fontMetrics().horizontalAdvance(tabs->tabText(i));
            QVERIFY2(tabs->tabRect(i).width() >= text + 8,
                     qPrintable(QStringLiteral("%1: tab \"%2\" is %3 px for %4 px of text")
                                    .arg(when, tabs->tabText(i))
                                    .arg(tabs->tabRect(i).width())
                                    .arg(text)));
        }
    }
    QVERIFY2(dockTabs >= 3, qPrintable(when)); // charts, inspector, playground
    // The health table shows every column whole: service, state, latency and last check.
    auto *health = m_window->findChild<QTableView *>(QStringLiteral("healthView"));
    QVERIFY(health && health->isVisible());
    QTRY_VERIFY(health->model()->rowCount() > 0);
    const QHeaderView *header = health->horizontalHeader();
    const QAbstractItemView *view = health;
    for (int column = 0; column < header->count(); ++column) {
        if (health->isColumnHidden(column))
            continue;
        const int needed =
            std::max(view->sizeHintForColumn(column), header->sectionSizeHint(column));
        const int shown =
            std::min(header->sectionViewportPosition(column) + header->sectionSize(column),
                     health->viewport()->width()) -
            header->sectionViewportPosition(column);
        QVERIFY2(shown >= needed,
                 qPrintable(
                     QStringLiteral("%1: health column %2 is %3 px of %4")
                         .arg(when, health->model()->headerData(column, Qt::Horizontal).toString())
                         .arg(shown)
                         .arg(needed)));
    }
}

void TestConsoleLanguage::panelsKeepTheirTextInEitherLanguage_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("English") << QStringLiteral("en");
    QTest::newRow("Japanese") << QStringLiteral("ja");
}

void TestConsoleLanguage::panelsKeepTheirTextInEitherLanguage()
{
    QFETCH(QString, language);
    // Started in the language, at the default size and layout.
    m_window.reset();
    QSettings().clear();
    QVERIFY(m_languages->setLanguage(language));
    m_window = std::make_unique<MainWindow>(m_backend.get(), m_languages.get(),
                                            ApiKeyStore::Mode::SessionOnly);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QCOMPARE(m_window->size(), QSize(MainWindow::kDefaultWidth, MainWindow::kDefaultHeight));
    m_backend->runDemo(); // health rows with times, runs with runner ids
    QTest::qWait(600);
    verifyNothingCutOff(QStringLiteral("started in ") + language);

    // Switched to at run time from the other language.
    m_window.reset();
    QSettings().clear();
    QVERIFY(m_languages->setLanguage(language == QLatin1String("en") ? QStringLiteral("ja")
                                                                     : QStringLiteral("en")));
    m_window = std::make_unique<MainWindow>(m_backend.get(), m_languages.get(),
                                            ApiKeyStore::Mode::SessionOnly);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTest::qWait(300);
    QVERIFY(m_languages->setLanguage(language));
    QTest::qWait(300);
    verifyNothingCutOff(QStringLiteral("switched to ") + language);
}

void TestConsoleLanguage::settingsDialogFollowsTheLanguage()
{
    m_window->showSettings();
    SettingsDialog *dialog = m_window->settingsDialog();
    QVERIFY(dialog);
    auto cancelText = [&] {
        return dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel)->text();
    };
    QCOMPARE(dialog->windowTitle(), QStringLiteral("Settings"));
    const QString englishCancel = cancelText();
    const QString englishGroup = dialog->findChildren<QGroupBox *>().first()->title();

    QVERIFY(m_languages->setLanguage(QStringLiteral("ja")));
    QTRY_COMPARE(dialog->windowTitle(), QStringLiteral("設定"));
    QCOMPARE(dialog->findChildren<QGroupBox *>().first()->title(), QStringLiteral("サービス"));
    QVERIFY(dialog->findChildren<QGroupBox *>().first()->title() != englishGroup);
    // Qt's own catalogue translates the standard buttons.
    QCOMPARE(cancelText(), QStringLiteral("キャンセル"));

    QVERIFY(m_languages->setLanguage(QStringLiteral("en")));
    QTRY_COMPARE(dialog->windowTitle(), QStringLiteral("Settings"));
    QCOMPARE(cancelText(), englishCancel);
    dialog->reject();
}

void TestConsoleLanguage::languageMenuSwitchesAndRemembers()
{
    auto *japanese = m_window->findChild<QAction *>(QStringLiteral("actionLanguage_ja"));
    QVERIFY(japanese);
    QCOMPARE(japanese->text(), QStringLiteral("日本語"));
    japanese->trigger();
    QCOMPARE(m_languages->language(), QStringLiteral("ja"));
    QVERIFY(japanese->isChecked());
    QCOMPARE(QSettings().value(QStringLiteral("language")).toString(), QStringLiteral("ja"));
    QTRY_COMPARE(menuTitle("menuLanguage"), QStringLiteral("言語(&L)"));

    m_window->findChild<QAction *>(QStringLiteral("actionLanguage_en"))->trigger();
    QCOMPARE(m_languages->language(), QStringLiteral("en"));
    QCOMPARE(QSettings().value(QStringLiteral("language")).toString(), QStringLiteral("en"));
    QTRY_COMPARE(menuTitle("menuLanguage"), QStringLiteral("&Language"));
}

void TestConsoleLanguage::normalizesLanguageCodes_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("language");
    QTest::newRow("ja") << QStringLiteral("ja") << QStringLiteral("ja");
    QTest::newRow("ja_JP") << QStringLiteral("ja_JP") << QStringLiteral("ja");
    QTest::newRow("EN-us") << QStringLiteral("EN-us") << QStringLiteral("en");
    QTest::newRow("unknown") << QStringLiteral("fr") << QString();
    QTest::newRow("empty") << QString() << QString();
}

void TestConsoleLanguage::normalizesLanguageCodes()
{
    QFETCH(QString, code);
    QFETCH(QString, language);
    QCOMPARE(LanguageSwitcher::normalized(code), language);
    QCOMPARE(m_languages->setLanguage(code), !language.isEmpty());
}

QTEST_MAIN(TestConsoleLanguage)
#include "test_console_language.moc"
