#include "metrics/LlmPriceTable.h"

#include "core/JsonFields.h"

namespace necrocode {

namespace {

const QString kInputKey = QStringLiteral("input_usd_per_million_tokens");
const QString kOutputKey = QStringLiteral("output_usd_per_million_tokens");

Result<double> readPrice(const QJsonObject &entry, const QString &key, const QString &where)
{
    const QJsonValue v = entry.value(key);
    if (v.isUndefined() || v.isNull())
        return makeError(QStringLiteral("'%1' is required").arg(json::keyPath(where, key)),
                         QStringLiteral("config"));
    Result<double> price = json::optionalNumber(entry, key, 0, where);
    if (price && *price < 0)
        return makeError(QStringLiteral("'%1' must not be negative").arg(json::keyPath(where, key)),
                         QStringLiteral("config"));
    return price;
}

} // namespace

void LlmPriceTable::setPrice(const QString &model, LlmPrice price)
{
    m_prices.insert(model, price);
}

std::optional<LlmPrice> LlmPriceTable::price(const QString &model) const
{
    const auto it = m_prices.constFind(model);
    if (it == m_prices.constEnd())
        return std::nullopt;
    return *it;
}

std::optional<double> LlmPriceTable::costUsd(const QString &model, qint64 inputTokens,
                                             qint64 outputTokens) const
{
    const std::optional<LlmPrice> p = price(model);
    if (!p)
        return std::nullopt;
    return (double(inputTokens) * p->inputUsdPerMillionTokens +
            double(outputTokens) * p->outputUsdPerMillionTokens) /
           1.0e6;
}

Result<LlmPriceTable> LlmPriceTable::fromJson(const QJsonObject &object, const QString &where)
{
    LlmPriceTable table;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString entryPath = json::keyPath(where, it.key());
        if (!it.value().isObject())
            return makeError(QStringLiteral("'%1' must be an object with %2 and %3")
                                 .arg(entryPath, kInputKey, kOutputKey),
                             QStringLiteral("config"));
        const QJsonObject entry = it.value().toObject();
        const Result<double> input = readPrice(entry, kInputKey, entryPath);
        if (!input)
            return input.error();
        const Result<double> output = readPrice(entry, kOutputKey, entryPath);
        if (!output)
            return output.error();
        table.setPrice(it.key(), {*input, *output});
    }
    return table;
}

QJsonObject LlmPriceTable::toJson() const
{
    QJsonObject out;
    for (auto it = m_prices.begin(); it != m_prices.end(); ++it)
        out.insert(it.key(), QJsonObject{{kInputKey, it->inputUsdPerMillionTokens},
                                         {kOutputKey, it->outputUsdPerMillionTokens}});
    return out;
}

LlmPriceTable LlmPriceTable::fromConfig(const QMap<QString, ModelPrice> &prices)
{
    LlmPriceTable table;
    for (auto it = prices.cbegin(); it != prices.cend(); ++it)
        table.setPrice(it.key(),
                       LlmPrice{it.value().inputPerMillionUsd, it.value().outputPerMillionUsd});
    return table;
}

} // namespace necrocode
