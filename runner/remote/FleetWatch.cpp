#include "remote/FleetWatch.h"

namespace necrocode {

namespace {

constexpr int kDefaultIntervalMs = 2000;

} // namespace

FleetWatch::FleetWatch(QObject *parent) : QObject(parent)
{
    m_timer.setInterval(kDefaultIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &FleetWatch::poll);
}

void FleetWatch::setRegistry(const ServiceEndpoint &registry)
{
    ++m_generation; // the answer of a poll under way belongs to the previous registry
    m_call.cancel();
    m_endpoint = registry;
    m_client.reset();
    m_http.reset();
    m_reachable = true;
    if (registry.url.isEmpty()) {
        m_timer.stop();
        return;
    }
    RetryConfig once;
    once.maxAttempts = 1; // the next poll is the retry
    // No logger: a poll every few seconds is not worth a log entry; a failure is signalled.
    m_http = std::make_unique<HttpClient>(&m_network, Logger(), RetryPolicy(once));
    ServiceEndpoint endpoint = registry;
    endpoint.timeoutSeconds = std::max(1, std::min(endpoint.timeoutSeconds, 10));
    m_client = std::make_unique<TaskRegistryClient>(*m_http, endpoint);
    m_timer.start();
    poll();
}

void FleetWatch::setIntervalMs(int intervalMs)
{
    m_timer.setInterval(std::max(100, intervalMs));
}

void FleetWatch::poll()
{
    if (!m_client || m_call.isRunning())
        return;
    m_call = m_client->listWorkers(
        this, [this, generation = m_generation](const Result<QJsonArray> &workers) {
            if (generation != m_generation)
                return;
            if (!workers) {
                if (std::exchange(m_reachable, false))
                    Q_EMIT reachabilityChanged(false, workers.errorMessage());
                return;
            }
            if (!std::exchange(m_reachable, true))
                Q_EMIT reachabilityChanged(true, {});
            Q_EMIT listed(readFleetWorkers(*workers));
        });
}

} // namespace necrocode
