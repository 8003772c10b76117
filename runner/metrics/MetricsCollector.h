// Collects the ExecutionMetrics of one run as it happens: phases, LLM and service calls,
// errors, retries, resource samples. Thread-safe. When given a registry, every LLM call,
// service call, error and retry also updates the process-wide metrics.
#pragma once

#include "core/RunEventObserver.h"
#include "metrics/ExecutionMetrics.h"
#include "metrics/LlmPriceTable.h"
#include "metrics/ProjectMetrics.h"
#include "metrics/ResourceSample.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMutex>

#include <optional>

namespace necrocode {

class MetricsCollector final : public RunEventObserver
{
public:
    // Service names of SPEC §2.
    static const QString kTaskRegistry;
    static const QString kRepoPool;
    static const QString kArtifactStore;

    MetricsCollector(QString runnerId, QString taskId, QString specName,
                     MetricsRegistry *registry = nullptr);
    MetricsCollector(const MetricsCollector &) = delete;
    MetricsCollector &operator=(const MetricsCollector &) = delete;

    void setLlmPrices(LlmPriceTable prices);
    // Labels of the process metrics for calls that do not name a model.
    void setLlmProvider(const QString &providerName, const QString &defaultModel = {});
    void setMetadata(const QString &key, const QJsonValue &value);

    // Phases: the time between start and end is added to the phase (a phase run twice adds
    // up); phases keep the order in which they first started. Returns false for an end without
    // a start, or a start of a phase already running.
    bool startPhase(const QString &phase);
    bool endPhase(const QString &phase);

    // Counts what a run reports: phases, LLM calls, service calls, git commands, tests. Returns
    // the event with what the collector adds to it (the cost of an LLM call when a price is
    // configured).
    RunEvent record(RunEvent event) override;

    // One completed chat completion; its cost when a price for the model is configured.
    std::optional<double> recordLlmCall(
        double durationSeconds, qint64 totalTokens, qint64 promptTokens, qint64 completionTokens,
        std::optional<double> timeToFirstTokenSeconds = std::nullopt, const QString &model = {});
    // One request to a service. For task_registry, repo_pool and artifact_store it counts in the
    // run's service figures; requests to "llm" that are not completed chat completions (a failed
    // attempt, GET /models) and other services reach only the process metrics. errorType is
    // empty on success.
    void recordExternalServiceCall(const QString &service, double durationSeconds,
                                   const QString &operation = {}, const QString &errorType = {});
    void recordError(const QString &errorClass);
    void recordRetry(const QString &service = {}, const QString &errorType = {});

    void recordImplementation(qint64 filesChanged, qint64 linesAdded, qint64 linesRemoved);
    void recordTests(qint64 testsRun, qint64 testsPassed, qint64 testsFailed);
    void recordGitCommand(double durationSeconds);
    void recordArtifact(qint64 sizeBytes); // one more uploaded artifact
    void setConcurrentRunners(qint64 count);
    void addWaitTime(double seconds);
    void recordResourceConflict();
    void recordResourceSample(const ResourceSample &sample);

    // The metrics so far: running phases count up to now, the end time stays empty.
    ExecutionMetrics snapshot() const;
    // Ends running phases and fixes the end time on the first call; later calls return the same
    // end time. A non-empty outcome (completed, failed) is counted once in necrocode_runs_total.
    ExecutionMetrics finalize(const QString &outcome = {});

private:
    double elapsedSeconds() const;
    void addPhaseTime(const QString &phase, double seconds);
    ExecutionMetrics buildLocked(double nowSeconds) const;

    mutable QMutex m_mutex;
    QElapsedTimer m_clock;
    ExecutionMetrics m_metrics;
    QHash<QString, double> m_runningPhases; // phase -> start, seconds on m_clock
    ResourceUsageAccumulator m_resources;
    LlmPriceTable m_prices;
    QString m_llmProvider = QStringLiteral("openai");
    QString m_llmDefaultModel;
    std::optional<double> m_finishedAtSeconds;
    bool m_outcomeCounted = false;
    std::optional<ProjectMetrics> m_processMetrics;
};

// Times one phase for the lifetime of the object.
class PhaseTimer
{
public:
    PhaseTimer(MetricsCollector &collector, QString phase);
    ~PhaseTimer();
    PhaseTimer(const PhaseTimer &) = delete;
    PhaseTimer &operator=(const PhaseTimer &) = delete;

    void finish(); // ends the phase now instead of at destruction

private:
    MetricsCollector &m_collector;
    QString m_phase;
    bool m_running;
};

} // namespace necrocode
