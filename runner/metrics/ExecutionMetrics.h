// The metrics of one task run (SPEC §3.2): what the collector produces, the reporter prints and
// the console shows. JSON keys keep the names of the earlier implementation's metrics files.
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace necrocode {

struct PhaseTiming
{
    QString phase; // workspace_preparation, task_implementation, test_execution, ...
    double seconds = 0.0;

    friend bool operator==(const PhaseTiming &, const PhaseTiming &) = default;
};

struct ExecutionMetrics
{
    // Identity
    QString runnerId;
    QString taskId;
    QString specName;

    // Timing: wall-clock start and end (ms since the epoch, UTC) and the monotonic duration.
    qint64 startTimeMs = 0;
    std::optional<qint64> endTimeMs; // absent while the run is in progress
    int utcOffsetSeconds = 0;        // local offset used when the times are written
    double durationSeconds = 0.0;
    QList<PhaseTiming> phaseTimings; // in the order the phases first started

    // Resources of the runner process and its child processes
    double peakMemoryMb = 0.0;
    double peakMemoryPercent = 0.0;
    double averageMemoryMb = 0.0;
    double averageMemoryPercent = 0.0;
    double peakCpuPercent = 0.0; // 100 = one core fully busy
    double averageCpuPercent = 0.0;
    qint64 resourceSamples = 0;

    // Implementation
    qint64 filesChanged = 0;
    qint64 linesAdded = 0;
    qint64 linesRemoved = 0;

    // Tests
    qint64 testsRun = 0;
    qint64 testsPassed = 0;
    qint64 testsFailed = 0;

    // Git (every git command the run started: fetch, checkout, diff, commit, push, ...)
    qint64 gitCommands = 0;
    double gitDurationSeconds = 0.0;

    // Artifacts
    qint64 artifactsUploaded = 0;
    qint64 totalArtifactSizeBytes = 0;

    // Errors and retries
    qint64 errorsEncountered = 0;
    QMap<QString, qint64>
        errorsByClass; // rate_limit, timeout, connection, http_<code>, parse, auth
    qint64 retriesAttempted = 0;

    // Parallel execution
    qint64 concurrentRunners = 1;
    double waitTimeSeconds = 0.0;
    qint64 resourceConflictsDetected = 0;

    // LLM service (completed chat completions)
    qint64 llmCalls = 0;
    double llmTotalDurationSeconds = 0.0;
    qint64 llmTotalTokens = 0;
    qint64 llmPromptTokens = 0;
    qint64 llmCompletionTokens = 0;
    qint64 llmStreamedCalls = 0; // calls that measured a time to first token
    double llmTimeToFirstTokenTotalSeconds = 0.0;
    std::optional<double> llmCostUsd; // sum over calls whose model has a price; absent if none
    qint64 llmUnpricedCalls = 0;      // calls left out of the cost because no price was known

    // External services
    qint64 taskRegistryCalls = 0;
    double taskRegistryDurationSeconds = 0.0;
    qint64 repoPoolCalls = 0;
    double repoPoolDurationSeconds = 0.0;
    qint64 artifactStoreCalls = 0;
    double artifactStoreDurationSeconds = 0.0;

    QJsonObject metadata;

    double llmAverageDurationSeconds() const;
    std::optional<double> llmAverageTimeToFirstTokenSeconds() const;

    // Pretty-printed JSON with keys in a fixed order and phases in run order. The averages are
    // written too, for readers of the file, and ignored when read back.
    QByteArray toJson() const;
    QJsonObject toJsonObject() const;

    // Every key is required except end_time, llm_cost_usd and metadata (absent or null), and the
    // derived averages. Errors name the key. fromJson keeps the phase order of the document;
    // fromJsonObject cannot (QJsonObject sorts keys), so its phases come in key order.
    static Result<ExecutionMetrics> fromJson(QByteArrayView json);
    static Result<ExecutionMetrics> fromJsonObject(const QJsonObject &object);

    friend bool operator==(const ExecutionMetrics &, const ExecutionMetrics &) = default;
};

} // namespace necrocode
