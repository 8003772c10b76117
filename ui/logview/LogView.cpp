#include "logview/LogView.h"
#include "common/ElidedTextToolTip.h"

#include "log/JsonLineFormatter.h"
#include "logstore/AnnouncedTask.h"
#include "logview/LogDisplayText.h"
#include "logview/LogFollowBanner.h"
#include "logview/LogMatchDelegate.h"
#include "logview/LogNoMatchNotice.h"
#include "logview/LogTableModel.h"

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QKeyEvent>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPainter>
#include <QProgressDialog>
#include <QScopedValueRollback>
#include <QScrollBar>
#include <QTimer>

#include <algorithm>

namespace necrocode {

namespace {

constexpr int kBannerMargin = 3;
constexpr int kProgressSteps = 1000;
constexpr int kShownBadLines = 10;

constexpr int kCellPadding = 18;
constexpr int kMessageChars = 60;

// A typical value of each column but the message, to size it for.
QString sampleText(int column)
{
    switch (column) {
    case LogTableModel::TimeColumn: {
        const QLocale locale;
        return locale.toString(QDateTime(QDate(2026, 12, 28), QTime(22, 58, 58, 888)),
                               logTimeFormat(locale));
    }
    case LogTableModel::RunnerColumn:
        return QStringLiteral("runner-10");
    case LogTableModel::TaskColumn:
        return QStringLiteral("10.10");
    case LogTableModel::SpecColumn:
        return QStringLiteral("demo-calculator");
    case LogTableModel::LoggerColumn:
        return QStringLiteral("necrocode.runner.orchestrator");
    case LogTableModel::ServiceColumn:
        return QStringLiteral("artifact_store");
    case LogTableModel::OperationColumn:
        return QStringLiteral("allocate_slot");
    case LogTableModel::DurationColumn:
        return QStringLiteral("88.88 s");
    default:
        return {};
    }
}

} // namespace

LogView::LogView(QWidget *parent)
    : QTableView(parent), m_delegate(new LogMatchDelegate(this)),
      m_banner(new LogFollowBanner(this)), m_noMatch(new LogNoMatchNotice(viewport()))
{
    setObjectName(QStringLiteral("logView"));
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setWordWrap(false);
    setTextElideMode(Qt::ElideRight);
    setShowGrid(false);
    setAlternatingRowColors(true);
    setCornerButtonEnabled(false);
    setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    setVerticalScrollMode(QAbstractItemView::ScrollPerItem);
    setTabKeyNavigation(false);
    ElidedTextToolTip::install(this);

    QHeaderView *rows = verticalHeader();
    rows->setVisible(false);
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setMinimumSectionSize(fontMetrics().height() + 2);
    rows->setDefaultSectionSize(fontMetrics().height() + 6);

    QHeaderView *columns = horizontalHeader();
    columns->setSectionResizeMode(QHeaderView::Interactive);
    columns->setStretchLastSection(true);
    columns->setHighlightSections(false);
    columns->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    columns->setObjectName(QStringLiteral("logViewColumns"));
    columns->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(columns, &QHeaderView::customContextMenuRequested, this, &LogView::showColumnMenu);

    m_banner->hide();
    connect(m_banner, &LogFollowBanner::jumpRequested, this, &LogView::jumpToLatest);
    m_noMatch->hide();
    connect(m_noMatch, &LogNoMatchNotice::clearFilterRequested, this,
            &LogView::clearFilterRequested);
    connect(verticalScrollBar(), &QScrollBar::rangeChanged, this, &LogView::onScrollRangeChanged);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, &LogView::onScrollValueChanged);
}

void LogView::setLogModel(LogTableModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    setModel(model);
    setItemDelegateForColumn(LogTableModel::MessageColumn, m_delegate);
    applyDefaultColumnWidths();
    if (!model)
        return;
    connect(model, &QAbstractItemModel::rowsInserted, this, &LogView::onRowsInserted);
    connect(model, &QAbstractItemModel::modelAboutToBeReset, this, &LogView::onModelAboutToBeReset);
    connect(model, &QAbstractItemModel::modelReset, this, &LogView::onModelReset);
    connect(model, &LogTableModel::loadProgress, this, [this](qint64 done, qint64 total) {
        if (m_loadDialog && total > 0)
            m_loadDialog->setValue(int(done * kProgressSteps / total));
    });
    connect(model, &LogTableModel::loadFinished, this, &LogView::onLoadFinished);
    connect(model, &QAbstractItemModel::modelReset, this, &LogView::updateNoMatchNotice);
    connect(model, &QAbstractItemModel::rowsInserted, this, &LogView::updateNoMatchNotice);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &LogView::updateNoMatchNotice);
    connect(model, &LogTableModel::filterApplied, this, &LogView::updateNoMatchNotice);
    connect(selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { Q_EMIT currentEntryChanged(currentStoreRow()); });
}

void LogView::applyDefaultColumnWidths()
{
    QHeaderView *header = horizontalHeader();
    for (int column = 0; column < LogTableModel::MessageColumn; ++column) {
        int text = fontMetrics().horizontalAdvance(sampleText(column));
        for (int level = 0; column == LogTableModel::LevelColumn && level < kLogLevelCount; ++level)
            text = std::max(
                text, fontMetrics().horizontalAdvance(logLevelName(static_cast<LogLevel>(level))));
        const int icon = column == LogTableModel::LevelColumn
                             ? style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this) + 8
                             : 0;
        header->resizeSection(column, text + icon + kCellPadding);
    }
    header->resizeSection(LogTableModel::MessageColumn,
                          kMessageChars * fontMetrics().averageCharWidth());
    for (int column : kColumnsHiddenByDefault)
        header->setSectionHidden(column, true);
}

void LogView::showColumnMenu(const QPoint &position)
{
    if (!m_model)
        return;
    QMenu menu(this);
    for (int column = 0; column < LogTableModel::ColumnCount; ++column) {
        QAction *action = menu.addAction(m_model->headerData(column, Qt::Horizontal).toString());
        action->setCheckable(true);
        action->setChecked(!horizontalHeader()->isSectionHidden(column));
        action->setEnabled(column != LogTableModel::MessageColumn);
        connect(action, &QAction::toggled, this, [this, column](bool shown) {
            horizontalHeader()->setSectionHidden(column, !shown);
        });
    }
    menu.exec(horizontalHeader()->viewport()->mapToGlobal(position));
}

void LogView::setSearch(const LogQuery &query)
{
    m_delegate->setSearch(query);
    viewport()->update();
}

qsizetype LogView::currentStoreRow() const
{
    const QModelIndex current = currentIndex();
    if (!m_model || !current.isValid())
        return -1;
    return m_model->storeRow(current.row());
}

void LogView::setFollowing(bool follow)
{
    if (follow)
        jumpToLatest();
    else
        updateFollowing(false);
}

void LogView::jumpToLatest()
{
    m_newEntries = 0;
    updateFollowing(true);
    scrollToLatest();
}

void LogView::scrollToLatest()
{
    const QScopedValueRollback guard(m_scrollingItself, true);
    verticalScrollBar()->setValue(verticalScrollBar()->maximum());
}

void LogView::updateFollowing(bool following)
{
    if (following)
        m_newEntries = 0;
    const bool changed = following != m_following;
    // Set first: making room for the banner resizes the viewport, which must not scroll.
    m_following = following;
    m_banner->setNewEntries(m_newEntries);
    m_banner->setVisible(!following);
    placeBanner();
    if (changed)
        Q_EMIT followingChanged(following);
}

void LogView::onScrollRangeChanged(int, int maximum)
{
    if (!m_following || verticalScrollBar()->value() == maximum)
        return;
    scrollToLatest();
}

void LogView::onScrollValueChanged(int value)
{
    if (m_scrollingItself)
        return;
    updateFollowing(value >= verticalScrollBar()->maximum());
}

void LogView::onRowsInserted(const QModelIndex &, int first, int last)
{
    if (m_following)
        return;
    m_newEntries += last - first + 1;
    m_banner->setNewEntries(m_newEntries);
    placeBanner();
}

void LogView::updateGeometries()
{
    {
        const QScopedValueRollback guard(m_scrollingItself, true);
        QTableView::updateGeometries();
    }
    if (m_following)
        scrollToLatest();
}

void LogView::onModelAboutToBeReset()
{
    m_storeRowBeforeReset = currentStoreRow();
}

void LogView::onModelReset()
{
    const int row = m_storeRowBeforeReset >= 0 ? m_model->viewRow(m_storeRowBeforeReset) : -1;
    m_storeRowBeforeReset = -1;
    if (row < 0) {
        Q_EMIT currentEntryChanged(-1);
        return;
    }
    const QModelIndex index = m_model->index(row, 0);
    {
        const QScopedValueRollback guard(m_scrollingItself, true);
        selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                     QItemSelectionModel::Rows);
    }
    if (m_following)
        return;
    QTimer::singleShot(0, this, [this, storeRow = m_model->storeRow(row)] {
        const int now = m_model->viewRow(storeRow);
        if (now < 0)
            return;
        const QScopedValueRollback guard(m_scrollingItself, true);
        scrollTo(m_model->index(now, 0), QAbstractItemView::PositionAtCenter);
    });
}

QByteArray LogView::selectedRowsAsJsonLines() const
{
    QByteArray lines;
    if (!m_model)
        return lines;
    std::vector<int> rows;
    const QItemSelection selection = selectionModel()->selection();
    for (const QItemSelectionRange &range : selection) {
        for (int row = range.top(); row <= range.bottom(); ++row) {
            if (qsizetype(rows.size()) >= kMaxCopiedRows)
                break;
            rows.push_back(row);
        }
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    for (int row : rows)
        appendJsonLine(lines, m_model->store().entry(m_model->storeRow(row)));
    return lines;
}

void LogView::copySelection()
{
    const QByteArray lines = selectedRowsAsJsonLines();
    if (lines.isEmpty())
        return;
    QApplication::clipboard()->setText(QString::fromUtf8(lines));
    if (lines.count('\n') >= kMaxCopiedRows)
        Q_EMIT notice(tr("Copied the first %L1 selected entries; export the filtered entries to "
                         "get them all.")
                          .arg(kMaxCopiedRows),
                      false);
}

void LogView::exportFiltered()
{
    if (!m_model)
        return;
    const QString jsonLines = tr("JSON Lines (*.jsonl)");
    const QString csv = tr("CSV (*.csv)");
    QString chosenFilter = jsonLines;
    QString path =
        QFileDialog::getSaveFileName(this, tr("Export Log Entries"),
                                     QDir::home().filePath(QStringLiteral("necrocode-log.jsonl")),
                                     jsonLines + QStringLiteral(";;") + csv, &chosenFilter);
    if (path.isEmpty())
        return;
    const bool wantsCsv = chosenFilter == csv;
    if (QFileInfo(path).suffix().isEmpty())
        path += wantsCsv ? QStringLiteral(".csv") : QStringLiteral(".jsonl");
    exportTo(path, wantsCsv ? LogExportFormat::Csv : LogExporter::formatForPath(path));
}

void LogView::exportTo(const QString &path, LogExportFormat format)
{
    if (!m_model)
        return;
    auto *watcher = new QFutureWatcher<LogExportOutcome>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        const LogExportOutcome outcome = takeAnnouncedResult(watcher->future(), this);
        if (outcome.error.isEmpty())
            Q_EMIT notice(tr("Exported %Ln entries to %1", nullptr, int(outcome.rows))
                              .arg(QDir::toNativeSeparators(outcome.path)),
                          false);
        else
            Q_EMIT notice(tr("Export to %1 failed: %2")
                              .arg(QDir::toNativeSeparators(outcome.path), outcome.error),
                          true);
        Q_EMIT exportFinished(outcome);
    });
    watcher->setFuture(LogExporter::start(m_model->sharedStore(), m_model->filteredStoreRows(),
                                          path, format, this));
}

void LogView::loadLogFiles(const QStringList &paths)
{
    if (!m_model || paths.isEmpty())
        return;
    if (m_model->isLoading()) {
        Q_EMIT notice(tr("A log file is still loading."), true);
        return;
    }
    m_loadingPaths = paths;
    auto *dialog = new QProgressDialog(this);
    dialog->setObjectName(QStringLiteral("logLoadProgress"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Open Log"));
    dialog->setLabelText(tr("Loading %1…").arg(QFileInfo(paths.first()).fileName()));
    dialog->setRange(0, kProgressSteps);
    dialog->setMinimumDuration(300);
    dialog->setAutoClose(false);
    dialog->setAutoReset(false);
    dialog->setWindowModality(Qt::WindowModal);
    connect(dialog, &QProgressDialog::canceled, m_model, &LogTableModel::cancelLoad);
    m_loadDialog = dialog;
    m_model->loadJsonl(paths);
}

void LogView::onLoadFinished(const JsonlLoadReport &report, const QString &errorMessage)
{
    if (m_loadDialog)
        m_loadDialog->close();
    const QString names = QFileInfo(m_loadingPaths.value(0)).fileName() +
                          (m_loadingPaths.size() > 1 ? QStringLiteral(" …") : QString());
    QString summary;
    QString details;
    const bool failed = !errorMessage.isEmpty();
    if (failed) {
        summary = tr("Could not open %1.").arg(names);
        details = errorMessage;
    } else {
        summary =
            report.cancelled
                ? tr("Loading %1 was cancelled after %Ln entries.", nullptr, int(report.entries))
                      .arg(names)
                : tr("Loaded %Ln entries from %1.", nullptr, int(report.entries)).arg(names);
        if (report.badLineCount > 0) {
            QStringList lines;
            for (const JsonlBadLine &bad : report.badLines.mid(0, kShownBadLines))
                lines.append(tr("%1, line %2: %3")
                                 .arg(QFileInfo(bad.file).fileName(), QLocale().toString(bad.line),
                                      bad.reason));
            details = tr("%Ln lines were skipped because they are not log records:", nullptr,
                         int(report.badLineCount)) +
                      QLatin1Char('\n') + lines.join(QLatin1Char('\n'));
        }
    }
    Q_EMIT notice(summary, failed);
    Q_EMIT loadReported(summary, details, failed);
    if (details.isEmpty())
        return;
    auto *box = new QMessageBox(failed ? QMessageBox::Warning : QMessageBox::Information,
                                tr("Open Log"), summary, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("logLoadReport"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(details);
    box->open();
}

void LogView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        copySelection();
        event->accept();
        return;
    }
    const bool plainOrCtrl =
        event->modifiers() == Qt::NoModifier || event->modifiers() == Qt::ControlModifier;
    if (plainOrCtrl && (event->key() == Qt::Key_End || event->key() == Qt::Key_Home) && m_model &&
        m_model->rowCount() > 0) {
        // Home and End move the current row (and so the detail pane), not only the scroll bar;
        // End follows new entries again.
        const bool end = event->key() == Qt::Key_End;
        const QModelIndex target =
            m_model->index(end ? m_model->rowCount() - 1 : 0, std::max(0, currentIndex().column()));
        selectionModel()->setCurrentIndex(target, QItemSelectionModel::ClearAndSelect |
                                                      QItemSelectionModel::Rows);
        if (end)
            jumpToLatest();
        else
            scrollToTop();
        event->accept();
        return;
    }
    QTableView::keyPressEvent(event);
}

void LogView::paintEvent(QPaintEvent *event)
{
    QTableView::paintEvent(event);
    // A clear frame around the current row while the table has the keyboard focus.
    if (!hasFocus() || !currentIndex().isValid())
        return;
    const int row = currentIndex().row();
    const int top = rowViewportPosition(row);
    if (top < -rowHeight(row) || top > viewport()->height())
        return;
    QPainter painter(viewport());
    QPen pen(palette().color(QPalette::Active, QPalette::Highlight).darker(140));
    pen.setWidth(2);
    painter.setPen(pen);
    painter.drawRect(QRect(1, top + 1, viewport()->width() - 2, rowHeight(row) - 2));
}

void LogView::focusInEvent(QFocusEvent *event)
{
    QTableView::focusInEvent(event);
    viewport()->update();
}

void LogView::focusOutEvent(QFocusEvent *event)
{
    QTableView::focusOutEvent(event);
    viewport()->update();
}

void LogView::updateNoMatchNotice()
{
    const bool nothingMatches = m_model && m_model->rowCount() == 0 &&
                                m_model->totalRowCount() > 0 && !m_model->isFilterPending();
    m_noMatch->setVisible(nothingMatches);
    if (!nothingMatches)
        return;
    m_noMatch->setHiddenEntries(m_model->totalRowCount());
    const QSize size = m_noMatch->sizeHint().boundedTo(viewport()->size());
    m_noMatch->setGeometry(QRect(QPoint((viewport()->width() - size.width()) / 2,
                                        (viewport()->height() - size.height()) / 3),
                                 size));
    m_noMatch->raise();
}

void LogView::resizeEvent(QResizeEvent *event)
{
    QTableView::resizeEvent(event);
    placeBanner();
    updateNoMatchNotice();
}

void LogView::placeBanner()
{
    if (m_banner->isHidden()) {
        setViewportMargins(0, 0, 0, 0);
        return;
    }
    // The banner gets a strip of its own below the rows, so it never covers an entry.
    m_banner->adjustSize();
    const QSize size = m_banner->sizeHint();
    setViewportMargins(0, 0, 0, size.height() + 2 * kBannerMargin);
    const QRect area = viewport()->geometry();
    m_banner->setGeometry(area.left() + (area.width() - size.width()) / 2,
                          area.bottom() + 1 + kBannerMargin, size.width(), size.height());
    m_banner->raise();
}

void LogView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        if (m_model)
            m_model->retranslate();
        placeBanner();
        updateNoMatchNotice();
    }
    QTableView::changeEvent(event);
}

} // namespace necrocode
