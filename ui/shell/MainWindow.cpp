#include "shell/MainWindow.h"

#include "engine/SandboxSettings.h"
#include "fleet/CertificateTrustDialog.h"
#include "log/LogHub.h"
#include "logview/LogDetailPane.h"
#include "logview/LogFilterBar.h"
#include "logview/LogPanel.h"
#include "logview/LogTableModel.h"
#include "logview/LogTabs.h"
#include "logview/LogView.h"
#include "runs/RunsModel.h"
#include "settings/ConfigSettings.h"
#include "settings/SettingsDialog.h"
#include "shell/ConsoleBackend.h"
#include "shell/ConsolePanels.h"
#include "shell/LanguageSwitcher.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QHeaderView>
#include <QHostAddress>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>

#include <algorithm>
#include <cmath>

static void initConsoleResources()
{
    Q_INIT_RESOURCE(console);
}

namespace necrocode {

namespace {

const QString kGeometryKey = QStringLiteral("window/geometry");
const QString kStateKey = QStringLiteral("window/state");
const QString kSplitterKey = QStringLiteral("window/splitter");
const QString kColumnsKey = QStringLiteral("logView/columns");
const QString kFilterBarKey = QStringLiteral("window/filterBarVisible");
const QString kDetailKey = QStringLiteral("window/detailPaneVisible");
// The panels' tables whose column widths, order and hidden columns are kept between sessions,
// by object name (the health table sizes its columns to their contents).
const QStringList kTablesWithSavedColumns = {QStringLiteral("runsView"),
                                             QStringLiteral("callsView")};

QString columnsKey(const QString &table)
{
    return QStringLiteral("%1/columns").arg(table);
}
constexpr int kLayoutVersion = 1;

bool isOpen(const RunSnapshot &run)
{
    return run.outcome == RunOutcome::Pending || run.outcome == RunOutcome::Running;
}

} // namespace

MainWindow::MainWindow(ConsoleBackend *backend, LanguageSwitcher *languages,
                       ApiKeyStore::Mode apiKeyMode, QWidget *parent)
    : QMainWindow(parent), m_backend(backend), m_languages(languages),
      m_apiKeys(new ApiKeyStore(apiKeyMode, this)), m_log(new LogPanel)
{
    initConsoleResources();
    setObjectName(QStringLiteral("necrocodeConsoleMainWindow"));
    setWindowIcon(applicationIcon());
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowNestedDocks |
                   QMainWindow::AllowTabbedDocks);

    setCentralWidget(m_log);
    connect(m_log, &LogPanel::notice, this, &MainWindow::showNotice);
    connect(m_log, &LogPanel::statusChanged, this, &MainWindow::refreshStatus);
    connect(m_log, &LogPanel::followingChanged, this, [this](bool following) {
        if (m_followAction)
            m_followAction->setChecked(following);
    });

    createActions();
    createMenus();
    createStatusBar();
    connectBackend();
    createPanels();
    retranslateUi();
    restoreLayout();

    connect(m_apiKeys, &ApiKeyStore::apiKeyLoaded, this, [this](const QString &key) {
        if (key.isEmpty() || key == m_backend->config().llm.apiKey)
            return;
        RunnerConfig config = m_backend->config();
        config.llm.apiKey = key;
        m_backend->applyConfig(config);
    });
    connect(m_apiKeys, &ApiKeyStore::storageChanged, this, [this](ApiKeyStore::Storage storage) {
        if (m_settingsDialog)
            m_settingsDialog->setApiKeyStorage(storage);
    });
    m_apiKeys->load();

    m_statusTimer.setInterval(kStatusRefreshMs);
    connect(&m_statusTimer, &QTimer::timeout, this, &MainWindow::refreshStatus);
    m_statusTimer.start();
    m_noticeTimer.setSingleShot(true);
    m_noticeTimer.setInterval(kNoticeMs);
    connect(&m_noticeTimer, &QTimer::timeout, m_noticeLabel, &QLabel::clear);
    m_log->followHub(m_backend->logHub());
}

MainWindow::~MainWindow() = default;

LogTableModel *MainWindow::logModel() const
{
    return m_log->liveModel();
}

LogView *MainWindow::logView() const
{
    return m_log->liveView();
}

LogTabs *MainWindow::logTabs() const
{
    return m_log->tabs();
}

LogFilterBar *MainWindow::filterBar() const
{
    return m_log->filterBar();
}

LogDetailPane *MainWindow::detailPane() const
{
    return m_log->detailPane();
}

SettingsDialog *MainWindow::settingsDialog() const
{
    return m_settingsDialog;
}

QIcon MainWindow::applicationIcon()
{
    initConsoleResources();
    QIcon icon;
    for (int size : {16, 24, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/necrocode-console-%1.png").arg(size),
                     QSize(size, size));
    return icon;
}

void MainWindow::createActions()
{
    QStyle *style = this->style();
    auto make = [this](const QString &name, const QIcon &icon = {}) {
        auto *action = new QAction(icon, QString(), this);
        action->setObjectName(name);
        return action;
    };
    m_openAction =
        make(QStringLiteral("actionOpenLog"), style->standardIcon(QStyle::SP_DialogOpenButton));
    m_openAction->setShortcut(QKeySequence::Open);
    connect(m_openAction, &QAction::triggered, m_log->tabs(), &LogTabs::askAndOpenFiles);

    m_exportAction =
        make(QStringLiteral("actionExport"), style->standardIcon(QStyle::SP_DialogSaveButton));
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(m_exportAction, &QAction::triggered, this,
            [this] { m_log->currentView()->exportFiltered(); });

    m_runTaskFileAction =
        make(QStringLiteral("actionRunTaskFile"), style->standardIcon(QStyle::SP_FileIcon));
    m_runTaskFileAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    connect(m_runTaskFileAction, &QAction::triggered, this, &MainWindow::chooseTaskFile);

    m_clearLogAction =
        make(QStringLiteral("actionClearLog"), style->standardIcon(QStyle::SP_DialogResetButton));
    m_clearLogAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(m_clearLogAction, &QAction::triggered, m_log->liveModel(), &LogTableModel::clear);

    m_quitAction = make(QStringLiteral("actionQuit"));
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_runDemoAction =
        make(QStringLiteral("actionRunDemo"), style->standardIcon(QStyle::SP_MediaPlay));
    m_runDemoAction->setShortcut(QKeySequence(Qt::Key_F5));
    connect(m_runDemoAction, &QAction::triggered, m_backend, &ConsoleBackend::runDemo);

    m_cancelRunAction =
        make(QStringLiteral("actionCancelRun"), style->standardIcon(QStyle::SP_MediaStop));
    m_cancelRunAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X));
    connect(m_cancelRunAction, &QAction::triggered, this, &MainWindow::cancelSelectedRun);

    m_parallelAction = make(QStringLiteral("actionParallelRunners"));
    connect(m_parallelAction, &QAction::triggered, this, &MainWindow::askParallelRunners);

    m_attachAction = make(QStringLiteral("actionAttachWorker"));
    m_attachAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    connect(m_attachAction, &QAction::triggered, this, &MainWindow::askWorkerUrl);

    m_followAction =
        make(QStringLiteral("actionFollow"), style->standardIcon(QStyle::SP_ArrowDown));
    m_followAction->setCheckable(true);
    m_followAction->setChecked(m_log->liveView()->isFollowing());
    m_followAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    connect(m_followAction, &QAction::toggled, this,
            [this](bool follow) { m_log->currentView()->setFollowing(follow); });

    m_searchAction = make(QStringLiteral("actionSearch"));
    m_searchAction->setShortcut(QKeySequence::Find);
    connect(m_searchAction, &QAction::triggered, m_log->filterBar(), &LogFilterBar::focusSearch);

    m_clearFilterAction = make(QStringLiteral("actionClearFilter"));
    m_clearFilterAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    connect(m_clearFilterAction, &QAction::triggered, m_log->filterBar(), &LogFilterBar::clear);

    m_filterBarAction = make(QStringLiteral("actionShowFilterBar"));
    m_filterBarAction->setCheckable(true);
    m_filterBarAction->setChecked(true);
    connect(m_filterBarAction, &QAction::toggled, m_log->filterBar(), &QWidget::setVisible);

    m_detailAction = make(QStringLiteral("actionShowDetailPane"));
    m_detailAction->setCheckable(true);
    m_detailAction->setChecked(true);
    connect(m_detailAction, &QAction::toggled, m_log->detailPane(), &QWidget::setVisible);

    m_settingsAction = make(QStringLiteral("actionSettings"));
    m_settingsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::showSettings);

    m_aboutAction = make(QStringLiteral("actionAbout"));
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
    m_aboutQtAction = make(QStringLiteral("actionAboutQt"));
    m_aboutQtAction->setMenuRole(QAction::AboutQtRole);
    connect(m_aboutQtAction, &QAction::triggered, qApp, &QApplication::aboutQt);

    m_languageGroup = new QActionGroup(this);
    m_languageGroup->setExclusive(true);
    for (const QString &code : LanguageSwitcher::languages()) {
        QAction *action = make(QStringLiteral("actionLanguage_") + code);
        action->setText(LanguageSwitcher::nativeName(code));
        action->setData(code);
        action->setCheckable(true);
        action->setChecked(m_languages && m_languages->language() == code);
        m_languageGroup->addAction(action);
        connect(action, &QAction::triggered, this, [this, code] { switchLanguage(code); });
    }
    updateRunActions();
}

void MainWindow::createMenus()
{
    m_toolBar = addToolBar(QString());
    m_toolBar->setObjectName(QStringLiteral("mainToolBar"));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolBar->setMovable(false);
    m_toolBar->addAction(m_runDemoAction);
    m_toolBar->addAction(m_cancelRunAction);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_openAction);
    m_toolBar->addAction(m_exportAction);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_followAction);

    auto menu = [this](const QString &name) {
        QMenu *created = menuBar()->addMenu(QString());
        created->setObjectName(name);
        return created;
    };
    m_fileMenu = menu(QStringLiteral("menuFile"));
    m_fileMenu->addAction(m_openAction);
    m_fileMenu->addAction(m_exportAction);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_runTaskFileAction);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_clearLogAction);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_quitAction);

    m_runMenu = menu(QStringLiteral("menuRun"));
    m_runMenu->addAction(m_runDemoAction);
    m_runMenu->addAction(m_cancelRunAction);
    m_runMenu->addSeparator();
    m_runMenu->addAction(m_parallelAction);
    m_runMenu->addSeparator();
    m_runMenu->addAction(m_attachAction);
    m_detachMenu = m_runMenu->addMenu(QString());
    m_detachMenu->setObjectName(QStringLiteral("menuDetachWorker"));
    connect(m_detachMenu, &QMenu::aboutToShow, this, [this] {
        m_detachMenu->clear();
        for (const QString &label : m_backend->attachedWorkers())
            m_detachMenu->addAction(label, this, [this, label] { m_backend->detach(label); });
    });
    // A menu with nothing to detach stays disabled.
    const auto updateDetach = [this] {
        m_detachMenu->setEnabled(!m_backend->attachedWorkers().isEmpty());
    };
    connect(m_backend, &ConsoleBackend::serviceHealthChanged, m_detachMenu, updateDetach);
    connect(m_backend, &ConsoleBackend::workerDetached, m_detachMenu, updateDetach);
    updateDetach();

    m_viewMenu = menu(QStringLiteral("menuView"));
    connect(m_viewMenu, &QMenu::aboutToShow, this, &MainWindow::populateViewMenu);
    populateViewMenu();

    m_languageMenu = menu(QStringLiteral("menuLanguage"));
    m_languageMenu->addActions(m_languageGroup->actions());

    m_toolsMenu = menu(QStringLiteral("menuTools"));
    m_toolsMenu->addAction(m_settingsAction);

    m_helpMenu = menu(QStringLiteral("menuHelp"));
    m_helpMenu->addAction(m_aboutAction);
    m_helpMenu->addAction(m_aboutQtAction);
}

void MainWindow::populateViewMenu()
{
    m_viewMenu->clear();
    m_viewMenu->addAction(m_followAction);
    m_viewMenu->addAction(m_searchAction);
    m_viewMenu->addAction(m_clearFilterAction);
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(m_filterBarAction);
    m_viewMenu->addAction(m_detailAction);
    m_viewMenu->addAction(m_toolBar->toggleViewAction());
    const QList<QDockWidget *> docks = findChildren<QDockWidget *>(Qt::FindDirectChildrenOnly);
    if (!docks.isEmpty())
        m_viewMenu->addSeparator();
    for (QDockWidget *dock : docks)
        m_viewMenu->addAction(dock->toggleViewAction());
}

void MainWindow::createStatusBar()
{
    m_noticeLabel = new QLabel(this);
    m_noticeLabel->setObjectName(QStringLiteral("statusNotice"));
    m_entriesLabel = new QLabel(this);
    m_entriesLabel->setObjectName(QStringLiteral("statusEntries"));
    m_shownLabel = new QLabel(this);
    m_shownLabel->setObjectName(QStringLiteral("statusShown"));
    m_filterTimeLabel = new QLabel(this);
    m_filterTimeLabel->setObjectName(QStringLiteral("statusFilterTime"));
    m_healthLabel = new QLabel(this);
    m_healthLabel->setObjectName(QStringLiteral("statusHealthServer"));
    m_sandboxLabel = new QLabel(this);
    m_sandboxLabel->setObjectName(QStringLiteral("statusSandbox"));
    statusBar()->addWidget(m_noticeLabel, 1);
    for (QLabel *label :
         {m_entriesLabel, m_shownLabel, m_filterTimeLabel, m_sandboxLabel, m_healthLabel})
        statusBar()->addPermanentWidget(label);
}

void MainWindow::connectBackend()
{
    connect(m_backend, &ConsoleBackend::notice, this, &MainWindow::showNotice);
    connect(m_backend, &ConsoleBackend::workerCertificateUntrusted, this,
            &MainWindow::askToTrustCertificate);
    connect(m_backend, &ConsoleBackend::healthServerChanged, this,
            [this](const QString &description, bool listening) {
                m_healthDescription = description;
                m_healthListening = listening;
                refreshStatus();
            });
}

void MainWindow::createPanels()
{
    auto *panels = new ConsolePanels(m_backend, this);
    m_panels = panels;
    // Cancel Run follows the runs as the runs panel shows them.
    RunsModel *runs = panels->runsModel();
    connect(runs, &RunsModel::rowsInserted, this, &MainWindow::updateRunActions);
    connect(runs, &RunsModel::rowsRemoved, this, &MainWindow::updateRunActions);
    connect(runs, &RunsModel::dataChanged, this, &MainWindow::updateRunActions);
    connect(runs, &RunsModel::modelReset, this, &MainWindow::updateRunActions);
    connect(panels, &ConsolePanels::runSelected, this, &MainWindow::filterToRun);
    // The latency charts follow the live calls to external services as the log reports them.
    connect(m_log->liveModel(), &LogTableModel::entriesAppended, panels,
            [this, panels](qsizetype first, qsizetype count, bool fromFile) {
                if (!fromFile)
                    panels->addServiceCalls(m_log->liveModel()->store(), first, count);
            });
    connect(this, &MainWindow::settingsApplied, panels, &ConsolePanels::refreshPrices);
}

void MainWindow::showNotice(const QString &text, bool isError)
{
    m_noticeLabel->setStyleSheet(isError ? QStringLiteral("color: #c0392b;") : QString());
    m_noticeLabel->setText(text);
    m_noticeTimer.start();
}

void MainWindow::refreshStatus()
{
    const QLocale locale;
    const LogTableModel *model = m_log->currentModel();
    m_entriesLabel->setText(tr("Entries: %1").arg(locale.toString(model->totalRowCount())));
    m_shownLabel->setText(tr("Shown: %1").arg(locale.toString(model->filteredRowCount())));
    m_filterTimeLabel->setText(
        tr("Last filter: %1 ms").arg(locale.toString(model->lastFilterMilliseconds())));
    m_filterTimeLabel->setVisible(m_log->hasAppliedFilter());
    if (m_healthDescription.isEmpty())
        m_healthLabel->setText(tr("Health server: starting…"));
    else if (m_healthListening)
        m_healthLabel->setText(tr("Health server: %1").arg(m_healthDescription));
    else
        m_healthLabel->setText(tr("Health server: not listening (%1)").arg(m_healthDescription));
    m_healthLabel->setStyleSheet(m_healthListening || m_healthDescription.isEmpty()
                                     ? QString()
                                     : QStringLiteral("color: #92400e;"));
}

void MainWindow::refreshSandboxStatus()
{
    const QJsonObject sandbox = sandboxStatus(m_backend->config());
    const bool confined = sandbox.value(QLatin1String("confined")).toBool();
    const bool off = sandbox.value(QLatin1String("mode")).toString() == QLatin1String("none");
    if (confined)
        m_sandboxLabel->setText(sandbox.value(QLatin1String("network")).toBool()
                                    ? tr("Sandbox: on (network allowed)")
                                    : tr("Sandbox: on"));
    else if (off)
        m_sandboxLabel->setText(tr("Sandbox: OFF"));
    else
        m_sandboxLabel->setText(tr("Sandbox: unavailable"));
    m_sandboxLabel->setToolTip(
        confined ? tr("Test commands run in a bubblewrap sandbox: only the workspace is writable, "
                      "no secret and no other file of this machine is visible.")
        : off    ? tr("sandbox.mode is none: test code written by the model runs with your rights.")
                 : tr("Runs fail at their tests: %1")
                    .arg(sandbox.value(QLatin1String("reason")).toString()));
    m_sandboxLabel->setStyleSheet(confined ? QString()
                                           : QStringLiteral("color: #c0392b; font-weight: bold;"));
}

std::optional<RunSnapshot> MainWindow::selectedRun() const
{
    if (m_selectedRunner.isEmpty() && m_selectedTask.isEmpty())
        return std::nullopt;
    std::optional<RunSnapshot> found;
    const RunsModel *runs = m_panels->runsModel();
    for (int row = 0; row < runs->rowCount(); ++row) {
        const RunSnapshot &run = runs->run(row);
        // Only this console's own runs can be cancelled from here, not an attached worker's.
        if (!isOpen(run) || run.source != QLatin1String("local") || run.taskId != m_selectedTask)
            continue;
        if (!m_selectedRunner.isEmpty() && run.runnerId != m_selectedRunner)
            continue;
        if (!found || run.queuedAtMs > found->queuedAtMs)
            found = run;
    }
    return found;
}

void MainWindow::updateRunActions()
{
    m_cancelRunAction->setEnabled(selectedRun().has_value());
}

void MainWindow::filterToRun(const QString &runnerId, const QString &taskId)
{
    m_selectedRunner = runnerId;
    m_selectedTask = taskId;
    m_log->filterBar()->setRunFilter(runnerId, taskId);
    updateRunActions();
}

void MainWindow::cancelSelectedRun()
{
    if (const std::optional<RunSnapshot> run = selectedRun())
        m_backend->cancelRun(run->runId);
}

void MainWindow::askParallelRunners()
{
    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(QStringLiteral("parallelRunnersDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setInputMode(QInputDialog::IntInput);
    dialog->setWindowTitle(tr("Parallel Runners"));
    dialog->setLabelText(tr("Runners working at the same time:"));
    dialog->setIntRange(1, 64);
    dialog->setIntValue(m_backend->parallelRunners());
    connect(dialog, &QInputDialog::intValueSelected, m_backend,
            &ConsoleBackend::setParallelRunners);
    dialog->open();
}

void MainWindow::askWorkerUrl()
{
    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(QStringLiteral("attachWorkerDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Attach to Worker"));
    dialog->setLabelText(tr("URL of a running 'necrocode-runner serve' (its health address):"));
    dialog->setTextValue(suggestedWorkerUrl());
    if (auto *edit = dialog->findChild<QLineEdit *>())
        edit->setPlaceholderText(QStringLiteral("http://worker-host:9464"));
    connect(dialog, &QInputDialog::textValueSelected, this, [this](const QString &text) {
        const QUrl url = QUrl::fromUserInput(text.trimmed());
        if (!url.isValid() || url.host().isEmpty() ||
            !url.scheme().startsWith(QLatin1String("http"))) {
            showNotice(tr("'%1' is not an http URL of a worker.").arg(text), true);
            return;
        }
        QSettings().setValue(QString::fromLatin1(kLastWorkerUrlSetting), url.toString());
        m_backend->attach(url);
    });
    dialog->open();
}

void MainWindow::askToTrustCertificate(const QUrl &workerUrl, const QString &fingerprint,
                                       const QString &problem)
{
    for (const auto *open : findChildren<CertificateTrustDialog *>())
        if (open->workerUrl() == workerUrl && open->fingerprint() == fingerprint)
            return;
    auto *dialog = new CertificateTrustDialog(workerUrl, fingerprint, problem, this);
    connect(dialog, &CertificateTrustDialog::trusted, m_backend,
            &ConsoleBackend::pinWorkerCertificate);
    dialog->open();
}

QString MainWindow::suggestedWorkerUrl() const
{
    // The worker attached last, unless that is this console's own health server (which the
    // console refuses to follow).
    const QUrl last(QSettings().value(QString::fromLatin1(kLastWorkerUrlSetting)).toString());
    if (!last.isValid() || last.host().isEmpty())
        return QString();
    const QUrl own(m_healthDescription);
    const auto isLoopback = [](const QUrl &url) {
        return QHostAddress(url.host()).isLoopback() || url.host() == QLatin1String("localhost");
    };
    if (m_healthListening && own.port() == last.port(80) &&
        (own.host() == last.host() || (isLoopback(own) && isLoopback(last))))
        return QString();
    return last.toString();
}

void MainWindow::chooseTaskFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Run Task File"), QString(),
                                                      tr("Task files (*.json);;All files (*)"));
    if (!path.isEmpty())
        m_backend->runTaskFile(path);
}

void MainWindow::openLogFiles(const QStringList &paths)
{
    m_log->tabs()->openFiles(paths);
}

void MainWindow::showSettings()
{
    if (m_settingsDialog) {
        m_settingsDialog->raise();
        m_settingsDialog->activateWindow();
        return;
    }
    RunnerConfig config = m_backend->config();
    config.llm.apiKey = m_apiKeys->apiKey().isEmpty() ? config.llm.apiKey : m_apiKeys->apiKey();
    const QString language = m_languages ? m_languages->language() : QStringLiteral("en");
    m_settingsDialog = new SettingsDialog(config, language, m_apiKeys->storage(), this);
    m_settingsDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_settingsDialog, &QDialog::accepted, this, &MainWindow::applySettings);
    m_settingsDialog->open();
}

void MainWindow::applySettings()
{
    if (!m_settingsDialog || !m_settingsDialog->isValid())
        return;
    QSettings settings;
    m_settingsDialog->save(settings, *m_apiKeys);
    const RunnerConfig config = m_settingsDialog->config();
    const RunnerConfig before = m_backend->config();
    // These are read once at start; everything else applies at once.
    const bool needsRestart =
        config.healthAddress != before.healthAddress || config.healthPort != before.healthPort ||
        config.logFile != before.logFile || config.logMaxBytes != before.logMaxBytes ||
        config.logBackups != before.logBackups;
    m_backend->applyConfig(config);
    refreshSandboxStatus();
    if (config.maxParallelRunners != m_backend->parallelRunners())
        m_backend->setParallelRunners(config.maxParallelRunners);
    switchLanguage(m_settingsDialog->language());
    showNotice(needsRestart ? tr("Settings applied. The health server address and the log file "
                                 "change when the console is started again.")
                            : tr("Settings applied: health checks and task intake use them now, "
                                 "runs from their next task on."),
               false);
    Q_EMIT settingsApplied();
}

void MainWindow::switchLanguage(const QString &code)
{
    if (!m_languages || !m_languages->setLanguage(code))
        return;
    QSettings().setValue(QString::fromLatin1(SettingsDialog::kLanguageSetting), code);
    for (QAction *action : m_languageGroup->actions())
        action->setChecked(action->data().toString() == code);
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About NecroCode Runner Console"),
        tr("<h3>NecroCode Runner Console %1</h3><p>Runs the NecroCode agent runner and shows it "
           "live: log entries, runs, LLM calls and the health of the services it uses.</p>")
            .arg(QCoreApplication::applicationVersion()));
}

bool MainWindow::saveScreenshot(const QString &path)
{
    return grab().save(path);
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray()))
        resize(kDefaultWidth, kDefaultHeight);
    m_needsDefaultDockSizes =
        !restoreState(settings.value(kStateKey).toByteArray(), kLayoutVersion);
    if (!m_log->splitter()->restoreState(settings.value(kSplitterKey).toByteArray()))
        m_log->splitter()->setSizes({kDefaultHeight * 2 / 3, kDefaultHeight / 3});
    m_log->liveView()->horizontalHeader()->restoreState(settings.value(kColumnsKey).toByteArray());
    for (const QString &name : kTablesWithSavedColumns)
        if (auto *table = findChild<QTableView *>(name))
            table->horizontalHeader()->restoreState(settings.value(columnsKey(name)).toByteArray());
    m_filterBarAction->setChecked(settings.value(kFilterBarKey, true).toBool());
    m_detailAction->setChecked(settings.value(kDetailKey, true).toBool());
}

QHash<Qt::DockWidgetArea, QList<QDockWidget *>> MainWindow::dockGroupsByArea() const
{
    QHash<Qt::DockWidgetArea, QList<QDockWidget *>> byArea;
    for (QDockWidget *dock : findChildren<QDockWidget *>(Qt::FindDirectChildrenOnly)) {
        if (dock->isFloating() || dock->isHidden())
            continue;
        QList<QDockWidget *> &docks = byArea[dockWidgetArea(dock)];
        const QList<QDockWidget *> tabbed = tabifiedDockWidgets(dock);
        const bool groupListed = std::any_of(docks.begin(), docks.end(), [&](QDockWidget *listed) {
            return tabbed.contains(listed);
        });
        if (!groupListed)
            docks.append(dock);
    }
    return byArea;
}

void MainWindow::applyDefaultDockSizes()
{
    sizeSideDocks(false);
    const QList<QDockWidget *> bottom = dockGroupsByArea().value(Qt::BottomDockWidgetArea);
    if (!bottom.isEmpty())
        resizeDocks(bottom, QList<int>(bottom.size(), height() * 24 / 100), Qt::Vertical);
}

void MainWindow::sizeSideDocks(bool onlyWhenLeftTooNarrow)
{
    // Texts changed a moment ago post layout requests level by level up to the window: let them
    // all arrive first, so that sizes and minimums are those of the new texts.
    for (int level = 0; level < 8; ++level)
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    const auto byArea = dockGroupsByArea();
    const QList<QDockWidget *> leftDocks = byArea.value(Qt::LeftDockWidgetArea);
    const QList<QDockWidget *> rightDocks = byArea.value(Qt::RightDockWidgetArea);
    // The log table keeps most of the window; the panels get a readable share around it.
    // The left docks (the health table) get room for their columns, within a quarter.
    int left = width() * 18 / 100;
    bool leftTooNarrow = false;
    for (QDockWidget *dock : leftDocks) {
        const int wanted = std::min(dock->sizeHint().width(), width() / 4);
        left = std::max(left, wanted);
        leftTooNarrow |= dock->width() < wanted;
    }
    if (onlyWhenLeftTooNarrow && !leftTooNarrow)
        return;
    if (!leftDocks.isEmpty())
        resizeDocks(leftDocks, QList<int>(leftDocks.size(), left), Qt::Horizontal);
    // The right docks (charts, inspector, playground) take what the log and the left docks
    // leave, up to 28 % and at least 22 % of the width.
    // Separators and dock frames: what the window's width holds besides the docks and the log.
    int overhead = width() - centralWidget()->width();
    if (!leftDocks.isEmpty())
        overhead -= leftDocks.front()->width();
    if (!rightDocks.isEmpty())
        overhead -= rightDocks.front()->width();
    const int leftOver = width() - left - centralWidget()->minimumSizeHint().width() - overhead;
    const int right = std::max(width() * 22 / 100, std::min(width() * 28 / 100, leftOver));
    if (!rightDocks.isEmpty() && (!onlyWhenLeftTooNarrow || rightDocks.front()->width() > right))
        resizeDocks(rightDocks, QList<int>(rightDocks.size(), right), Qt::Horizontal);
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (!m_needsDefaultDockSizes)
        return;
    m_needsDefaultDockSizes = false;
    QTimer::singleShot(0, this, &MainWindow::applyDefaultDockSizes);
}

void MainWindow::saveLayout()
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState(kLayoutVersion));
    settings.setValue(kSplitterKey, m_log->splitter()->saveState());
    settings.setValue(kColumnsKey, m_log->liveView()->horizontalHeader()->saveState());
    for (const QString &name : kTablesWithSavedColumns)
        if (const auto *table = findChild<QTableView *>(name))
            settings.setValue(columnsKey(name), table->horizontalHeader()->saveState());
    settings.setValue(kFilterBarKey, m_filterBarAction->isChecked());
    settings.setValue(kDetailKey, m_detailAction->isChecked());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        // After the docks' own widgets have taken the new texts.
        if (isVisible())
            QTimer::singleShot(0, this, [this] { sizeSideDocks(true); });
    }
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslateUi()
{
    setWindowTitle(tr("NecroCode Runner Console"));
    m_fileMenu->setTitle(tr("&File"));
    m_runMenu->setTitle(tr("&Run"));
    m_viewMenu->setTitle(tr("&View"));
    m_languageMenu->setTitle(tr("&Language"));
    m_toolsMenu->setTitle(tr("&Tools"));
    m_helpMenu->setTitle(tr("&Help"));
    m_toolBar->setWindowTitle(tr("Main Toolbar"));

    m_openAction->setText(tr("&Open Log…"));
    m_openAction->setIconText(tr("Open Log"));
    m_openAction->setToolTip(tr("Open a JSON Lines log file (%1)")
                                 .arg(m_openAction->shortcut().toString(QKeySequence::NativeText)));
    m_exportAction->setText(tr("&Export…"));
    m_exportAction->setIconText(tr("Export"));
    m_exportAction->setToolTip(tr("Export the entries the filter shows as JSON Lines or CSV"));
    m_runTaskFileAction->setText(tr("&Run Task File…"));
    m_clearLogAction->setText(tr("&Clear Log"));
    m_quitAction->setText(tr("&Quit"));
    m_runDemoAction->setText(tr("Run &Demo"));
    m_runDemoAction->setIconText(tr("Run Demo"));
    m_runDemoAction->setToolTip(tr("Queue every task of the demo task set (F5)"));
    m_cancelRunAction->setText(tr("&Cancel Selected Run"));
    m_cancelRunAction->setIconText(tr("Cancel Run"));
    m_cancelRunAction->setToolTip(tr("Cancel the run selected in the runs panel"));
    m_parallelAction->setText(tr("&Parallel Runners…"));
    m_attachAction->setText(tr("&Attach to Worker…"));
    m_detachMenu->setTitle(tr("&Detach from Worker"));
    m_attachAction->setToolTip(tr("Follow the logs, runs and health of a headless worker"));
    m_followAction->setText(tr("&Follow"));
    m_followAction->setIconText(tr("Follow"));
    m_followAction->setToolTip(tr("Keep the newest entry in view"));
    m_searchAction->setText(tr("&Search Messages"));
    m_clearFilterAction->setText(tr("C&lear Filter"));
    m_filterBarAction->setText(tr("Filter &Bar"));
    m_detailAction->setText(tr("Entry &Details"));
    m_settingsAction->setText(tr("&Settings…"));
    m_aboutAction->setText(tr("&About NecroCode Runner Console"));
    m_aboutQtAction->setText(tr("About &Qt"));
    m_toolBar->toggleViewAction()->setText(tr("&Toolbar"));
    refreshStatus();
    refreshSandboxStatus();
}

} // namespace necrocode
