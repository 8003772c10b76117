#include "logview/LogPanel.h"

#include "logview/LogDetailPane.h"
#include "logview/LogFilterBar.h"
#include "logview/LogTableModel.h"
#include "logview/LogTabs.h"
#include "logview/LogView.h"

#include <QItemSelectionModel>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>

namespace necrocode {

LogPanel::LogPanel(QWidget *parent)
    : QWidget(parent), m_liveModel(new LogTableModel(this)), m_liveView(new LogView),
      m_filterBar(new LogFilterBar), m_detail(new LogDetailPane),
      m_splitter(new QSplitter(Qt::Vertical))
{
    m_liveView->setLogModel(m_liveModel);
    m_tabs = new LogTabs(m_liveView);
    m_splitter->setObjectName(QStringLiteral("logSplitter"));
    m_splitter->addWidget(m_tabs);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_filterBar);
    layout->addWidget(m_splitter, 1);

    connect(m_filterBar, &LogFilterBar::queryChanged, this, [this](const LogQuery &query) {
        m_query = query;
        currentModel()->setQuery(query);
        currentView()->setSearch(query);
    });
    connect(m_filterBar, &LogFilterBar::resultsFocusRequested, this, &LogPanel::focusResults);
    connectView(m_liveView);
    connect(m_tabs, &LogTabs::viewAdded, this, &LogPanel::connectView);
    connect(m_tabs, &LogTabs::currentViewChanged, this, &LogPanel::showCurrentView);
    connect(m_tabs, &LogTabs::notice, this, &LogPanel::notice);
    m_filterBar->chainTabOrder(m_liveView);
}

void LogPanel::followHub(const LogHub &hub)
{
    m_liveModel->followHub(hub);
}

LogView *LogPanel::currentView() const
{
    LogView *view = m_tabs->currentView();
    return view ? view : m_liveView;
}

LogTableModel *LogPanel::currentModel() const
{
    return currentView()->logModel();
}

void LogPanel::connectView(LogView *view)
{
    LogTableModel *model = view->logModel();
    connect(model, &LogTableModel::fieldValuesAdded, m_filterBar, &LogFilterBar::addFieldValues);
    connect(view, &LogView::currentEntryChanged, this, [this, view](qsizetype row) {
        if (view != currentView())
            return;
        if (row >= 0)
            m_detail->showEntry(view->logModel()->store().entry(row));
        else
            m_detail->clearEntry();
    });
    connect(view, &LogView::notice, this, &LogPanel::notice);
    connect(view, &LogView::clearFilterRequested, m_filterBar, &LogFilterBar::clear);
    connect(view, &LogView::followingChanged, this, [this, view](bool following) {
        if (view == currentView())
            Q_EMIT followingChanged(following);
    });
    connect(model, &LogTableModel::filterApplied, this, [this, view] {
        if (view != currentView())
            return;
        m_filterApplied = true;
        Q_EMIT statusChanged();
    });
}

void LogPanel::showCurrentView()
{
    // The filter bar describes what the shown table filters.
    LogView *view = currentView();
    view->logModel()->setQuery(m_query);
    view->setSearch(m_query);
    m_filterBar->chainTabOrder(view);
    Q_EMIT followingChanged(view->isFollowing());
    const qsizetype row = view->currentStoreRow();
    if (row >= 0)
        m_detail->showEntry(view->logModel()->store().entry(row));
    else
        m_detail->clearEntry();
    Q_EMIT statusChanged();
}

void LogPanel::focusResults()
{
    LogView *view = currentView();
    view->setFocus(Qt::ShortcutFocusReason);
    LogTableModel *model = view->logModel();
    if (view->currentIndex().isValid() || model->rowCount() == 0)
        return;
    // Following: the newest entry; paused: the first row in sight.
    const int row = view->isFollowing() ? model->rowCount() - 1 : std::max(0, view->rowAt(0));
    view->selectionModel()->setCurrentIndex(
        model->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

} // namespace necrocode
