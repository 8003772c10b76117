#include "charts/data/ChartLlmSeries.h"

#include "charts/data/ChartDecimation.h"
#include "prompt/LlmCallsModel.h"

#include <cmath>

namespace necrocode {

void ChartLlmSeries::clear()
{
    for (ChartTimeSeries *series :
         {&m_promptTokens, &m_completionTokens, &m_latency, &m_latencyP50, &m_latencyP95,
          &m_timeToFirstToken, &m_callsPerMinute, &m_cumulativeCost, &m_failures})
        series->clear();
}

void ChartLlmSeries::addCall(const LlmCallSeries &calls, std::size_t index)
{
    const double x = double(calls.startedAtMs[index]);
    countCall(x);
    if (calls.failed[index]) {
        m_failures.insert(x, 0);
        return;
    }
    m_promptTokens.insert(x, calls.promptTokens[index]);
    m_completionTokens.insert(x, calls.completionTokens[index]);
    addLatency(x, calls.latencySeconds[index]);
    if (!std::isnan(calls.timeToFirstTokenSeconds[index]))
        m_timeToFirstToken.insert(x, calls.timeToFirstTokenSeconds[index]);
    if (!std::isnan(calls.costUsd[index]))
        addCost(x, calls.costUsd[index]);
}

void ChartLlmSeries::addLatency(double x, double seconds)
{
    const qsizetype at = m_latency.insert(x, seconds);
    m_latencyP50.insert(x, 0);
    m_latencyP95.insert(x, 0);
    // A point only changes the rolling windows that contain it.
    const qsizetype last = std::min(m_latency.size(), at + kPercentileWindow);
    for (qsizetype i = at; i < last; ++i) {
        m_latencyP50.setY(i, rollingPercentile(m_latency.ys(), i, kPercentileWindow, 0.50));
        m_latencyP95.setY(i, rollingPercentile(m_latency.ys(), i, kPercentileWindow, 0.95));
    }
}

void ChartLlmSeries::countCall(double x)
{
    const double minute = std::floor(x / kMinuteMs) * kMinuteMs;
    const qsizetype at = m_callsPerMinute.lowerBound(minute);
    if (at < m_callsPerMinute.size() && m_callsPerMinute.x(at) == minute)
        m_callsPerMinute.addToY(at, 1);
    else
        m_callsPerMinute.insert(minute, 1);
}

void ChartLlmSeries::addCost(double x, double usd)
{
    const qsizetype at = m_cumulativeCost.insert(x, usd);
    if (at > 0)
        m_cumulativeCost.addToY(at, m_cumulativeCost.y(at - 1));
    for (qsizetype i = at + 1; i < m_cumulativeCost.size(); ++i)
        m_cumulativeCost.addToY(i, usd);
}

} // namespace necrocode
