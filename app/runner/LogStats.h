// The figures of `necrocode-runner logs --stats` over the matching entries, the headless twin of
// the console's charts: counts by level, service and operation; latency percentiles (p50, p95,
// p99, nearest rank) by service and operation from extra.duration_seconds; LLM calls, tokens
// and, where the model has a price, cost by model (extra.llm_model, prompt_tokens,
// completion_tokens).
//
// The scan's worker threads write a short digest of each match (appendDigest, from the parsed
// fields, without building the entry); the consuming thread adds the digests up.
#pragma once

#include "logstore/LogStoreBatch.h"
#include "metrics/LlmPriceTable.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>

#include <vector>

namespace necrocode {

class LogStats
{
public:
    explicit LogStats(LlmPriceTable prices = {}) : m_prices(std::move(prices)) {}

    // What the figures need of one line, appended to `out`.
    static void appendDigest(QByteArray &out, const LogStoreBatch::Fields &fields);
    // Adds the digests written one after the other in `digests`.
    void addDigests(QByteArrayView digests);
    QJsonObject toJson() const;

    // The nearest-rank percentile (0 < p <= 100) of values sorted ascending; 0 when empty.
    static double percentile(const std::vector<double> &sorted, double p);

private:
    struct Tokens
    {
        qint64 calls = 0;
        qint64 prompt = 0;
        qint64 completion = 0;
    };

    qint64 m_entries = 0;
    qint64 m_byLevel[5] = {};
    QHash<QByteArray, qint64> m_byService;
    QHash<QByteArray, qint64> m_byOperation;
    QHash<QByteArray, std::vector<double>> m_latency; // "service/operation"
    QHash<QByteArray, Tokens> m_tokens;               // by model
    LlmPriceTable m_prices;
};

} // namespace necrocode
