#include "logview/LogTableModel.h"

#include "log/JsonLineFormatter.h"
#include "logstore/AnnouncedTask.h"
#include "logview/LogDisplayText.h"
#include "logview/LogLevelStyle.h"

#include <QFutureWatcher>

#include <algorithm>
#include <numeric>

namespace necrocode {

namespace {

constexpr qsizetype kMessageCellChars = 400;
// UTF-8 bytes decoded for a message cell: enough for kMessageCellChars UTF-16 units and more.
constexpr qsizetype kMessageCellBytes = 4 * kMessageCellChars;
constexpr qsizetype kToolTipChars = 2000;
constexpr int kLoadProgressIntervalMs = 50;

} // namespace

// The first row in [from, to) of each distinct value of the choice fields.
struct LogTableModel::FieldFirstRows
{
    std::array<std::vector<std::pair<quint32, qsizetype>>, kLogFieldCount> byField;
};

LogTableModel::FieldFirstRows LogTableModel::firstRowsOfValues(const LogStore &store,
                                                               qsizetype from, qsizetype to)
{
    FieldFirstRows found;
    std::array<std::vector<bool>, kLogFieldCount> seen;
    for (qsizetype row = from; row < to; ++row) {
        for (LogField field : kChoiceFields) {
            const quint32 id = store.fieldId(row, field);
            if (id == 0)
                continue;
            std::vector<bool> &seenIds = seen[fieldIndex(field)];
            if (id >= seenIds.size())
                seenIds.resize(std::max<std::size_t>(id + 1, seenIds.size() * 2), false);
            if (!seenIds[id]) {
                seenIds[id] = true;
                found.byField[fieldIndex(field)].emplace_back(id, row);
            }
        }
    }
    return found;
}

struct LogTableModel::LoadState
{
    std::shared_ptr<LogStore> store;
    qsizetype firstRow = 0;
    std::atomic_bool cancel{false};
    std::atomic<qint64> doneBytes{0};
    std::atomic<qint64> totalBytes{0};
    qint64 reportedBytes = -1; // GUI thread
};

struct LogTableModel::LoadOutcome
{
    std::shared_ptr<LoadState> state;
    JsonlLoadReport report;
    QString error;
    qsizetype endRow = 0;
    FieldFirstRows firstRows;
};

LogTableModel::LogTableModel(QObject *parent)
    : QAbstractTableModel(parent), m_store(std::make_shared<LogStore>())
{
    refreshLocale();
    m_loadPool.setMaxThreadCount(1);
    m_filter.reset(m_store);
    connectFilter();
    m_progressTimer.setInterval(kLoadProgressIntervalMs);
    connect(&m_progressTimer, &QTimer::timeout, this, &LogTableModel::pollLoadProgress);
}

LogTableModel::~LogTableModel()
{
    if (m_load)
        m_load->cancel.store(true);
}

void LogTableModel::followHub(const LogHub &hub)
{
    m_feed = std::make_unique<LogFeed>(hub, m_store);
    connect(m_feed.get(), &LogFeed::rowsAppended, this, &LogTableModel::showFedRows);
    showFedRows();
}

void LogTableModel::drainNow()
{
    if (!m_feed)
        return;
    m_feed->drainNow();
    showFedRows();
}

void LogTableModel::showFedRows()
{
    // While a file loads the store holds its rows too; they are shown when it is done.
    if (!m_load)
        publishStoreRows(m_store->size());
}

void LogTableModel::appendEntries(std::span<const LogEntry> entries)
{
    if (entries.empty())
        return;
    if (m_feed) {
        m_feed->append(entries); // the feed keeps them while a file loads
        showFedRows();
        return;
    }
    if (m_load) {
        m_heldWhileLoading.insert(m_heldWhileLoading.end(), entries.begin(), entries.end());
        return;
    }
    m_store->append(entries);
    publishStoreRows(m_store->size());
}

void LogTableModel::publishStoreRows(qsizetype end, const FieldFirstRows *loaded)
{
    const qsizetype first = m_storeRows;
    if (end <= first)
        return;
    noteFieldValues(loaded ? *loaded : firstRowsOfValues(*m_store, first, end));
    if (m_filtered) {
        m_storeRows = end;
        m_filter.extend(end);
    } else {
        beginInsertRows({}, int(first), int(end - 1));
        m_storeRows = end;
        endInsertRows();
    }
    Q_EMIT entriesAppended(first, end - first, loaded != nullptr);
}

void LogTableModel::noteFieldValues(const FieldFirstRows &found)
{
    QStringList added;
    for (LogField field : kChoiceFields) {
        added.clear();
        std::vector<bool> &seen = m_seenIds[fieldIndex(field)];
        for (const auto &[id, row] : found.byField[fieldIndex(field)]) {
            if (id >= seen.size())
                seen.resize(std::max<std::size_t>(id + 1, seen.size() * 2), false);
            if (seen[id])
                continue;
            seen[id] = true;
            added.append(m_store->field(row, field));
        }
        if (added.isEmpty())
            continue;
        QStringList &values = m_fieldValues[fieldIndex(field)];
        values.append(added);
        values.sort(Qt::CaseInsensitive);
        Q_EMIT fieldValuesAdded(field, added);
    }
}

void LogTableModel::clear()
{
    cancelLoad();
    m_load.reset();
    m_progressTimer.stop();
    m_heldWhileLoading.clear();
    beginResetModel();
    m_store = std::make_shared<LogStore>();
    if (m_feed) {
        m_feed->replaceStore(m_store);
        m_feed->resume();
    }
    m_storeRows = 0;
    m_filter.reset(m_store);
    m_filtered = m_filter.isApplied();
    for (std::vector<bool> &seen : m_seenIds)
        seen.clear();
    for (QStringList &values : m_fieldValues)
        values.clear();
    endResetModel();
}

int LogTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(filteredRowCount());
}

int LogTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

qsizetype LogTableModel::filteredRowCount() const
{
    return m_filtered ? qsizetype(m_filter.rows().size()) : m_storeRows;
}

qsizetype LogTableModel::storeRow(int viewRow) const
{
    return m_filtered ? qsizetype(m_filter.rows()[std::size_t(viewRow)]) : viewRow;
}

int LogTableModel::viewRow(qsizetype storeRow) const
{
    if (storeRow < 0 || storeRow >= m_storeRows)
        return -1;
    if (!m_filtered)
        return int(storeRow);
    const LogRowList &rows = m_filter.rows();
    const auto it = std::lower_bound(rows.begin(), rows.end(), quint32(storeRow));
    if (it == rows.end() || *it != quint32(storeRow))
        return -1;
    return int(it - rows.begin());
}

LogRowList LogTableModel::filteredStoreRows() const
{
    if (m_filtered)
        return m_filter.rows();
    LogRowList rows(static_cast<std::size_t>(m_storeRows));
    std::iota(rows.begin(), rows.end(), quint32(0));
    return rows;
}

QString LogTableModel::displayText(qsizetype row, int column) const
{
    const LogStore &store = *m_store;
    switch (column) {
    case TimeColumn:
        return formatLogTime(store.timestampMs(row), m_locale, m_timeFormat);
    case LevelColumn:
        return logLevelName(store.level(row));
    case RunnerColumn:
        return store.runnerId(row);
    case TaskColumn:
        return store.taskId(row);
    case SpecColumn:
        return store.specName(row);
    case LoggerColumn:
        return store.logger(row);
    case ServiceColumn:
        return store.service(row);
    case OperationColumn:
        return store.operation(row);
    case DurationColumn:
        return formatLogDuration(store.durationSeconds(row), m_locale);
    case MessageColumn: {
        const QByteArrayView utf8 = store.messageUtf8(row);
        return singleLineText(
            QString::fromUtf8(utf8.first(std::min(utf8.size(), kMessageCellBytes))),
            kMessageCellChars);
    }
    default:
        return {};
    }
}

QVariant LogTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const qsizetype row = storeRow(index.row());
    const int column = index.column();
    const LogLevel level = m_store->level(row);
    switch (role) {
    case Qt::DisplayRole:
        return displayText(row, column);
    case Qt::ToolTipRole:
        if (column == MessageColumn) {
            const QString message = m_store->message(row);
            return message.size() > kToolTipChars ? message.left(kToolTipChars) + QChar(0x2026)
                                                  : message;
        }
        if (column == TimeColumn)
            return QString::fromLatin1(
                formatIsoTimestamp(m_store->timestampMs(row), m_store->utcOffsetSeconds(row)));
        return {};
    case Qt::ForegroundRole:
        if (column == LevelColumn)
            return LogLevelStyle::of(level).text;
        return {};
    case Qt::BackgroundRole: {
        const LogLevelStyle &style = LogLevelStyle::of(level);
        const std::optional<QColor> &color = column == LevelColumn ? style.badge : style.rowTint;
        return color ? QVariant(*color) : QVariant();
    }
    case Qt::DecorationRole:
        if (column == LevelColumn)
            return LogLevelStyle::icon(level);
        return {};
    case Qt::TextAlignmentRole:
        if (column == DurationColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case StoreRowRole:
        return row;
    case LevelRole:
        return int(level);
    default:
        return {};
    }
}

QVariant LogTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case LevelColumn:
        return tr("Level");
    case RunnerColumn:
        return tr("Runner");
    case TaskColumn:
        return tr("Task");
    case SpecColumn:
        return tr("Spec");
    case LoggerColumn:
        return tr("Logger");
    case ServiceColumn:
        return tr("Service");
    case OperationColumn:
        return tr("Operation");
    case DurationColumn:
        return tr("Duration");
    case MessageColumn:
        return tr("Message");
    default:
        return {};
    }
}

void LogTableModel::setQuery(const LogQuery &query)
{
    if (!query.errorString().isEmpty() || query == m_requestedQuery)
        return;
    m_requestedQuery = query;
    m_filterClock.start();
    if (query == LogQuery{}) {
        beginResetModel();
        m_filtered = false;
        m_filter.clearQuery();
        endResetModel();
        m_lastFilterMs = m_filterClock.elapsed();
        Q_EMIT filterApplied(m_lastFilterMs);
        return;
    }
    m_filter.scan(query, m_storeRows);
}

bool LogTableModel::isFilterPending() const
{
    return m_filter.isPending() || (m_filtered && m_filter.scannedRows() < m_storeRows);
}

void LogTableModel::connectFilter()
{
    // A query's first rows replace the table; the rows found later are appended to it.
    connect(&m_filter, &LogFilter::aboutToReplaceRows, this, [this] { beginResetModel(); });
    connect(&m_filter, &LogFilter::rowsReplaced, this, [this] {
        m_filtered = true;
        endResetModel();
        m_lastFilterMs = m_filterClock.elapsed();
        Q_EMIT filterApplied(m_lastFilterMs);
    });
    connect(&m_filter, &LogFilter::aboutToAppendRows, this,
            [this](int first, int last) { beginInsertRows({}, first, last); });
    connect(&m_filter, &LogFilter::rowsAppended, this, [this] { endInsertRows(); });
}

QStringList LogTableModel::fieldValues(LogField field) const
{
    return m_fieldValues[fieldIndex(field)];
}

void LogTableModel::loadJsonl(const QStringList &files)
{
    if (m_load)
        return;
    auto state = std::make_shared<LoadState>();
    state->store = m_store;
    state->firstRow = m_storeRows;
    if (m_feed)
        m_feed->hold(); // the loader is the store's writer until it is done
    m_load = state;
    m_progressTimer.start();

    auto *watcher = new QFutureWatcher<LoadOutcome>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        onLoadDone(takeAnnouncedResult(watcher->future(), this));
    });
    watcher->setFuture(runAnnounced(&m_loadPool, this, [state, files] {
        JsonlLoader::Options options;
        options.cancel = &state->cancel;
        options.progress = [&state = *state](qint64 done, qint64 total) {
            state.doneBytes.store(done);
            state.totalBytes.store(total);
        };
        LoadOutcome outcome;
        outcome.state = state;
        Result<JsonlLoadReport> loaded = JsonlLoader(std::move(options)).load(files, *state->store);
        if (loaded)
            outcome.report = std::move(loaded).value();
        else
            outcome.error = loaded.errorMessage();
        outcome.endRow = state->store->size();
        outcome.firstRows = firstRowsOfValues(*state->store, state->firstRow, outcome.endRow);
        return outcome;
    }));
}

void LogTableModel::cancelLoad()
{
    if (m_load)
        m_load->cancel.store(true);
}

void LogTableModel::pollLoadProgress()
{
    if (!m_load)
        return;
    const qint64 done = m_load->doneBytes.load();
    if (done == m_load->reportedBytes)
        return;
    m_load->reportedBytes = done;
    Q_EMIT loadProgress(done, m_load->totalBytes.load());
}

void LogTableModel::onLoadDone(const LoadOutcome &outcome)
{
    if (outcome.state != m_load)
        return; // the table was cleared meanwhile
    m_load.reset();
    m_progressTimer.stop();
    if (outcome.state->store == m_store)
        publishStoreRows(outcome.endRow, &outcome.firstRows);
    if (m_feed) {
        m_feed->resume();
        showFedRows();
    }
    std::vector<LogEntry> held = std::move(m_heldWhileLoading);
    m_heldWhileLoading = {};
    appendEntries(held);
    Q_EMIT loadFinished(outcome.report, outcome.error);
}

void LogTableModel::refreshLocale()
{
    m_locale = QLocale();
    m_timeFormat = logTimeFormat(m_locale);
}

void LogTableModel::retranslate()
{
    refreshLocale();
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, TimeColumn), index(rowCount() - 1, DurationColumn),
                           {Qt::DisplayRole});
}

} // namespace necrocode
