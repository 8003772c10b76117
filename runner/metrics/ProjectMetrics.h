// The runner's process-wide metrics with their names, labels and buckets: OpenTelemetry GenAI
// names for LLM calls (gen_ai_*) and necrocode_* for the rest. A cheap handle over a registry;
// constructing it again on the same registry finds the same families.
#pragma once

#include "metrics/MetricsRegistry.h"

#include <optional>

namespace necrocode {

// One LLM operation as seen by the client.
struct LlmCallObservation
{
    QString providerName = QStringLiteral("openai"); // gen_ai.provider.name
    QString requestModel;                            // gen_ai.request.model
    QString operationName = QStringLiteral("chat");  // gen_ai.operation.name
    double durationSeconds = 0.0;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    std::optional<double> timeToFirstChunkSeconds; // streaming calls only
    std::optional<double> costUsd;
    QString errorType; // empty on success; then no token usage is recorded
};

class ProjectMetrics
{
public:
    // Metric names
    static const QString kTokenUsage;        // gen_ai_client_token_usage
    static const QString kOperationDuration; // gen_ai_client_operation_duration_seconds
    static const QString kTimeToFirstChunk;  // gen_ai_client_operation_time_to_first_chunk_seconds
    static const QString kServiceRequestDuration; // necrocode_service_request_duration_seconds
    static const QString kServiceRequests;        // necrocode_service_requests_total
    static const QString kRuns;                   // necrocode_runs_total
    static const QString kRetries;                // necrocode_retries_total
    static const QString kErrors;                 // necrocode_errors_total
    static const QString kActiveRunners;          // necrocode_active_runners
    static const QString kLlmCost;                // necrocode_llm_cost_usd_total

    // OpenTelemetry GenAI advisory bucket boundaries.
    static const QList<double> kTokenBuckets;
    static const QList<double> kGenAiDurationBuckets;
    // Latency buckets for calls to the local services and the LLM (up to its 120 s timeout).
    static const QList<double> kServiceDurationBuckets;

    explicit ProjectMetrics(MetricsRegistry &registry = MetricsRegistry::global());

    // Token usage (input and output), operation duration, time to first chunk, cost, and the
    // service request metrics with service "llm".
    void recordLlmCall(const LlmCallObservation &call);
    // A call to task_registry, repo_pool, artifact_store or llm; errorType empty on success.
    void recordServiceRequest(const QString &service, const QString &operation,
                              double durationSeconds, const QString &errorType = {});
    void recordRun(const QString &outcome); // completed, failed, ...
    void recordRetry(const QString &service, const QString &errorType);
    void recordError(const QString &errorType);
    void setActiveRunners(int count);
    void addActiveRunners(int delta);

    MetricsRegistry &registry() const { return *m_registry; }

private:
    MetricsRegistry *m_registry;
    HistogramFamily *m_tokenUsage = nullptr;
    HistogramFamily *m_operationDuration = nullptr;
    HistogramFamily *m_timeToFirstChunk = nullptr;
    HistogramFamily *m_serviceDuration = nullptr;
    CounterFamily *m_serviceRequests = nullptr;
    CounterFamily *m_runs = nullptr;
    CounterFamily *m_retries = nullptr;
    CounterFamily *m_errors = nullptr;
    GaugeFamily *m_activeRunners = nullptr;
    CounterFamily *m_llmCost = nullptr;
};

} // namespace necrocode
