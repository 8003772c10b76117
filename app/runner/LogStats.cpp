#include "LogStats.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace necrocode {

namespace {

QJsonObject countsToJson(const QMap<QString, qint64> &counts)
{
    QJsonObject object;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

} // namespace

double LogStats::percentile(const std::vector<double> &sorted, double p)
{
    if (sorted.empty())
        return 0;
    const auto rank = std::size_t(std::ceil(p / 100.0 * double(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

void LogStats::add(const LogEntry &entry)
{
    ++m_entries;
    ++m_byLevel[QString::fromLatin1(logLevelName(entry.level).data(),
                                    logLevelName(entry.level).size())];
    const QString service = entry.extra.value(QLatin1String("service")).toString();
    const QString operation = entry.extra.value(QLatin1String("operation")).toString();
    if (!service.isEmpty())
        ++m_byService[service];
    if (!operation.isEmpty())
        ++m_byOperation[operation];
    // The entry of each finished service call carries it (an LLM call's "response received"
    // entry has request_duration_seconds instead, and is not counted twice).
    const QJsonValue duration = entry.extra.value(QLatin1String("duration_seconds"));
    if (duration.isDouble() && !service.isEmpty())
        m_latency[service + QLatin1Char('/') + operation].push_back(duration.toDouble());
    const QJsonValue prompt = entry.extra.value(QLatin1String("prompt_tokens"));
    const QJsonValue completion = entry.extra.value(QLatin1String("completion_tokens"));
    if (prompt.isDouble() || completion.isDouble()) {
        QString model = entry.extra.value(QLatin1String("llm_model")).toString();
        if (model.isEmpty())
            model = entry.extra.value(QLatin1String("model")).toString();
        Tokens &tokens = m_tokens[model.isEmpty() ? QStringLiteral("(unknown)") : model];
        ++tokens.calls;
        tokens.prompt += prompt.toInteger();
        tokens.completion += completion.toInteger();
        const std::optional<double> cost =
            m_prices.costUsd(model, prompt.toInteger(), completion.toInteger());
        tokens.costUsd += cost.value_or(0);
        tokens.priced = tokens.priced && cost.has_value();
    }
}

QJsonObject LogStats::toJson() const
{
    QJsonObject latency;
    for (auto it = m_latency.cbegin(); it != m_latency.cend(); ++it) {
        std::vector<double> sorted = it.value();
        std::sort(sorted.begin(), sorted.end());
        latency.insert(it.key(), QJsonObject{{QStringLiteral("count"), qint64(sorted.size())},
                                             {QStringLiteral("p50"), percentile(sorted, 50)},
                                             {QStringLiteral("p95"), percentile(sorted, 95)},
                                             {QStringLiteral("p99"), percentile(sorted, 99)},
                                             {QStringLiteral("max"), sorted.back()}});
    }
    QJsonObject models;
    for (auto it = m_tokens.cbegin(); it != m_tokens.cend(); ++it) {
        QJsonObject model{
            {QStringLiteral("calls"), it.value().calls},
            {QStringLiteral("prompt_tokens"), it.value().prompt},
            {QStringLiteral("completion_tokens"), it.value().completion},
            {QStringLiteral("total_tokens"), it.value().prompt + it.value().completion}};
        // Only when the prices setting knows the model (NECROCODE_PRICES or --config).
        if (it.value().priced)
            model.insert(QStringLiteral("cost_usd"), it.value().costUsd);
        models.insert(it.key(), model);
    }
    return QJsonObject{{QStringLiteral("entries"), m_entries},
                       {QStringLiteral("by_level"), countsToJson(m_byLevel)},
                       {QStringLiteral("by_service"), countsToJson(m_byService)},
                       {QStringLiteral("by_operation"), countsToJson(m_byOperation)},
                       {QStringLiteral("latency_seconds"), latency},
                       {QStringLiteral("llm_tokens_by_model"), models}};
}

} // namespace necrocode
