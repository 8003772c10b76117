// The console's log panel, its central widget: the filter bar over the log tabs (the live
// session and every opened file) and the detail pane of the entry selected in the tab shown.
// The filter bar, the detail pane and the follow state always describe the tab shown.
#pragma once

#include "logstore/LogQuery.h"

#include <QWidget>

class QSplitter;

namespace necrocode {

class LogDetailPane;
class LogFilterBar;
class LogHub;
class LogTableModel;
class LogTabs;
class LogView;

class LogPanel : public QWidget
{
    Q_OBJECT

public:
    explicit LogPanel(QWidget *parent = nullptr);

    // Shows every entry `hub` still holds in the live session's tab, then what it receives.
    void followHub(const LogHub &hub);

    LogTableModel *liveModel() const { return m_liveModel; }
    LogView *liveView() const { return m_liveView; }
    LogTabs *tabs() const { return m_tabs; }
    LogFilterBar *filterBar() const { return m_filterBar; }
    LogDetailPane *detailPane() const { return m_detail; }
    QSplitter *splitter() const { return m_splitter; }
    // The tab shown, and its table.
    LogView *currentView() const;
    LogTableModel *currentModel() const;
    // A filter has been applied in the tab shown since the console started.
    bool hasAppliedFilter() const { return m_filterApplied; }

public Q_SLOTS:
    // Moves the keyboard to the table shown and selects a row when none is: the newest entry
    // when following, else the first row in sight.
    void focusResults();

Q_SIGNALS:
    void notice(const QString &text, bool isError);
    // Following state of the tab shown (also when another tab is shown).
    void followingChanged(bool following);
    // Another tab is shown, or the shown tab's filter was applied: counts to refresh.
    void statusChanged();

private:
    // Wires a log view (the live one or a file's) to the detail pane and the filter bar.
    void connectView(LogView *view);
    void showCurrentView();

    LogTableModel *m_liveModel;
    LogView *m_liveView;
    LogFilterBar *m_filterBar;
    LogDetailPane *m_detail;
    QSplitter *m_splitter;
    LogTabs *m_tabs;
    LogQuery m_query;
    bool m_filterApplied = false;
};

} // namespace necrocode
