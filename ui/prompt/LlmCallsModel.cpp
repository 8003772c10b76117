#include "prompt/LlmCallsModel.h"

#include "common/PanelFormatting.h"
#include "runs/RunsModel.h"

#include <QColor>
#include <QDateTime>

namespace necrocode {

namespace {

bool isRightAligned(int column)
{
    switch (column) {
    case LlmCallsModel::PromptTokensColumn:
    case LlmCallsModel::CompletionTokensColumn:
    case LlmCallsModel::LatencyColumn:
    case LlmCallsModel::TimeToFirstTokenColumn:
        return true;
    default:
        return false;
    }
}

} // namespace

LlmCallsModel::LlmCallsModel(const LlmCallLog *calls, QObject *parent)
    : QAbstractTableModel(parent), m_calls(calls)
{
    connect(calls, &LlmCallLog::aboutToAppend, this,
            [this](int first, int last) { beginInsertRows({}, first, last); });
    connect(calls, &LlmCallLog::appended, this, [this] { endInsertRows(); });
}

int LlmCallsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_calls->size();
}

int LlmCallsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LlmCallsModel::displayText(const LlmExchange &exchange, int column) const
{
    const ChatResponse &response = exchange.response;
    switch (column) {
    case TimeColumn:
        return PanelFormatting::clockTime(exchange.startedAtMs);
    case RunnerColumn:
        return exchange.runnerId;
    case TaskColumn:
        return exchange.taskId;
    case ModelColumn:
        return response.model.isEmpty() ? exchange.request.model : response.model;
    case PromptTokensColumn:
        return PanelFormatting::count(response.promptTokens);
    case CompletionTokensColumn:
        return PanelFormatting::count(response.completionTokens);
    case LatencyColumn:
        return PanelFormatting::latency(response.durationSeconds);
    case TimeToFirstTokenColumn:
        return response.timeToFirstTokenSeconds
                   ? PanelFormatting::latency(*response.timeToFirstTokenSeconds)
                   : QString();
    case FinishReasonColumn:
        return response.finishReason;
    case StatusColumn:
        if (exchange.error.isEmpty())
            return tr("OK");
        return exchange.errorType.isEmpty() ? exchange.error
                                            : tr("%1: %2").arg(exchange.errorType, exchange.error);
    }
    return QVariant();
}

QVariant LlmCallsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const LlmExchange &exchange = m_calls->exchange(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(exchange, index.column());
    case Qt::ToolTipRole:
        if (index.column() == StatusColumn && !exchange.error.isEmpty())
            return exchange.error;
        if (index.column() == TimeColumn)
            return PanelFormatting::dateTime(QDateTime::fromMSecsSinceEpoch(exchange.startedAtMs));
        return QVariant();
    case Qt::ForegroundRole:
        if (index.column() == StatusColumn)
            return exchange.error.isEmpty() ? RunsModel::outcomeColor(RunOutcome::Completed)
                                            : RunsModel::outcomeColor(RunOutcome::Failed);
        return QVariant();
    case Qt::TextAlignmentRole:
        if (isRightAligned(index.column()))
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant();
    case ExchangeIdRole:
        return exchange.id;
    case StartedAtRole:
        return exchange.startedAtMs;
    case RunKeyRole:
        return RunsModel::runKey(exchange.source, exchange.runId);
    case FailedRole:
        return !exchange.error.isEmpty();
    }
    return QVariant();
}

QVariant LlmCallsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 ||
        section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case RunnerColumn:
        return tr("Runner");
    case TaskColumn:
        return tr("Task");
    case ModelColumn:
        return tr("Model");
    case PromptTokensColumn:
        return tr("Prompt tokens");
    case CompletionTokensColumn:
        return tr("Completion tokens");
    case LatencyColumn:
        return tr("Latency");
    case TimeToFirstTokenColumn:
        return tr("TTFT");
    case FinishReasonColumn:
        return tr("Finish reason");
    case StatusColumn:
        return tr("Status");
    }
    return QVariant();
}

void LlmCallsModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, StatusColumn), index(rowCount() - 1, StatusColumn));
}

} // namespace necrocode
