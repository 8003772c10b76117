// The LLM calls table: one row per LlmExchange, kept whole for the prompt inspector, plus the
// per-call figures the charts plot, kept in full in plain vectors (LlmCallSeries).
#pragma once

#include "core/RunnerConfig.h"
#include "engine/LlmExchange.h"
#include "metrics/LlmPriceTable.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QMap>
#include <QTimer>

#include <vector>

namespace necrocode {

// Per-call figures in arrival order; index i is row i of the model.
struct LlmCallSeries
{
    std::vector<qint64> startedAtMs;
    std::vector<int> runIndex; // into runKeys
    std::vector<double> promptTokens;
    std::vector<double> completionTokens;
    std::vector<double> latencySeconds;
    std::vector<double> timeToFirstTokenSeconds; // NaN when the call was not streamed
    std::vector<double> costUsd;                 // NaN when the model has no known price
    std::vector<char> failed;                    // the call got no answer (its error type set)
    QStringList runKeys;                         // RunsModel::runKey of each run seen
    QHash<QString, int> runIndexByKey;

    std::size_t size() const { return startedAtMs.size(); }
    // -1 when no call of that run was recorded yet.
    int runIndexOf(const QString &runKey) const { return runIndexByKey.value(runKey, -1); }
};

class LlmCallsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TimeColumn,
        RunnerColumn,
        TaskColumn,
        ModelColumn,
        PromptTokensColumn,
        CompletionTokensColumn,
        LatencyColumn,
        TimeToFirstTokenColumn,
        FinishReasonColumn,
        StatusColumn,
        ColumnCount
    };
    enum Role { ExchangeIdRole = Qt::UserRole + 1, RunKeyRole, FailedRole, StartedAtRole };

    static constexpr int kApplyIntervalMs = 100;

    explicit LlmCallsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const LlmExchange &exchange(int row) const { return m_exchanges.at(std::size_t(row)); }
    const LlmCallSeries &series() const { return m_series; }

    // Prices (USD per million tokens) used for the cost of calls recorded from now on.
    void setPrices(const QMap<QString, ModelPrice> &prices);
    const LlmPriceTable &prices() const { return m_prices; }
    // Cost of one call, or NaN when neither the answering nor the requested model has a price.
    double costOf(const LlmExchange &exchange) const;

    void retranslate();

public Q_SLOTS:
    // Keeps the exchange until the next apply (every 100 ms), so that bursts insert once.
    void enqueue(const necrocode::LlmExchange &exchange);
    void applyPending();
    // Inserts the exchanges at once, with one beginInsertRows.
    void appendExchanges(const QList<necrocode::LlmExchange> &exchanges);

private:
    void appendToSeries(const LlmExchange &exchange);
    QVariant displayText(const LlmExchange &exchange, int column) const;

    std::vector<LlmExchange> m_exchanges;
    LlmCallSeries m_series;
    QList<LlmExchange> m_pending;
    LlmPriceTable m_prices;
    QTimer m_applyTimer;
};

} // namespace necrocode
