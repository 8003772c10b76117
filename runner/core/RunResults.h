// The results a run produces, step by step, and the runner's final result (SPEC §1).
#pragma once

#include "core/Result.h"
#include "core/RunnerState.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <optional>

namespace necrocode {

struct ImplementationResult
{
    bool success = false;
    QStringList filesChanged;
    int linesAdded = 0;
    int linesRemoved = 0;
    QString diff;
    QString explanation;
    QString error;
    double durationSeconds = 0;

    QJsonObject toJson() const;
    static Result<ImplementationResult> fromJson(const QJsonObject &o);
    friend bool operator==(const ImplementationResult &, const ImplementationResult &) = default;
};

struct SingleTestResult
{
    QString command;
    bool success = false;
    int exitCode = 0;
    bool timedOut = false;
    QString output; // bounded and masked
    double durationSeconds = 0;

    QJsonObject toJson() const;
    static Result<SingleTestResult> fromJson(const QJsonObject &o);
    friend bool operator==(const SingleTestResult &, const SingleTestResult &) = default;
};

struct TestResult
{
    bool success = false;
    QList<SingleTestResult> results;
    double totalDurationSeconds = 0;

    int passedCount() const;
    int failedCount() const;
    QJsonObject toJson() const;
    static Result<TestResult> fromJson(const QJsonObject &o);
    friend bool operator==(const TestResult &, const TestResult &) = default;
};

struct PushResult
{
    bool success = false;
    QString branchName;
    QString commitHash;
    int retryCount = 0;
    QString error;

    QJsonObject toJson() const;
    static Result<PushResult> fromJson(const QJsonObject &o);
    friend bool operator==(const PushResult &, const PushResult &) = default;
};

struct ArtifactRecord
{
    QString type; // diff, log, test_results, transcript
    QString uri;
    qint64 sizeBytes = 0;
    QJsonObject metadata;

    QJsonObject toJson() const;
    static Result<ArtifactRecord> fromJson(const QJsonObject &o);
    friend bool operator==(const ArtifactRecord &, const ArtifactRecord &) = default;
};

struct RunnerResult
{
    bool success = false;
    QString runnerId;
    QString taskId;
    QString specName;
    RunnerState finalState = RunnerState::Idle;
    double durationSeconds = 0;
    std::optional<ImplementationResult> implementation;
    std::optional<TestResult> tests;
    std::optional<PushResult> push;
    QList<ArtifactRecord> artifacts;
    QString error;     // the root cause, empty on success
    QString errorType; // rate_limit, timeout, connection, http_<code>, parse, auth, ...
    QString failedPhase;

    QJsonObject toJson() const;
    static Result<RunnerResult> fromJson(const QJsonObject &o);
    friend bool operator==(const RunnerResult &, const RunnerResult &) = default;
};

} // namespace necrocode
