#include "prompt/LlmCallLog.h"

#include "runs/RunsModel.h"

#include <QDateTime>

#include <algorithm>
#include <limits>
#include <utility>

namespace necrocode {

namespace {
constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();
}

LlmCallLog::LlmCallLog(QObject *parent) : QObject(parent)
{
    m_applyTimer.setSingleShot(true);
    m_applyTimer.setInterval(kApplyIntervalMs);
    connect(&m_applyTimer, &QTimer::timeout, this, &LlmCallLog::applyPending);
}

void LlmCallLog::setPrices(const QMap<QString, ModelPrice> &prices)
{
    m_prices = LlmPriceTable::fromConfig(prices);
}

double LlmCallLog::costOf(const LlmExchange &exchange) const
{
    const qint64 input = exchange.response.promptTokens;
    const qint64 output = exchange.response.completionTokens;
    // The model that answered, or else the one that was asked for.
    const std::optional<double> cost = m_prices.costUsd(exchange.response.model, input, output);
    return cost ? *cost
                : m_prices.costUsd(exchange.request.model, input, output).value_or(kNoValue);
}

void LlmCallLog::enqueue(const LlmExchange &exchange)
{
    m_pending.append(exchange);
    if (!m_applyTimer.isActive())
        m_applyTimer.start();
}

void LlmCallLog::applyPending()
{
    m_applyTimer.stop();
    if (m_pending.isEmpty())
        return;
    const QList<LlmExchange> pending = std::exchange(m_pending, {});
    append(pending);
}

void LlmCallLog::append(const QList<LlmExchange> &exchanges)
{
    if (exchanges.isEmpty())
        return;
    const int first = size();
    const int last = first + int(exchanges.size()) - 1;
    Q_EMIT aboutToAppend(first, last);
    for (const LlmExchange &exchange : exchanges) {
        m_exchanges.push_back(exchange);
        appendToSeries(exchange);
    }
    Q_EMIT appended(first, last);
}

void LlmCallLog::appendToSeries(const LlmExchange &exchange)
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

} // namespace necrocode
