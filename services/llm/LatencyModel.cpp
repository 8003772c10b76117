#include "llm/LatencyModel.h"

#include <algorithm>
#include <cmath>

namespace necrocode {

namespace {

constexpr double maxLatencyMs = 120000.0;

} // namespace

LatencyModel::LatencyModel(const LatencySettings &settings)
    : m_settings(settings), m_random(settings.seed ? *settings.seed : std::random_device{}())
{}

int LatencyModel::sampleFirstTokenMs()
{
    if (m_settings.medianMs <= 0.0)
        return 0;
    if (m_settings.spread <= 0.0)
        return int(std::lround(std::min(m_settings.medianMs, maxLatencyMs)));
    std::lognormal_distribution<double> distribution(std::log(m_settings.medianMs),
                                                     m_settings.spread);
    return int(std::lround(std::clamp(distribution(m_random), 0.0, maxLatencyMs)));
}

} // namespace necrocode
