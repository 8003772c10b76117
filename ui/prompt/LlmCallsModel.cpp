#include "prompt/LlmCallsModel.h"

#include "common/PanelFormatting.h"
#include "runs/RunsModel.h"

#include <QColor>
#include <QDateTime>

#include <algorithm>
#include <limits>
#include <utility>

namespace necrocode {

namespace {

constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

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

LlmCallsModel::LlmCallsModel(QObject *parent) : QAbstractTableModel(parent)
{
    m_applyTimer.setSingleShot(true);
    m_applyTimer.setInterval(kApplyIntervalMs);
    connect(&m_applyTimer, &QTimer::timeout, this, &LlmCallsModel::applyPending);
}

int LlmCallsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_exchanges.size());
}

int LlmCallsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void LlmCallsModel::setPrices(const QMap<QString, ModelPrice> &prices)
{
    m_prices = LlmPriceTable::fromConfig(prices);
}

double LlmCallsModel::costOf(const LlmExchange &exchange) const
{
    const qint64 input = exchange.response.promptTokens;
    const qint64 output = exchange.response.completionTokens;
    // The model that answered, or else the one that was asked for.
    const std::optional<double> cost = m_prices.costUsd(exchange.response.model, input, output);
    return cost ? *cost
                : m_prices.costUsd(exchange.request.model, input, output).value_or(kNoValue);
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
    const LlmExchange &exchange = m_exchanges[std::size_t(index.row())];
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

void LlmCallsModel::enqueue(const LlmExchange &exchange)
{
    m_pending.append(exchange);
    if (!m_applyTimer.isActive())
        m_applyTimer.start();
}

void LlmCallsModel::applyPending()
{
    m_applyTimer.stop();
    if (m_pending.isEmpty())
        return;
    const QList<LlmExchange> pending = std::exchange(m_pending, {});
    appendExchanges(pending);
}

void LlmCallsModel::appendExchanges(const QList<LlmExchange> &exchanges)
{
    if (exchanges.isEmpty())
        return;
    const int first = int(m_exchanges.size());
    beginInsertRows(QModelIndex(), first, first + int(exchanges.size()) - 1);
    // Grows geometrically: reserving exactly what a batch needs would move every recorded
    // exchange again for each batch.
    const std::size_t needed = m_exchanges.size() + std::size_t(exchanges.size());
    if (needed > m_exchanges.capacity())
        m_exchanges.reserve(std::max(needed, 2 * m_exchanges.capacity()));
    for (const LlmExchange &exchange : exchanges) {
        m_exchanges.push_back(exchange);
        appendToSeries(exchange);
    }
    endInsertRows();
}

void LlmCallsModel::appendToSeries(const LlmExchange &exchange)
{
    const QString key = RunsModel::runKey(exchange.source, exchange.runId);
    int run = m_series.runIndexOf(key);
    if (run < 0) {
        run = int(m_series.runKeys.size());
        m_series.runKeys.append(key);
        m_series.runIndexByKey.insert(key, run);
    }
    const ChatResponse &response = exchange.response;
    m_series.startedAtMs.push_back(exchange.startedAtMs > 0 ? exchange.startedAtMs
                                                            : QDateTime::currentMSecsSinceEpoch());
    m_series.runIndex.push_back(run);
    m_series.promptTokens.push_back(double(response.promptTokens));
    m_series.completionTokens.push_back(double(response.completionTokens));
    m_series.latencySeconds.push_back(response.durationSeconds);
    m_series.timeToFirstTokenSeconds.push_back(
        response.timeToFirstTokenSeconds ? *response.timeToFirstTokenSeconds : kNoValue);
    m_series.costUsd.push_back(costOf(exchange));
    m_series.failed.push_back(!exchange.errorType.isEmpty());
}

void LlmCallsModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_exchanges.empty())
        Q_EMIT dataChanged(index(0, StatusColumn), index(rowCount() - 1, StatusColumn));
}

} // namespace necrocode
