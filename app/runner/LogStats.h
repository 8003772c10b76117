// The figures of `necrocode-runner logs --stats` over the matching entries, the headless twin of
// the console's charts: counts by level, service and operation; latency percentiles (p50, p95,
// p99, nearest rank) by service and operation from extra.duration_seconds; LLM calls, tokens
// and, where the model has a price, cost by model (extra.llm_model, prompt_tokens,
// completion_tokens).
#pragma once

#include "log/LogEntry.h"
#include "metrics/LlmPriceTable.h"

#include <QHash>
#include <QJsonObject>
#include <QMap>

#include <vector>

namespace necrocode {

class LogStats
{
public:
    explicit LogStats(LlmPriceTable prices = {}) : m_prices(std::move(prices)) {}
    void add(const LogEntry &entry);
    QJsonObject toJson() const;

    // The nearest-rank percentile (0 < p <= 100) of values sorted ascending; 0 when empty.
    static double percentile(const std::vector<double> &sorted, double p);

private:
    struct Tokens
    {
        qint64 calls = 0;
        qint64 prompt = 0;
        qint64 completion = 0;
        double costUsd = 0;
        bool priced = true; // every call of the model had a price
    };

    qint64 m_entries = 0;
    QMap<QString, qint64> m_byLevel;
    QMap<QString, qint64> m_byService;
    QMap<QString, qint64> m_byOperation;
    QMap<QString, std::vector<double>> m_latency; // "service/operation"
    QMap<QString, Tokens> m_tokens;               // by model
    LlmPriceTable m_prices;
};

} // namespace necrocode
