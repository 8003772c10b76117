// The console's main window: the log panel in the middle, the panels' docks, menus, toolbar
// and status bar. Remembers its geometry, docks and column widths.
#pragma once

#include "engine/RunSnapshot.h"
#include "settings/ApiKeyStore.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>
#include <QTimer>

#include <optional>

class QAction;
class QActionGroup;
class QLabel;
class QMenu;
class QToolBar;

namespace necrocode {

class ConsolePanels;

class ConsoleBackend;
class LanguageSwitcher;
class LogDetailPane;
class LogFilterBar;
class LogPanel;
class LogTabs;
class LogTableModel;
class LogView;
class SettingsDialog;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    static constexpr int kDefaultWidth = 1400;
    static constexpr int kDefaultHeight = 900;
    static constexpr int kStatusRefreshMs = 250;
    static constexpr int kNoticeMs = 12000;
    // QSettings key of the worker URL attached last, offered again by Attach to Worker.
    static constexpr const char *kLastWorkerUrlSetting = "console/lastWorkerUrl";

    MainWindow(ConsoleBackend *backend, LanguageSwitcher *languages,
               ApiKeyStore::Mode apiKeyMode = ApiKeyStore::Mode::UseKeychain,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    // The console's icon (PNG renditions of resources/icons/necrocode-console.svg).
    static QIcon applicationIcon();

    LogPanel *logPanel() const { return m_log; }
    LogTableModel *logModel() const;
    // The live session's view; logTabs() also holds one view per opened log file.
    LogView *logView() const;
    LogTabs *logTabs() const;
    LogFilterBar *filterBar() const;
    LogDetailPane *detailPane() const;
    ApiKeyStore *apiKeyStore() const { return m_apiKeys; }
    // The settings dialog while it is open.
    SettingsDialog *settingsDialog() const;

    // A picture of the whole window as it is drawn now.
    bool saveScreenshot(const QString &path);
    void openLogFiles(const QStringList &paths);

public Q_SLOTS:
    void showSettings();
    // Shows only the entries of one run; an empty pair shows every run again.
    void filterToRun(const QString &runnerId, const QString &taskId);
    void showNotice(const QString &text, bool isError);
    // Asks whether to pin a worker's untrusted certificate (one question per certificate).
    void askToTrustCertificate(const QUrl &workerUrl, const QString &fingerprint,
                               const QString &problem);

Q_SIGNALS:
    // New settings were saved and handed to the backend.
    void settingsApplied();

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createStatusBar();
    void createPanels();
    void connectBackend();
    void retranslateUi();
    void restoreLayout();
    void applyDefaultDockSizes();
    // Left docks as wide as their content asks (within a quarter of the window), right docks in
    // what is left; `onlyWhenLeftTooNarrow`: only when a left dock is narrower than it asks (a
    // language change made its texts longer).
    void sizeSideDocks(bool onlyWhenLeftTooNarrow);
    QHash<Qt::DockWidgetArea, QList<QDockWidget *>> dockGroupsByArea() const;
    void saveLayout();
    void refreshStatus();
    // Says in the status bar whether test commands run sandboxed (red when they do not).
    void refreshSandboxStatus();
    void populateViewMenu();
    void updateRunActions();
    void showAbout();
    void askParallelRunners();
    void askWorkerUrl();
    QString suggestedWorkerUrl() const;
    void chooseTaskFile();
    void cancelSelectedRun();
    void applySettings();
    void switchLanguage(const QString &code);
    std::optional<RunSnapshot> selectedRun() const;

    ConsoleBackend *m_backend;
    LanguageSwitcher *m_languages;
    ApiKeyStore *m_apiKeys;
    LogPanel *m_log;
    QPointer<SettingsDialog> m_settingsDialog;

    QMenu *m_fileMenu = nullptr;
    QMenu *m_runMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_languageMenu = nullptr;
    QMenu *m_toolsMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QToolBar *m_toolBar = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_runTaskFileAction = nullptr;
    QAction *m_clearLogAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_runDemoAction = nullptr;
    QAction *m_cancelRunAction = nullptr;
    QAction *m_parallelAction = nullptr;
    QAction *m_attachAction = nullptr;
    QMenu *m_detachMenu = nullptr;
    QAction *m_followAction = nullptr;
    QAction *m_searchAction = nullptr;
    QAction *m_clearFilterAction = nullptr;
    QAction *m_filterBarAction = nullptr;
    QAction *m_detailAction = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_aboutQtAction = nullptr;
    QActionGroup *m_languageGroup = nullptr;

    QLabel *m_noticeLabel = nullptr;
    QLabel *m_entriesLabel = nullptr;
    QLabel *m_shownLabel = nullptr;
    QLabel *m_filterTimeLabel = nullptr;
    QLabel *m_healthLabel = nullptr;
    QLabel *m_sandboxLabel = nullptr;
    QTimer m_statusTimer;
    QTimer m_noticeTimer;
    QString m_healthDescription;
    bool m_healthListening = false;
    bool m_needsDefaultDockSizes = false; // no saved layout: size the panels' docks once shown

    ConsolePanels *m_panels = nullptr; // runs, charts, health, inspector, playground
    QString m_selectedRunner;
    QString m_selectedTask;
};

} // namespace necrocode
