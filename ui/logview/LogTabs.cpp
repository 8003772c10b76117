#include "logview/LogTabs.h"

#include "logview/LogTableModel.h"
#include "logview/LogView.h"

#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QStyle>
#include <QTabBar>

#include <algorithm>

namespace necrocode {

namespace {

const char *const kFilesProperty = "necrocodeLogFiles";

} // namespace

LogTabs::LogTabs(LogView *liveView, QWidget *parent) : QTabWidget(parent), m_liveView(liveView)
{
    setObjectName(QStringLiteral("logTabs"));
    setDocumentMode(true);
    setTabsClosable(true);
    setTabBarAutoHide(true);
    setMovable(false);
    // Tab goes from the filter bar straight into the table shown.
    setFocusPolicy(Qt::NoFocus);
    addTab(m_liveView, QString());
    // The live session stays: its tab has no close button.
    const auto side = static_cast<QTabBar::ButtonPosition>(
        style()->styleHint(QStyle::SH_TabBar_CloseButtonPosition, nullptr, tabBar()));
    if (QWidget *button = tabBar()->tabButton(0, side)) {
        tabBar()->setTabButton(0, side, nullptr);
        button->deleteLater();
    }
    connect(this, &QTabWidget::tabCloseRequested, this, &LogTabs::closeFileTab);
    connect(this, &QTabWidget::currentChanged, this,
            [this] { Q_EMIT currentViewChanged(currentView()); });
    retranslateUi();
}

LogView *LogTabs::currentView() const
{
    return qobject_cast<LogView *>(currentWidget());
}

LogTableModel *LogTabs::currentModel() const
{
    const LogView *view = currentView();
    return view ? view->logModel() : nullptr;
}

QList<LogView *> LogTabs::views() const
{
    QList<LogView *> all;
    for (int i = 0; i < count(); ++i) {
        if (auto *view = qobject_cast<LogView *>(widget(i)))
            all.append(view);
    }
    return all;
}

QStringList LogTabs::fileKey(const QStringList &paths)
{
    QStringList key;
    for (const QString &path : paths) {
        const QFileInfo info(path);
        const QString canonical = info.canonicalFilePath();
        key.append(canonical.isEmpty() ? info.absoluteFilePath() : canonical);
    }
    std::sort(key.begin(), key.end());
    key.resize(std::unique(key.begin(), key.end()) - key.begin());
    return key;
}

LogView *LogTabs::viewOfFiles(const QStringList &paths) const
{
    const QStringList key = fileKey(paths);
    for (LogView *view : views()) {
        if (view->property(kFilesProperty).toStringList() == key)
            return view;
    }
    return nullptr;
}

void LogTabs::openFiles(const QStringList &paths)
{
    if (paths.isEmpty())
        return;
    if (LogView *open = viewOfFiles(paths)) {
        setCurrentWidget(open);
        Q_EMIT notice(tr("%1 is already open.").arg(tabText(indexOf(open))), false);
        return;
    }
    const QStringList key = fileKey(paths);
    auto *view = new LogView;
    view->setProperty(kFilesProperty, key);
    view->setLogModel(new LogTableModel(view));
    view->horizontalHeader()->restoreState(m_liveView->horizontalHeader()->saveState());
    const QString name = QFileInfo(key.constFirst()).fileName() +
                         (key.size() > 1 ? QStringLiteral(" +%1").arg(key.size() - 1) : QString());
    QStringList shown;
    for (const QString &path : key)
        shown.append(QDir::toNativeSeparators(path));
    const int index = addTab(view, name);
    setTabToolTip(index, shown.join(QLatin1Char('\n')));
    // A file that could not be read leaves no empty tab behind.
    connect(view, &LogView::loadReported, this,
            [this, view](const QString &, const QString &, bool isError) {
                if (isError && view->logModel()->totalRowCount() == 0)
                    closeFileTab(indexOf(view));
            });
    Q_EMIT viewAdded(view);
    setCurrentIndex(index);
    view->loadLogFiles(paths);
}

void LogTabs::askAndOpenFiles()
{
    const QStringList paths = QFileDialog::getOpenFileNames(
        this, tr("Open Log"), QDir::homePath(),
        tr("JSON Lines logs (*.jsonl *.json *.log *.gz);;All files (*)"));
    openFiles(paths);
}

void LogTabs::closeFileTab(int index)
{
    QWidget *page = widget(index);
    if (!page || page == m_liveView)
        return;
    removeTab(index);
    page->deleteLater();
}

void LogTabs::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QTabWidget::changeEvent(event);
}

void LogTabs::retranslateUi()
{
    setTabText(0, tr("Live session"));
    setTabToolTip(0, tr("What the runners and attached workers log now"));
}

} // namespace necrocode
