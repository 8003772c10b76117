#include "logstore/LogFilter.h"

#include "logstore/AnnouncedTask.h"
#include "logstore/LogStore.h"

#include <QFutureWatcher>

namespace necrocode {

struct LogFilter::Outcome
{
    quint64 generation = 0;
    qsizetype to = 0;
    bool full = false;
    std::optional<LogRowList> rows; // nothing when cancelled
};

LogFilter::LogFilter(QObject *parent) : QObject(parent)
{
    m_pool.setMaxThreadCount(1);
}

LogFilter::~LogFilter()
{
    m_cancel->store(true);
    m_pool.waitForDone();
}

void LogFilter::reset(std::shared_ptr<const LogStore> store)
{
    cancel();
    m_store = std::move(store);
    m_rows = LogRowList();
    m_scannedRows = 0;
    m_knownRows = 0;
    m_applied = !(m_query == LogQuery{});
}

void LogFilter::cancel()
{
    ++m_generation;
    m_cancel->store(true);
    m_cancel = std::make_shared<std::atomic_bool>(false);
    m_scanPending = false;
    m_extendPending = false;
}

void LogFilter::clearQuery()
{
    cancel();
    m_query = LogQuery();
    m_rows = LogRowList();
    m_scannedRows = 0;
    m_applied = false;
}

void LogFilter::scan(const LogQuery &query, qsizetype knownRows)
{
    cancel();
    m_query = query;
    m_knownRows = knownRows;
    m_scanPending = true;
    start(0, knownRows, true);
}

void LogFilter::extend(qsizetype knownRows)
{
    m_knownRows = std::max(m_knownRows, knownRows);
    extendIfNeeded();
}

void LogFilter::extendIfNeeded()
{
    if (!m_applied || m_scanPending || m_extendPending || m_scannedRows >= m_knownRows)
        return;
    m_extendPending = true;
    start(m_scannedRows, m_knownRows, false);
}

void LogFilter::start(qsizetype from, qsizetype to, bool full)
{
    auto *watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        take(takeAnnouncedResult(watcher->future(), this));
    });
    watcher->setFuture(runAnnounced(&m_pool, this,
                                    [store = m_store, query = m_query, cancel = m_cancel,
                                     generation = m_generation, from, to, full] {
                                        return Outcome{generation, to, full,
                                                       LogQueryRunner::matchRange(
                                                           query, *store, from, to, cancel.get())};
                                    }));
}

void LogFilter::take(Outcome outcome)
{
    if (outcome.generation != m_generation || !outcome.rows)
        return;
    if (outcome.full) {
        m_scanPending = false;
        Q_EMIT aboutToReplaceRows();
        m_rows = std::move(*outcome.rows);
        m_scannedRows = outcome.to;
        m_applied = true;
        Q_EMIT rowsReplaced();
    } else {
        m_extendPending = false;
        const LogRowList &added = *outcome.rows;
        if (added.empty()) {
            m_scannedRows = outcome.to;
        } else {
            const int first = int(m_rows.size());
            Q_EMIT aboutToAppendRows(first, first + int(added.size()) - 1);
            m_rows.insert(m_rows.end(), added.begin(), added.end());
            m_scannedRows = outcome.to;
            Q_EMIT rowsAppended();
        }
    }
    extendIfNeeded();
}

} // namespace necrocode
