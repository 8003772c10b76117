// The rows of a growing LogStore that match a LogQuery, found on a worker thread: scan() looks
// at every row the owner knows (abandoning a scan in progress), extend() at the rows appended
// since, in order, once the scan is done. The owner (a table model) hears before and after the
// rows change, in the thread the filter lives in. Nothing runs after cancel() or a new scan.
#pragma once

#include "logstore/LogQuery.h"
#include "logstore/LogQueryRunner.h"

#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <memory>

namespace necrocode {

class LogStore;

class LogFilter : public QObject
{
    Q_OBJECT

public:
    explicit LogFilter(QObject *parent = nullptr);
    ~LogFilter() override; // abandons what runs and waits for it

    // Forgets the rows and any scan in progress; from now on the filter reads `store`. With a
    // query set, the (empty) rows count as applied, so that extend() follows the new store.
    void reset(std::shared_ptr<const LogStore> store);
    // Looks for `query` in rows [0, knownRows) of the store; rowsReplaced follows.
    void scan(const LogQuery &query, qsizetype knownRows);
    // The owner knows `knownRows` rows now: those not scanned yet are, once a scan has applied.
    void extend(qsizetype knownRows);
    // Abandons the scan in progress; the rows stay as they are.
    void cancel();
    // No query any more: no rows, nothing applied.
    void clearQuery();

    const LogQuery &query() const { return m_query; }
    // A scan has applied (or reset() under a query): rows() are the matches of query().
    bool isApplied() const { return m_applied; }
    bool isPending() const { return m_scanPending || m_extendPending; }
    const LogRowList &rows() const { return m_rows; }
    qsizetype scannedRows() const { return m_scannedRows; }

Q_SIGNALS:
    void aboutToReplaceRows();
    void rowsReplaced();
    void aboutToAppendRows(int first, int last);
    void rowsAppended();

private:
    struct Outcome;

    void start(qsizetype from, qsizetype to, bool full);
    void take(Outcome outcome);
    void extendIfNeeded();

    std::shared_ptr<const LogStore> m_store;
    LogQuery m_query;
    LogRowList m_rows;
    qsizetype m_scannedRows = 0;
    qsizetype m_knownRows = 0;
    bool m_applied = false;
    bool m_scanPending = false;
    bool m_extendPending = false;
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic_bool> m_cancel = std::make_shared<std::atomic_bool>(false);
    // One job at a time on a pool of its own: a job waits for the parallel scan it hands to the
    // global pool, and two such jobs inside the global pool could occupy every thread it has.
    QThreadPool m_pool;
};

} // namespace necrocode
