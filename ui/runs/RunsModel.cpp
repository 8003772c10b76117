#include "runs/RunsModel.h"

#include "common/PanelFormatting.h"

#include <QColor>
#include <QDateTime>

namespace necrocode {

RunsModel::RunsModel(QObject *parent)
    : QAbstractTableModel(parent), m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    m_applyTimer.setSingleShot(true);
    m_applyTimer.setInterval(kApplyIntervalMs);
    connect(&m_applyTimer, &QTimer::timeout, this, &RunsModel::applyPending);
    m_durationTimer.setInterval(kDurationTickMs);
    connect(&m_durationTimer, &QTimer::timeout, this, &RunsModel::tickDurations);
}

int RunsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int RunsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RunsModel::runKey(const QString &source, const QString &runId)
{
    return source + QLatin1Char('\x1f') + runId;
}

QString RunsModel::outcomeText(RunOutcome outcome)
{
    switch (outcome) {
    case RunOutcome::Pending:
        return tr("queued");
    case RunOutcome::Running:
        return tr("running");
    case RunOutcome::Completed:
        return tr("completed");
    case RunOutcome::Failed:
        return tr("failed");
    case RunOutcome::Cancelled:
        return tr("cancelled");
    }
    return QString();
}

QString RunsModel::phaseText(RunPhase phase)
{
    switch (phase) {
    case RunPhase::Queued:
        return tr("Queued");
    case RunPhase::Validation:
        return tr("Validation");
    case RunPhase::WorkspacePreparation:
        return tr("Workspace preparation");
    case RunPhase::TaskImplementation:
        return tr("Task implementation");
    case RunPhase::TestExecution:
        return tr("Test execution");
    case RunPhase::CommitAndPush:
        return tr("Commit and push");
    case RunPhase::ArtifactUpload:
        return tr("Artifact upload");
    case RunPhase::CompletionReport:
        return tr("Completion report");
    case RunPhase::Finished:
        return tr("Finished");
    }
    return QString();
}

QColor RunsModel::outcomeColor(RunOutcome outcome)
{
    switch (outcome) {
    case RunOutcome::Pending:
        return QColor(0x80, 0x80, 0x80);
    case RunOutcome::Running:
        return QColor(0x1e, 0x6f, 0xd9);
    case RunOutcome::Completed:
        return QColor(0x2e, 0x9d, 0x3a);
    case RunOutcome::Failed:
        return QColor(0xd3, 0x2f, 0x2f);
    case RunOutcome::Cancelled:
        return QColor(0xc7, 0x7c, 0x02);
    }
    return QColor();
}

void RunsModel::setClock(std::function<qint64()> clock)
{
    m_clock = std::move(clock);
}

qint64 RunsModel::durationMs(const RunSnapshot &run) const
{
    if (run.startedAtMs <= 0)
        return -1;
    const qint64 end = run.finishedAtMs > 0 ? run.finishedAtMs : m_clock();
    return end - run.startedAtMs;
}

QVariant RunsModel::displayText(const RunSnapshot &run, int column) const
{
    switch (column) {
    case TaskColumn:
        return run.taskId;
    case SpecColumn:
        return run.specName;
    case TitleColumn:
        return run.title;
    case RunnerColumn:
        // Runs of an attached worker carry its label, so that several workers stay apart.
        if (run.source.isEmpty() || run.source == QLatin1String("local"))
            return run.runnerId;
        return QString(run.source + QStringLiteral(" · ") + run.runnerId);
    case StateColumn:
        return outcomeText(run.outcome);
    case PhaseColumn:
        // A failed run names the phase it failed in, not just "Finished".
        if ((run.outcome == RunOutcome::Failed || run.outcome == RunOutcome::Cancelled) &&
            run.failedPhase != RunPhase::Finished)
            return run.outcome == RunOutcome::Cancelled
                       ? tr("Cancelled in %1").arg(phaseText(run.failedPhase))
                       : tr("Failed in %1").arg(phaseText(run.failedPhase));
        return phaseText(run.phase);
    case DurationColumn: {
        const qint64 ms = durationMs(run);
        return ms < 0 ? QString() : PanelFormatting::duration(ms);
    }
    case LlmCallsColumn:
        return PanelFormatting::count(run.llmCalls);
    case TokensColumn:
        return PanelFormatting::count(run.promptTokens + run.completionTokens);
    case CostColumn:
        return run.costUsd >= 0 ? PanelFormatting::costUsd(run.costUsd) : QString();
    case ErrorColumn:
        return run.error;
    }
    return QVariant();
}

QVariant RunsModel::toolTip(const RunSnapshot &run, int column) const
{
    switch (column) {
    case TitleColumn:
        return run.title.isEmpty() ? QVariant() : QVariant(run.title);
    case RunnerColumn:
        return run.source.isEmpty() ? QVariant() : QVariant(tr("Source: %1").arg(run.source));
    case TokensColumn:
        return tr("Prompt: %1, completion: %2")
            .arg(PanelFormatting::count(run.promptTokens),
                 PanelFormatting::count(run.completionTokens));
    case ErrorColumn:
        return run.error.isEmpty() ? QVariant() : QVariant(failureText(run));
    }
    return QVariant();
}

QString RunsModel::failureText(const RunSnapshot &run)
{
    QString text = run.errorType.isEmpty()
                       ? run.error
                       : QString(run.errorType + QStringLiteral(": ") + run.error);
    if (!run.testOutputTail.isEmpty()) {
        // The last lines say why a test failed; the whole output is the test_results artifact.
        QStringList lines = run.testOutputTail.trimmed().split(QLatin1Char('\n'));
        if (lines.size() > 15)
            lines = lines.mid(lines.size() - 15);
        text += QStringLiteral("\n\n") + tr("Test output (last lines):") + QLatin1Char('\n') +
                lines.join(QLatin1Char('\n'));
    }
    for (const auto &[type, uri] : run.artifacts)
        if (type == QLatin1String("test_results"))
            text += QStringLiteral("\n\n") + tr("Test results: %1").arg(uri);
    return text;
}

QVariant RunsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const RunSnapshot &run = m_runs[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return displayText(run, index.column());
    case Qt::ToolTipRole:
        return toolTip(run, index.column());
    case Qt::ForegroundRole:
        if (index.column() == StateColumn)
            return outcomeColor(run.outcome);
        if (index.column() == ErrorColumn && !run.error.isEmpty())
            return outcomeColor(RunOutcome::Failed);
        return QVariant();
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case DurationColumn:
        case LlmCallsColumn:
        case TokensColumn:
        case CostColumn:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return QVariant();
        }
    case RunKeyRole:
        return runKey(run);
    case RunIdRole:
        return run.runId;
    case RunnerIdRole:
        return run.runnerId;
    case TaskIdRole:
        return run.taskId;
    case OutcomeRole:
        return int(run.outcome);
    }
    return QVariant();
}

QVariant RunsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 ||
        section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TaskColumn:
        return tr("Task");
    case SpecColumn:
        return tr("Spec");
    case TitleColumn:
        return tr("Title");
    case RunnerColumn:
        return tr("Runner");
    case StateColumn:
        return tr("State");
    case PhaseColumn:
        return tr("Phase");
    case DurationColumn:
        return tr("Duration");
    case LlmCallsColumn:
        return tr("LLM calls");
    case TokensColumn:
        return tr("Tokens");
    case CostColumn:
        return tr("Cost");
    case ErrorColumn:
        return tr("Error");
    }
    return QVariant();
}

void RunsModel::enqueue(const RunSnapshot &run)
{
    const QString key = runKey(run);
    if (!m_pending.contains(key))
        m_pendingOrder.append(key);
    m_pending.insert(key, run);
    if (!m_applyTimer.isActive())
        m_applyTimer.start();
}

void RunsModel::applyPending()
{
    m_applyTimer.stop();
    if (m_pending.isEmpty())
        return;
    std::vector<RunSnapshot> added;
    for (const QString &key : std::as_const(m_pendingOrder)) {
        RunSnapshot run = m_pending.take(key);
        const int row = m_rowByKey.value(key, -1);
        if (row < 0) {
            added.push_back(std::move(run));
            continue;
        }
        m_runs[std::size_t(row)] = std::move(run);
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    m_pending.clear();
    m_pendingOrder.clear();
    if (!added.empty()) {
        const int first = int(m_runs.size());
        beginInsertRows(QModelIndex(), first, first + int(added.size()) - 1);
        for (RunSnapshot &run : added) {
            m_rowByKey.insert(runKey(run), int(m_runs.size()));
            m_runs.push_back(std::move(run));
        }
        endInsertRows();
    }
    updateCounts();
    updateDurationTimer();
}

void RunsModel::updateCounts()
{
    RunCounts counts;
    for (const RunSnapshot &run : m_runs) {
        switch (run.outcome) {
        case RunOutcome::Pending:
            ++counts.queued;
            break;
        case RunOutcome::Running:
            ++counts.running;
            break;
        case RunOutcome::Completed:
            ++counts.completed;
            break;
        case RunOutcome::Failed:
            ++counts.failed;
            break;
        case RunOutcome::Cancelled:
            ++counts.cancelled;
            break;
        }
    }
    if (counts == m_counts)
        return;
    m_counts = counts;
    Q_EMIT countsChanged();
}

void RunsModel::updateDurationTimer()
{
    if (m_counts.running > 0) {
        if (!m_durationTimer.isActive())
            m_durationTimer.start();
    } else {
        m_durationTimer.stop();
    }
}

void RunsModel::tickDurations()
{
    int first = -1;
    int last = -1;
    for (int row = 0; row < int(m_runs.size()); ++row) {
        if (m_runs[std::size_t(row)].outcome != RunOutcome::Running)
            continue;
        if (first < 0)
            first = row;
        last = row;
    }
    if (first < 0)
        return;
    Q_EMIT dataChanged(index(first, DurationColumn), index(last, DurationColumn),
                       {Qt::DisplayRole});
}

void RunsModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_runs.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

} // namespace necrocode
