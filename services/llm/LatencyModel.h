// How long the scripted model takes before its first token: log-normal around a median with a
// spread (sigma of the underlying normal), so that latency charts look like a real service.
#pragma once

#include <QtGlobal>

#include <optional>
#include <random>

namespace necrocode {

struct LatencySettings
{
    double medianMs = 0.0;    // 0: answer at once
    double spread = 0.0;      // sigma; 0.5 gives roughly a 2.5x range between p5 and p95
    int chunkIntervalMs = 0;  // pause between streamed chunks
    int chunkCharacters = 24; // characters per streamed chunk
    std::optional<quint32> seed;
};

class LatencyModel
{
public:
    explicit LatencyModel(const LatencySettings &settings);

    // Milliseconds before the first byte; capped at two minutes.
    int sampleFirstTokenMs();
    const LatencySettings &settings() const { return m_settings; }

private:
    LatencySettings m_settings;
    std::mt19937 m_random;
};

} // namespace necrocode
