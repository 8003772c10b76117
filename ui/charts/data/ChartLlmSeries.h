// The series the LLM charts draw for the calls that pass the run filter, built from
// LlmCallSeries and kept in full, in time order: tokens, latency with rolling p50/p95, time to
// first token, calls per minute and cumulative cost. A failed call has no tokens or latency to
// plot: it is counted per minute and kept as a failure mark at its time.
#pragma once

#include "charts/data/ChartTimeSeries.h"

namespace necrocode {

struct LlmCallSeries;

class ChartLlmSeries
{
public:
    static constexpr int kPercentileWindow = 50; // calls in the rolling p50/p95
    static constexpr qint64 kMinuteMs = qint64{60} * 1000;

    void clear();
    // Adds call `index` of `calls`.
    void addCall(const LlmCallSeries &calls, std::size_t index);

    const ChartTimeSeries &promptTokens() const { return m_promptTokens; }
    const ChartTimeSeries &completionTokens() const { return m_completionTokens; }
    const ChartTimeSeries &latency() const { return m_latency; }
    const ChartTimeSeries &latencyP50() const { return m_latencyP50; }
    const ChartTimeSeries &latencyP95() const { return m_latencyP95; }
    const ChartTimeSeries &timeToFirstToken() const { return m_timeToFirstToken; }
    const ChartTimeSeries &callsPerMinute() const { return m_callsPerMinute; }
    const ChartTimeSeries &cumulativeCost() const { return m_cumulativeCost; }
    const ChartTimeSeries &failures() const { return m_failures; } // y is 0

private:
    void addLatency(double x, double seconds);
    void countCall(double x);
    void addCost(double x, double usd);

    ChartTimeSeries m_promptTokens;
    ChartTimeSeries m_completionTokens;
    ChartTimeSeries m_latency;
    ChartTimeSeries m_latencyP50;
    ChartTimeSeries m_latencyP95;
    ChartTimeSeries m_timeToFirstToken;
    ChartTimeSeries m_callsPerMinute; // x: start of the minute
    ChartTimeSeries m_cumulativeCost; // priced calls only
    ChartTimeSeries m_failures;
};

} // namespace necrocode
