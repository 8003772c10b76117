// The log table: fixed-height rows and elided cells over a LogTableModel, follow mode (scrolls
// with new entries only while the view is at the bottom; a banner shows when it is paused),
// copy as JSON lines, export of the filtered rows and opening JSONL files in the background.
// Home/End move the current row; the current row is framed while the table has the focus; a
// filter that matches nothing says so, with a button that clears it.
#pragma once

#include "logstore/LogQuery.h"
#include "logview/LogExporter.h"
#include "logview/LogTableModel.h"

#include <QPointer>
#include <QTableView>

#include <array>

class QProgressDialog;

namespace necrocode {

class LogFollowBanner;
class LogNoMatchNotice;
class LogMatchDelegate;

class LogView : public QTableView
{
    Q_OBJECT

public:
    // Copying formats on the GUI thread; larger selections are for Export.
    static constexpr qsizetype kMaxCopiedRows = 10000;
    // Shown again from the column header's context menu; the message column stays.
    static constexpr std::array<int, 3> kColumnsHiddenByDefault = {
        LogTableModel::SpecColumn, LogTableModel::LoggerColumn, LogTableModel::OperationColumn};

    explicit LogView(QWidget *parent = nullptr);

    void setLogModel(LogTableModel *model);
    LogTableModel *logModel() const { return m_model; }

    bool isFollowing() const { return m_following; }
    qsizetype newEntriesWhilePaused() const { return m_newEntries; }
    LogFollowBanner *followBanner() const { return m_banner; }
    LogNoMatchNotice *noMatchNotice() const { return m_noMatch; }
    LogMatchDelegate *matchDelegate() const { return m_delegate; }

    // Highlights the query's search text in the message column.
    void setSearch(const LogQuery &query);

    // The store row of the current row, or -1.
    qsizetype currentStoreRow() const;
    // The selected entries as JSON lines, in table order (at most kMaxCopiedRows).
    QByteArray selectedRowsAsJsonLines() const;

public Q_SLOTS:
    void setFollowing(bool follow);
    void jumpToLatest();
    void copySelection();
    // Asks for a file, then exports the rows the filter shows.
    void exportFiltered();
    void exportTo(const QString &path, necrocode::LogExportFormat format);
    // Loads JSONL files into this view's model with a progress dialog.
    void loadLogFiles(const QStringList &paths);

Q_SIGNALS:
    void followingChanged(bool following);
    // -1 when no row is current.
    void currentEntryChanged(qsizetype storeRow);
    void exportFinished(const necrocode::LogExportOutcome &outcome);
    // A load ended: a one-line summary; `details` lists skipped lines or the error.
    void loadReported(const QString &summary, const QString &details, bool isError);
    void notice(const QString &text, bool isError);
    // The "nothing matches" notice's button.
    void clearFilterRequested();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    void updateGeometries() override;

private:
    void onScrollRangeChanged(int minimum, int maximum);
    void onScrollValueChanged(int value);
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onModelAboutToBeReset();
    void onModelReset();
    void onLoadFinished(const JsonlLoadReport &report, const QString &errorMessage);
    void updateFollowing(bool following);
    void scrollToLatest();
    void placeBanner();
    void updateNoMatchNotice();
    void applyDefaultColumnWidths();
    void showColumnMenu(const QPoint &position);

    LogTableModel *m_model = nullptr;
    LogMatchDelegate *m_delegate;
    LogFollowBanner *m_banner;
    LogNoMatchNotice *m_noMatch;
    bool m_following = true;
    bool m_scrollingItself = false;
    qsizetype m_newEntries = 0;
    qsizetype m_storeRowBeforeReset = -1;
    QPointer<QProgressDialog> m_loadDialog;
    QStringList m_loadingPaths;
};

} // namespace necrocode
