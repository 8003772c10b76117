#include "metrics/ProjectMetrics.h"

#include <QDebug>

namespace necrocode {

const QString ProjectMetrics::kTokenUsage = QStringLiteral("gen_ai_client_token_usage");
const QString ProjectMetrics::kOperationDuration =
    QStringLiteral("gen_ai_client_operation_duration_seconds");
const QString ProjectMetrics::kTimeToFirstChunk =
    QStringLiteral("gen_ai_client_operation_time_to_first_chunk_seconds");
const QString ProjectMetrics::kServiceRequestDuration =
    QStringLiteral("necrocode_service_request_duration_seconds");
const QString ProjectMetrics::kServiceRequests = QStringLiteral("necrocode_service_requests_total");
const QString ProjectMetrics::kRuns = QStringLiteral("necrocode_runs_total");
const QString ProjectMetrics::kRetries = QStringLiteral("necrocode_retries_total");
const QString ProjectMetrics::kErrors = QStringLiteral("necrocode_errors_total");
const QString ProjectMetrics::kActiveRunners = QStringLiteral("necrocode_active_runners");
const QString ProjectMetrics::kLlmCost = QStringLiteral("necrocode_llm_cost_usd_total");

const QList<double> ProjectMetrics::kTokenBuckets = {
    1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864};
const QList<double> ProjectMetrics::kGenAiDurationBuckets = {
    0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92};
const QList<double> ProjectMetrics::kServiceDurationBuckets = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};

namespace {

template <typename Family> Family *orWarn(Result<Family *> result)
{
    if (result)
        return *result;
    qWarning("%s", qPrintable(result.errorMessage()));
    return nullptr;
}

const QString kOperationLabel = QStringLiteral("gen_ai_operation_name");
const QString kProviderLabel = QStringLiteral("gen_ai_provider_name");
const QString kModelLabel = QStringLiteral("gen_ai_request_model");

} // namespace

ProjectMetrics::ProjectMetrics(MetricsRegistry &registry) : m_registry(&registry)
{
    m_tokenUsage = orWarn(registry.histogram(
        kTokenUsage, QStringLiteral("Number of input and output tokens used per LLM operation."),
        {kOperationLabel, kProviderLabel, kModelLabel, QStringLiteral("gen_ai_token_type")},
        kTokenBuckets));
    m_operationDuration = orWarn(registry.histogram(
        kOperationDuration, QStringLiteral("Duration of LLM operations in seconds."),
        {kOperationLabel, kProviderLabel, kModelLabel, QStringLiteral("error_type")},
        kGenAiDurationBuckets));
    m_timeToFirstChunk = orWarn(registry.histogram(
        kTimeToFirstChunk,
        QStringLiteral("Time from sending a streaming LLM request to its first chunk in seconds."),
        {kOperationLabel, kProviderLabel, kModelLabel}, kGenAiDurationBuckets));
    m_serviceDuration = orWarn(registry.histogram(
        kServiceRequestDuration,
        QStringLiteral("Duration of requests to external services in seconds."),
        {QStringLiteral("service"), QStringLiteral("operation")}, kServiceDurationBuckets));
    m_serviceRequests = orWarn(registry.counter(
        kServiceRequests, QStringLiteral("Requests to external services by outcome."),
        {QStringLiteral("service"), QStringLiteral("operation"), QStringLiteral("outcome"),
         QStringLiteral("error_type")}));
    m_runs = orWarn(registry.counter(kRuns, QStringLiteral("Task runs finished, by outcome."),
                                     {QStringLiteral("outcome")}));
    m_retries = orWarn(
        registry.counter(kRetries, QStringLiteral("Retried requests by service and error type."),
                         {QStringLiteral("service"), QStringLiteral("error_type")}));
    m_errors = orWarn(registry.counter(kErrors, QStringLiteral("Errors by error type."),
                                       {QStringLiteral("error_type")}));
    m_activeRunners = orWarn(
        registry.gauge(kActiveRunners, QStringLiteral("Runners currently executing a task.")));
    m_llmCost = orWarn(registry.counter(
        kLlmCost, QStringLiteral("Cost of LLM calls in US dollars, for models with a price."),
        {kProviderLabel, kModelLabel}));
}

void ProjectMetrics::recordLlmCall(const LlmCallObservation &call)
{
    const QString &op = call.operationName;
    const QString &provider = call.providerName;
    const QString &model = call.requestModel;
    if (m_operationDuration)
        m_operationDuration->observe({op, provider, model, call.errorType}, call.durationSeconds);
    recordServiceRequest(QStringLiteral("llm"), op, call.durationSeconds, call.errorType);
    if (!call.errorType.isEmpty())
        return;
    if (m_tokenUsage) {
        m_tokenUsage->observe({op, provider, model, QStringLiteral("input")},
                              double(call.inputTokens));
        m_tokenUsage->observe({op, provider, model, QStringLiteral("output")},
                              double(call.outputTokens));
    }
    if (m_timeToFirstChunk && call.timeToFirstChunkSeconds)
        m_timeToFirstChunk->observe({op, provider, model}, *call.timeToFirstChunkSeconds);
    if (m_llmCost && call.costUsd)
        m_llmCost->inc({provider, model}, *call.costUsd);
}

void ProjectMetrics::recordServiceRequest(const QString &service, const QString &operation,
                                          double durationSeconds, const QString &errorType)
{
    if (m_serviceDuration)
        m_serviceDuration->observe({service, operation}, durationSeconds);
    if (m_serviceRequests) {
        const QString outcome =
            errorType.isEmpty() ? QStringLiteral("success") : QStringLiteral("error");
        m_serviceRequests->inc({service, operation, outcome, errorType});
    }
}

void ProjectMetrics::recordRun(const QString &outcome)
{
    if (m_runs)
        m_runs->inc({outcome});
}

void ProjectMetrics::recordRetry(const QString &service, const QString &errorType)
{
    if (m_retries)
        m_retries->inc({service, errorType});
}

void ProjectMetrics::recordError(const QString &errorType)
{
    if (m_errors)
        m_errors->inc({errorType});
}

void ProjectMetrics::setActiveRunners(int count)
{
    if (m_activeRunners)
        m_activeRunners->set({}, count);
}

void ProjectMetrics::addActiveRunners(int delta)
{
    if (m_activeRunners)
        m_activeRunners->add({}, delta);
}

} // namespace necrocode
