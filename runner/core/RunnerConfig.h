// Everything a runner, the headless worker and the console are configured with (SPEC §4).
// Defaults work on a fresh machine: empty service URLs mean "the embedded local services".
#pragma once

#include "core/LogLevel.h"
#include "core/Result.h"

#include <QJsonObject>
#include <QMap>
#include <QStringList>

namespace necrocode {

struct ServiceEndpoint
{
    QString url;   // base URL; empty: the embedded local service
    QString token; // bearer token, secret
    int timeoutSeconds = 30;

    friend bool operator==(const ServiceEndpoint &, const ServiceEndpoint &) = default;
};

struct RetryConfig
{
    int maxAttempts = 3; // total attempts, first one included
    double initialDelaySeconds = 0.5;
    double factor = 2.0;
    double maxDelaySeconds = 30.0;
    double jitter = 0.2; // fraction of the delay added or removed at random

    QJsonObject toJson() const;
    static Result<RetryConfig> fromJson(const QJsonObject &object);
    friend bool operator==(const RetryConfig &, const RetryConfig &) = default;
};

struct LlmConfig
{
    QString baseUrl; // OpenAI-compatible base ending in /v1; empty: the embedded scripted model
    QString model = QStringLiteral("necrocode-scripted-offline");
    QString apiKey; // secret
    int maxTokens = 4096;
    double temperature = 0.2;
    int timeoutSeconds = 120;
    bool stream = true;
    bool jsonMode = true;
    int maxAnswerBytes = 4 * 1024 * 1024; // a larger answer fails with class "limits"

    // Never contains the API key, only whether one is set.
    QJsonObject toJson() const;
    static Result<LlmConfig> fromJson(const QJsonObject &object);
    friend bool operator==(const LlmConfig &, const LlmConfig &) = default;
};

struct ModelPrice
{
    double inputPerMillionUsd = 0;
    double outputPerMillionUsd = 0;

    friend bool operator==(const ModelPrice &, const ModelPrice &) = default;
};

struct RunnerConfig
{
    QString runnerId; // empty: derived from host name and process id
    ServiceEndpoint taskRegistry;
    ServiceEndpoint repoPool;
    ServiceEndpoint artifactStore;
    LlmConfig llm;
    RetryConfig retry;
    int taskTimeoutSeconds = 1800;
    // The final reports keep retrying through an outage for what is left of the task's budget,
    // and at least this long.
    int reportGraceSeconds = 30;
    // The lease a worker asks for when it claims a task; it renews it every third of that.
    int taskLeaseSeconds = 60;
    // How often a `serve` worker tells the registry it is alive (and what it runs).
    int heartbeatSeconds = 10;
    int gitTimeoutSeconds = 300;
    int testTimeoutSeconds = 900;
    int maxParallelRunners = 2;
    LogLevel logLevel = LogLevel::Info;
    QString logFile; // empty: no file sink
    qint64 logMaxBytes = qint64{50} * 1024 * 1024;
    int logBackups = 5;
    QString healthAddress = QStringLiteral("127.0.0.1");
    int healthPort = 9464;
    QString healthToken; // secret: /health, /metrics and /logs need it when set
    // Both set: the health server serves https with this PEM certificate (chain) and key.
    QString healthTlsCertificateFile;
    QString healthTlsKeyFile;
    // PEM certificate authorities trusted besides the system store, by every client of the
    // process (services, LLM, attached workers).
    QString tlsCaFile;
    int healthCheckIntervalSeconds = 15;
    int healthFailureThreshold = 3;
    int healthRecoveryThreshold = 2;
    int healthMaxLogStreams = 64;              // /logs streams open at once
    double memoryLimitMb = 0;                  // 0: no limit; exceeding it logs a warning
    double cpuLimitPercent = 0;                // 0: no limit
    int maxChangeFileBytes = 1024 * 1024;      // one file of the model's change set
    int maxChangeTotalBytes = 8 * 1024 * 1024; // the whole change set
    QString gitToken;                          // secret
    QString baseBranch = QStringLiteral("main");
    QString metricsDir;   // empty: no metrics JSON file
    QString playbookPath; // empty: the embedded default playbook (a task's own path wins)
    QMap<QString, ModelPrice> prices; // model → price, for cost
    // How test commands and playbook steps are confined (workspace/Sandbox.h): "bwrap", or
    // "none" by explicit choice only.
    QString sandboxMode = QStringLiteral("bwrap");
    bool sandboxNetwork = false;   // a task's metadata.allow_network also turns it on
    int sandboxMemoryMb = 4096;    // 0: no limit
    int sandboxMaxFileMb = 1024;   // 0: no limit
    int sandboxMaxProcesses = 512; // 0: no limit (not enforced by the kernel for root)

    // Every secret value set in this configuration, for the log masker.
    QStringList secrets() const;
    // Nested JSON with every setting; secrets appear only as "<key>_set": true|false.
    QJsonObject toJson() const;

    friend bool operator==(const RunnerConfig &, const RunnerConfig &) = default;
};

} // namespace necrocode
