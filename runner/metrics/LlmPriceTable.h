// Prices of LLM models in USD per million input and output tokens, used to compute the cost of
// a run. Models without an entry have no known price.
#pragma once

#include "core/Result.h"
#include "core/RunnerConfig.h"

#include <QHash>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace necrocode {

struct LlmPrice
{
    double inputUsdPerMillionTokens = 0.0;
    double outputUsdPerMillionTokens = 0.0;

    friend bool operator==(const LlmPrice &, const LlmPrice &) = default;
};

class LlmPriceTable
{
public:
    void setPrice(const QString &model, LlmPrice price);
    std::optional<LlmPrice> price(const QString &model) const;
    bool isEmpty() const { return m_prices.isEmpty(); }

    // The cost of one call, or nothing when the model has no price.
    std::optional<double> costUsd(const QString &model, qint64 inputTokens,
                                  qint64 outputTokens) const;

    // {"<model>": {"input_usd_per_million_tokens": 2.5, "output_usd_per_million_tokens": 10}}
    // Errors name the offending key, prefixed with `where` (e.g. "llm.prices").
    static Result<LlmPriceTable> fromJson(const QJsonObject &object, const QString &where = {});
    // The configuration's `prices` (already validated when the configuration was loaded).
    static LlmPriceTable fromConfig(const QMap<QString, ModelPrice> &prices);
    QJsonObject toJson() const;

private:
    QHash<QString, LlmPrice> m_prices;
};

} // namespace necrocode
