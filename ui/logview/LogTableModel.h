// The console's log table: the rows of a LogStore that a LogFeed fills from a LogHub on a thread
// of its own, published to the view in batches (one beginInsertRows per batch) and shown through
// a LogFilter whose matching rows are computed on worker threads and extended as entries keep
// arriving. No proxy model.
#pragma once

#include "log/LogHub.h"
#include "logstore/JsonlLoader.h"
#include "logstore/LogFeed.h"
#include "logstore/LogFilter.h"
#include "logstore/LogQuery.h"
#include "logstore/LogQueryRunner.h"
#include "logstore/LogStore.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QLocale>
#include <QThreadPool>
#include <QTimer>

#include <array>
#include <memory>
#include <span>
#include <vector>

namespace necrocode {

class LogTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TimeColumn,
        LevelColumn,
        RunnerColumn,
        TaskColumn,
        SpecColumn,
        LoggerColumn,
        ServiceColumn,
        OperationColumn,
        DurationColumn,
        MessageColumn,
        ColumnCount
    };
    enum Role { StoreRowRole = Qt::UserRole + 1, LevelRole };

    // The fields whose values the filter bar offers.
    static constexpr std::array<LogField, 4> kChoiceFields = {
        LogField::RunnerId, LogField::TaskId, LogField::SpecName, LogField::Service};

    explicit LogTableModel(QObject *parent = nullptr);
    ~LogTableModel() override;

    // Shows every entry `hub` still holds and then what it receives, drained every 50 ms by a
    // LogFeed on its own thread.
    void followHub(const LogHub &hub);
    // Takes what the hub holds now and shows it.
    void drainNow();
    // Appends entries as one batch.
    void appendEntries(std::span<const LogEntry> entries);
    // Forgets every entry; a load in progress is abandoned.
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const LogStore &store() const { return *m_store; }
    std::shared_ptr<const LogStore> sharedStore() const { return m_store; }
    // Entries in the table, shown or not.
    qsizetype totalRowCount() const { return m_storeRows; }
    // Entries the current filter shows (the row count).
    qsizetype filteredRowCount() const;
    qsizetype storeRow(int viewRow) const;
    // The view row showing `storeRow`, or -1 when the filter hides it.
    int viewRow(qsizetype storeRow) const;
    // The store rows shown, in order.
    LogRowList filteredStoreRows() const;

    // The query last asked for; the rows follow once its filter has run.
    const LogQuery &query() const { return m_requestedQuery; }
    // Ignored while the query has an error (an invalid regular expression).
    void setQuery(const LogQuery &query);
    // True while a filter or an extension for new rows is still running.
    bool isFilterPending() const;
    qint64 lastFilterMilliseconds() const { return m_lastFilterMs; }

    // Values of a choice field seen so far, sorted.
    QStringList fieldValues(LogField field) const;
    // Entries the hub dropped because the table fell behind.
    quint64 missedEntries() const { return m_feed ? m_feed->missedEntries() : 0; }

    // Appends the entries of JSONL files on a worker thread; live entries drained meanwhile are
    // appended after them. Progress and the outcome arrive as signals.
    void loadJsonl(const QStringList &files);
    void cancelLoad();
    bool isLoading() const { return m_load != nullptr; }

    // Refreshes header titles and locale-dependent cells after a language change.
    void retranslate();

Q_SIGNALS:
    // A new query's rows are shown; `milliseconds` from the request to the rows in the table.
    void filterApplied(qint64 milliseconds);
    // Rows [firstRow, firstRow + count) of the store were added, from a loaded file or live.
    void entriesAppended(qsizetype firstRow, qsizetype count, bool fromFile);
    void fieldValuesAdded(necrocode::LogField field, const QStringList &values);
    void loadProgress(qint64 doneBytes, qint64 totalBytes);
    // `errorMessage` is empty unless the files could not be read at all.
    void loadFinished(const necrocode::JsonlLoadReport &report, const QString &errorMessage);

private:
    struct LoadState;
    struct LoadOutcome;
    struct FieldFirstRows;

    bool isFiltered() const { return m_filtered; }
    QString displayText(qsizetype row, int column) const;
    void showFedRows();
    // Shows store rows up to `end`: live entries, or a loaded file's with the field values the
    // loader collected (`loaded`).
    void publishStoreRows(qsizetype end, const FieldFirstRows *loaded = nullptr);
    void noteFieldValues(const FieldFirstRows &found);
    static FieldFirstRows firstRowsOfValues(const LogStore &store, qsizetype from, qsizetype to);
    void connectFilter();
    void onLoadDone(const LoadOutcome &outcome);
    void pollLoadProgress();
    void refreshLocale();

    std::shared_ptr<LogStore> m_store;
    qsizetype m_storeRows = 0; // store rows the table knows (the writer may be ahead)
    std::unique_ptr<LogFeed> m_feed;
    QTimer m_progressTimer;

    LogQuery m_requestedQuery;
    bool m_filtered = false; // the rows shown are m_filter's
    LogFilter m_filter;
    QElapsedTimer m_filterClock;
    qint64 m_lastFilterMs = 0;

    std::array<std::vector<bool>, kLogFieldCount> m_seenIds;
    std::array<QStringList, kLogFieldCount> m_fieldValues;

    std::shared_ptr<LoadState> m_load;
    std::vector<LogEntry> m_heldWhileLoading;

    QLocale m_locale;
    QString m_timeFormat;

    // Loads wait for work they hand to the global thread pool (the loader's threads), so they
    // run on a pool of their own, one at a time.
    QThreadPool m_loadPool;
};

} // namespace necrocode
