// Every LLM call the console has seen (local runs and attached workers), in arrival order: the
// exchanges whole for the prompt inspector, and the per-call figures the charts plot in plain
// vectors (LlmCallSeries). Calls that arrive one by one are applied in batches every 100 ms.
// The calls table (LlmCallsModel) and the charts both read this object; it has no widgets.
#pragma once

#include "core/RunnerConfig.h"
#include "engine/LlmExchange.h"
#include "metrics/LlmPriceTable.h"

#include <QHash>
#include <QMap>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <deque>
#include <vector>

namespace necrocode {

// Per-call figures in arrival order; index i is call i of the log.
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

class LlmCallLog : public QObject
{
    Q_OBJECT

public:
    static constexpr int kApplyIntervalMs = 100;

    explicit LlmCallLog(QObject *parent = nullptr);

    int size() const { return int(m_exchanges.size()); }
    const LlmExchange &exchange(int index) const { return m_exchanges.at(std::size_t(index)); }
    const LlmCallSeries &series() const { return m_series; }

    // Prices (USD per million tokens) used for the cost of calls recorded from now on.
    void setPrices(const QMap<QString, ModelPrice> &prices);
    const LlmPriceTable &prices() const { return m_prices; }
    // Cost of one call, or NaN when neither the answering nor the requested model has a price.
    double costOf(const LlmExchange &exchange) const;

public Q_SLOTS:
    // Keeps the exchange until the next apply (every 100 ms), so that bursts arrive at once.
    void enqueue(const necrocode::LlmExchange &exchange);
    void applyPending();
    // Appends the exchanges as one batch.
    void append(const QList<necrocode::LlmExchange> &exchanges);

Q_SIGNALS:
    // Calls [first, last] are about to be appended, and then were.
    void aboutToAppend(int first, int last);
    void appended(int first, int last);

private:
    void appendToSeries(const LlmExchange &exchange);

    // A deque: growing never moves the calls already recorded (moving 100 000 of them when a
    // vector's capacity doubled stalled the GUI thread for over 100 ms).
    std::deque<LlmExchange> m_exchanges;
    LlmCallSeries m_series;
    QList<LlmExchange> m_pending;
    LlmPriceTable m_prices;
    QTimer m_applyTimer;
};

} // namespace necrocode
