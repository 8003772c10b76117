// Everything a run reports, as typed values: the engine emits these, and the log entries, the
// metrics, the console's runs, calls and charts, and an attached worker's runs are all derived
// from them. RunEventCodec writes them into a log entry's fields and reads them back.
#pragma once

#include "core/RunPhase.h"

#include <QMetaType>
#include <QString>

#include <optional>
#include <variant>

namespace necrocode::run_event {

// The service name of the model and the operation of a chat completion, as logged and counted.
inline const QString kLlmService = QStringLiteral("llm");
inline const QString kLlmChatOperation = QStringLiteral("chat_completion");

struct RunStarted
{
    QString title{};
    int timeoutSeconds = 0;
    QString branchName{};

    friend bool operator==(const RunStarted &, const RunStarted &) = default;
};

struct PhaseChanged
{
    RunPhase phase = RunPhase::Validation;
    bool started = true; // false: the phase finished

    friend bool operator==(const PhaseChanged &, const PhaseChanged &) = default;
};

struct RunFinished
{
    bool success = false;
    double durationSeconds = 0;
    QString error{};
    QString errorType{};

    friend bool operator==(const RunFinished &, const RunFinished &) = default;
};

// One answered chat completion.
struct LlmCall
{
    QString requestId{}; // the provider's id of the completion; empty when it sent none
    QString model{};
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    qint64 totalTokens = 0;
    double durationSeconds = 0;
    std::optional<double> timeToFirstTokenSeconds{}; // streamed answers only
    QString finishReason{};
    qint64 responseLength = 0; // characters
    int attempt = 0;
    std::optional<double> costUsd{}; // when a price for the model is configured

    friend bool operator==(const LlmCall &, const LlmCall &) = default;
};

// What became of a model's answer: accepted with its changes, or rejected and why.
struct AnswerParsed
{
    bool accepted = false;
    int changes = 0;
    QString errorType{}; // empty when accepted
    QString error{};

    friend bool operator==(const AnswerParsed &, const AnswerParsed &) = default;
};

// One attempt of a request to a service (task_registry, repo_pool, artifact_store, llm).
struct ServiceCall
{
    QString service{};
    QString operation{};
    int statusCode = 0; // 0: no HTTP answer
    double durationSeconds = 0;
    int attempt = 1;
    QString errorType{}; // empty on success
    QString error{};
    // Set when the attempt failed and another one follows after this delay.
    std::optional<double> retryDelaySeconds{};
    int maxAttempts = 0;   // with retryDelaySeconds
    bool expected = false; // a failure status the caller asked for (a 404 lookup)

    bool succeeded() const { return errorType.isEmpty(); }
    // A failure that ends the call and counts as an error of the run.
    bool isFinalError() const;

    friend bool operator==(const ServiceCall &, const ServiceCall &) = default;
};

struct GitCommand
{
    QString operation{}; // git_<subcommand>
    QString command{};   // as shown to people
    int exitCode = 0;
    double durationSeconds = 0;
    bool success = false;
    QString error{};

    friend bool operator==(const GitCommand &, const GitCommand &) = default;
};

struct TestsFinished
{
    int testsRun = 0;
    int passed = 0;
    int failed = 0;
    double durationSeconds = 0;
    bool success = false;

    friend bool operator==(const TestsFinished &, const TestsFinished &) = default;
};

} // namespace necrocode::run_event

namespace necrocode {

using RunEvent =
    std::variant<run_event::RunStarted, run_event::PhaseChanged, run_event::RunFinished,
                 run_event::LlmCall, run_event::AnswerParsed, run_event::ServiceCall,
                 run_event::GitCommand, run_event::TestsFinished>;

} // namespace necrocode

Q_DECLARE_METATYPE(necrocode::RunEvent)
