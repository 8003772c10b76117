#include "metrics/MetricsCollector.h"

#include <QDateTime>

namespace necrocode {

const QString MetricsCollector::kTaskRegistry = QStringLiteral("task_registry");
const QString MetricsCollector::kRepoPool = QStringLiteral("repo_pool");
const QString MetricsCollector::kArtifactStore = QStringLiteral("artifact_store");

MetricsCollector::MetricsCollector(QString runnerId, QString taskId, QString specName,
                                   MetricsRegistry *registry)
{
    m_clock.start();
    const QDateTime now = QDateTime::currentDateTime();
    m_metrics.runnerId = std::move(runnerId);
    m_metrics.taskId = std::move(taskId);
    m_metrics.specName = std::move(specName);
    m_metrics.startTimeMs = now.toMSecsSinceEpoch();
    m_metrics.utcOffsetSeconds = now.offsetFromUtc();
    if (registry)
        m_processMetrics.emplace(*registry);
}

double MetricsCollector::elapsedSeconds() const
{
    return double(m_clock.nsecsElapsed()) / 1.0e9;
}

void MetricsCollector::setLlmPrices(LlmPriceTable prices)
{
    QMutexLocker lock(&m_mutex);
    m_prices = std::move(prices);
}

void MetricsCollector::setLlmProvider(const QString &providerName, const QString &defaultModel)
{
    QMutexLocker lock(&m_mutex);
    m_llmProvider = providerName;
    m_llmDefaultModel = defaultModel;
}

void MetricsCollector::setMetadata(const QString &key, const QJsonValue &value)
{
    QMutexLocker lock(&m_mutex);
    m_metrics.metadata.insert(key, value);
}

void MetricsCollector::addPhaseTime(const QString &phase, double seconds)
{
    for (PhaseTiming &timing : m_metrics.phaseTimings) {
        if (timing.phase == phase) {
            timing.seconds += seconds;
            return;
        }
    }
    m_metrics.phaseTimings.append({phase, seconds});
}

bool MetricsCollector::startPhase(const QString &phase)
{
    const double now = elapsedSeconds();
    QMutexLocker lock(&m_mutex);
    if (m_runningPhases.contains(phase))
        return false;
    m_runningPhases.insert(phase, now);
    addPhaseTime(phase, 0.0); // fixes the phase's position
    return true;
}

bool MetricsCollector::endPhase(const QString &phase)
{
    const double now = elapsedSeconds();
    QMutexLocker lock(&m_mutex);
    const auto it = m_runningPhases.constFind(phase);
    if (it == m_runningPhases.cend())
        return false;
    addPhaseTime(phase, now - it.value());
    m_runningPhases.erase(it);
    return true;
}

RunEvent MetricsCollector::record(RunEvent event)
{
    using namespace run_event;
    if (auto *call = std::get_if<LlmCall>(&event)) {
        call->costUsd =
            recordLlmCall(call->durationSeconds, call->totalTokens, call->promptTokens,
                          call->completionTokens, call->timeToFirstTokenSeconds, call->model);
    } else if (const auto *service = std::get_if<ServiceCall>(&event)) {
        recordExternalServiceCall(service->service, service->durationSeconds, service->operation,
                                  service->errorType);
        if (service->retryDelaySeconds)
            recordRetry(service->service, service->errorType);
        else if (service->isFinalError())
            recordError(service->errorType);
    } else if (const auto *phase = std::get_if<PhaseChanged>(&event)) {
        if (phase->started)
            startPhase(runPhaseName(phase->phase));
        else
            endPhase(runPhaseName(phase->phase));
    } else if (const auto *git = std::get_if<GitCommand>(&event)) {
        recordGitCommand(git->durationSeconds);
    } else if (const auto *tests = std::get_if<TestsFinished>(&event)) {
        recordTests(tests->testsRun, tests->passed, tests->failed);
    }
    return event;
}

std::optional<double> MetricsCollector::recordLlmCall(double durationSeconds, qint64 totalTokens,
                                                      qint64 promptTokens, qint64 completionTokens,
                                                      std::optional<double> timeToFirstTokenSeconds,
                                                      const QString &model)
{
    QMutexLocker lock(&m_mutex);
    const QString usedModel = model.isEmpty() ? m_llmDefaultModel : model;
    const std::optional<double> cost = m_prices.costUsd(usedModel, promptTokens, completionTokens);
    ExecutionMetrics &m = m_metrics;
    ++m.llmCalls;
    m.llmTotalDurationSeconds += durationSeconds;
    m.llmTotalTokens += totalTokens;
    m.llmPromptTokens += promptTokens;
    m.llmCompletionTokens += completionTokens;
    if (timeToFirstTokenSeconds) {
        ++m.llmStreamedCalls;
        m.llmTimeToFirstTokenTotalSeconds += *timeToFirstTokenSeconds;
    }
    if (cost)
        m.llmCostUsd = m.llmCostUsd.value_or(0.0) + *cost;
    else
        ++m.llmUnpricedCalls;

    if (m_processMetrics) {
        LlmCallObservation call;
        call.providerName = m_llmProvider;
        call.requestModel = usedModel;
        call.durationSeconds = durationSeconds;
        call.inputTokens = promptTokens;
        call.outputTokens = completionTokens;
        call.timeToFirstChunkSeconds = timeToFirstTokenSeconds;
        call.costUsd = cost;
        m_processMetrics->recordLlmCall(call);
    }
    return cost;
}

void MetricsCollector::recordExternalServiceCall(const QString &service, double durationSeconds,
                                                 const QString &operation, const QString &errorType)
{
    QMutexLocker lock(&m_mutex);
    ExecutionMetrics &m = m_metrics;
    if (service == kTaskRegistry) {
        ++m.taskRegistryCalls;
        m.taskRegistryDurationSeconds += durationSeconds;
    } else if (service == kRepoPool) {
        ++m.repoPoolCalls;
        m.repoPoolDurationSeconds += durationSeconds;
    } else if (service == kArtifactStore) {
        ++m.artifactStoreCalls;
        m.artifactStoreDurationSeconds += durationSeconds;
    }
    if (!m_processMetrics)
        return;
    if (service == run_event::kLlmService &&
        (operation.isEmpty() || operation == run_event::kLlmChatOperation)) {
        // A completed chat is counted once, by recordLlmCall with its tokens.
        if (errorType.isEmpty())
            return;
        // A failed chat operation still counts in the GenAI duration, with its error type.
        LlmCallObservation call;
        call.providerName = m_llmProvider;
        call.requestModel = m_llmDefaultModel;
        call.durationSeconds = durationSeconds;
        call.errorType = errorType;
        m_processMetrics->recordLlmCall(call);
        return;
    }
    m_processMetrics->recordServiceRequest(service, operation, durationSeconds, errorType);
}

void MetricsCollector::recordError(const QString &errorClass)
{
    QMutexLocker lock(&m_mutex);
    ++m_metrics.errorsEncountered;
    ++m_metrics.errorsByClass[errorClass];
    if (m_processMetrics)
        m_processMetrics->recordError(errorClass);
}

void MetricsCollector::recordRetry(const QString &service, const QString &errorType)
{
    QMutexLocker lock(&m_mutex);
    ++m_metrics.retriesAttempted;
    if (m_processMetrics)
        m_processMetrics->recordRetry(service, errorType);
}

void MetricsCollector::recordImplementation(qint64 filesChanged, qint64 linesAdded,
                                            qint64 linesRemoved)
{
    QMutexLocker lock(&m_mutex);
    m_metrics.filesChanged = filesChanged;
    m_metrics.linesAdded = linesAdded;
    m_metrics.linesRemoved = linesRemoved;
}

void MetricsCollector::recordTests(qint64 testsRun, qint64 testsPassed, qint64 testsFailed)
{
    QMutexLocker lock(&m_mutex);
    m_metrics.testsRun = testsRun;
    m_metrics.testsPassed = testsPassed;
    m_metrics.testsFailed = testsFailed;
}

void MetricsCollector::recordGitCommand(double durationSeconds)
{
    QMutexLocker lock(&m_mutex);
    ++m_metrics.gitCommands;
    m_metrics.gitDurationSeconds += durationSeconds;
}

void MetricsCollector::recordArtifact(qint64 sizeBytes)
{
    QMutexLocker lock(&m_mutex);
    ++m_metrics.artifactsUploaded;
    m_metrics.totalArtifactSizeBytes += sizeBytes;
}

void MetricsCollector::setConcurrentRunners(qint64 count)
{
    QMutexLocker lock(&m_mutex);
    m_metrics.concurrentRunners = count;
}

void MetricsCollector::addWaitTime(double seconds)
{
    QMutexLocker lock(&m_mutex);
    m_metrics.waitTimeSeconds += seconds;
}

void MetricsCollector::recordResourceConflict()
{
    QMutexLocker lock(&m_mutex);
    ++m_metrics.resourceConflictsDetected;
}

void MetricsCollector::recordResourceSample(const ResourceSample &sample)
{
    QMutexLocker lock(&m_mutex);
    m_resources.add(sample);
}

ExecutionMetrics MetricsCollector::buildLocked(double nowSeconds) const
{
    ExecutionMetrics out = m_metrics;
    for (auto it = m_runningPhases.begin(); it != m_runningPhases.end(); ++it) {
        for (PhaseTiming &timing : out.phaseTimings) {
            if (timing.phase == it.key())
                timing.seconds += nowSeconds - it.value();
        }
    }
    out.durationSeconds = nowSeconds;
    const ResourceUsageSummary resources = m_resources.summary();
    out.resourceSamples = resources.samples;
    out.peakMemoryMb = resources.peakMemoryMb;
    out.averageMemoryMb = resources.averageMemoryMb;
    out.peakMemoryPercent = resources.peakMemoryPercent;
    out.averageMemoryPercent = resources.averageMemoryPercent;
    out.peakCpuPercent = resources.peakCpuPercent;
    out.averageCpuPercent = resources.averageCpuPercent;
    return out;
}

ExecutionMetrics MetricsCollector::snapshot() const
{
    const double now = elapsedSeconds();
    QMutexLocker lock(&m_mutex);
    return buildLocked(m_finishedAtSeconds.value_or(now));
}

ExecutionMetrics MetricsCollector::finalize(const QString &outcome)
{
    const double now = elapsedSeconds();
    QMutexLocker lock(&m_mutex);
    if (!m_finishedAtSeconds) {
        m_finishedAtSeconds = now;
        for (auto it = m_runningPhases.begin(); it != m_runningPhases.end(); ++it)
            addPhaseTime(it.key(), now - it.value());
        m_runningPhases.clear();
        m_metrics.endTimeMs = m_metrics.startTimeMs + qint64(now * 1000.0);
    }
    if (!outcome.isEmpty() && !m_outcomeCounted && m_processMetrics) {
        m_processMetrics->recordRun(outcome);
        m_outcomeCounted = true;
    }
    return buildLocked(*m_finishedAtSeconds);
}

// ---- PhaseTimer ----

PhaseTimer::PhaseTimer(MetricsCollector &collector, QString phase)
    : m_collector(collector), m_phase(std::move(phase)), m_running(collector.startPhase(m_phase))
{}

PhaseTimer::~PhaseTimer()
{
    finish();
}

void PhaseTimer::finish()
{
    if (m_running)
        m_collector.endPhase(m_phase);
    m_running = false;
}

} // namespace necrocode
