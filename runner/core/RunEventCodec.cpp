#include "core/RunEventCodec.h"

namespace necrocode {

bool run_event::ServiceCall::isFinalError() const
{
    return !succeeded() && !retryDelaySeconds && !expected &&
           errorType != QLatin1String("cancelled");
}

namespace run_event_codec {

using namespace run_event;

namespace {

const QString kEvent = QStringLiteral("event");
const QString kTaskStarted = QStringLiteral("task_started");
const QString kTaskFinished = QStringLiteral("task_finished");
const QString kPhaseStart = QStringLiteral("start");
const QString kPhaseEnd = QStringLiteral("end");
const QString kAnswerParsed = QStringLiteral("answer_parsed");
const QString kTestsFinished = QStringLiteral("tests_finished");
const QString kTitle = QStringLiteral("title");
const QString kTimeout = QStringLiteral("timeout_seconds");
const QString kBranch = QStringLiteral("branch_name");
const QString kPhase = QStringLiteral("phase");
const QString kDuration = QStringLiteral("duration_seconds");
const QString kSuccess = QStringLiteral("success");
const QString kError = QStringLiteral("error");
const QString kErrorType = QStringLiteral("error_type");
const QString kService = QStringLiteral("service");
const QString kOperation = QStringLiteral("operation");
const QString kAttempt = QStringLiteral("attempt");
const QString kStatusCode = QStringLiteral("status_code");
const QString kDelay = QStringLiteral("delay_seconds");
const QString kMaxAttempts = QStringLiteral("max_attempts");
const QString kExpected = QStringLiteral("expected");
const QString kModel = QStringLiteral("llm_model");
const QString kRequestId = QStringLiteral("request_id");
const QString kTotalTokens = QStringLiteral("tokens_used");
const QString kPromptTokens = QStringLiteral("prompt_tokens");
const QString kCompletionTokens = QStringLiteral("completion_tokens");
const QString kRequestDuration = QStringLiteral("request_duration_seconds");
const QString kResponseLength = QStringLiteral("response_length");
const QString kFinishReason = QStringLiteral("finish_reason");
const QString kTimeToFirstToken = QStringLiteral("time_to_first_token_seconds");
const QString kCost = QStringLiteral("cost_usd");
const QString kAccepted = QStringLiteral("accepted");
const QString kChanges = QStringLiteral("changes");
const QString kCommand = QStringLiteral("command");
const QString kExitCode = QStringLiteral("exit_code");
const QString kTestsRun = QStringLiteral("tests_run");
const QString kTestsPassed = QStringLiteral("tests_passed");
const QString kTestsFailed = QStringLiteral("tests_failed");
const QString kGitPrefix = QStringLiteral("git_");

void insertError(QJsonObject &fields, const QString &errorType, const QString &error)
{
    if (!errorType.isEmpty())
        fields.insert(kErrorType, errorType);
    if (!error.isEmpty())
        fields.insert(kError, error);
}

QJsonObject fieldsOf(const RunStarted &e)
{
    return {{kEvent, kTaskStarted},
            {kTitle, e.title},
            {kTimeout, e.timeoutSeconds},
            {kBranch, e.branchName}};
}

QJsonObject fieldsOf(const PhaseChanged &e)
{
    return {{kPhase, runPhaseName(e.phase)}, {kEvent, e.started ? kPhaseStart : kPhaseEnd}};
}

QJsonObject fieldsOf(const RunFinished &e)
{
    return {{kEvent, kTaskFinished},
            {kDuration, e.durationSeconds},
            {kSuccess, e.success},
            {kError, e.error},
            {kErrorType, e.errorType}};
}

QJsonObject fieldsOf(const LlmCall &e)
{
    QJsonObject fields{{kService, kLlmService},
                       {kOperation, kLlmChatOperation},
                       {kModel, e.model},
                       {kTotalTokens, e.totalTokens},
                       {kPromptTokens, e.promptTokens},
                       {kCompletionTokens, e.completionTokens},
                       {kRequestDuration, e.durationSeconds},
                       {kResponseLength, e.responseLength},
                       {kFinishReason, e.finishReason},
                       {kAttempt, e.attempt}};
    if (!e.requestId.isEmpty())
        fields.insert(kRequestId, e.requestId);
    if (e.timeToFirstTokenSeconds)
        fields.insert(kTimeToFirstToken, *e.timeToFirstTokenSeconds);
    if (e.costUsd)
        fields.insert(kCost, *e.costUsd);
    return fields;
}

QJsonObject fieldsOf(const AnswerParsed &e)
{
    QJsonObject fields{{kEvent, kAnswerParsed}, {kAccepted, e.accepted}, {kChanges, e.changes}};
    insertError(fields, e.errorType, e.error);
    return fields;
}

QJsonObject fieldsOf(const ServiceCall &e)
{
    QJsonObject fields{{kService, e.service},
                       {kOperation, e.operation},
                       {kAttempt, e.attempt},
                       {kDuration, e.durationSeconds},
                       {kStatusCode, e.statusCode}};
    insertError(fields, e.errorType, e.error);
    if (e.retryDelaySeconds) {
        fields.insert(kMaxAttempts, e.maxAttempts);
        fields.insert(kDelay, *e.retryDelaySeconds);
    }
    if (e.expected)
        fields.insert(kExpected, true);
    return fields;
}

QJsonObject fieldsOf(const GitCommand &e)
{
    QJsonObject fields{{kOperation, e.operation},
                       {kCommand, e.command},
                       {kExitCode, e.exitCode},
                       {kDuration, e.durationSeconds},
                       {kSuccess, e.success}};
    if (!e.error.isEmpty())
        fields.insert(kError, e.error);
    return fields;
}

QJsonObject fieldsOf(const TestsFinished &e)
{
    return {{kEvent, kTestsFinished}, {kTestsRun, e.testsRun},        {kTestsPassed, e.passed},
            {kTestsFailed, e.failed}, {kDuration, e.durationSeconds}, {kSuccess, e.success}};
}

std::optional<double> optionalDouble(const QJsonObject &fields, const QString &key)
{
    const QJsonValue value = fields.value(key);
    return value.isDouble() ? std::optional<double>(value.toDouble()) : std::nullopt;
}

std::optional<RunEvent> readTagged(const QString &event, const QJsonObject &fields)
{
    if (event == kTaskStarted)
        return RunStarted{fields.value(kTitle).toString(), fields.value(kTimeout).toInt(),
                          fields.value(kBranch).toString()};
    if (event == kTaskFinished)
        return RunFinished{fields.value(kSuccess).toBool(), fields.value(kDuration).toDouble(),
                           fields.value(kError).toString(), fields.value(kErrorType).toString()};
    if (event == kPhaseStart || event == kPhaseEnd) {
        const auto phase = parseRunPhase(fields.value(kPhase).toString());
        if (!phase)
            return std::nullopt;
        return PhaseChanged{*phase, event == kPhaseStart};
    }
    if (event == kAnswerParsed)
        return AnswerParsed{fields.value(kAccepted).toBool(), fields.value(kChanges).toInt(),
                            fields.value(kErrorType).toString(), fields.value(kError).toString()};
    if (event == kTestsFinished)
        return TestsFinished{fields.value(kTestsRun).toInt(), fields.value(kTestsPassed).toInt(),
                             fields.value(kTestsFailed).toInt(), fields.value(kDuration).toDouble(),
                             fields.value(kSuccess).toBool()};
    return std::nullopt;
}

LlmCall readLlmCall(const QJsonObject &fields)
{
    LlmCall e;
    e.requestId = fields.value(kRequestId).toString();
    e.model = fields.value(kModel).toString();
    e.promptTokens = fields.value(kPromptTokens).toInteger();
    e.completionTokens = fields.value(kCompletionTokens).toInteger();
    e.totalTokens = fields.value(kTotalTokens).toInteger();
    e.durationSeconds = fields.value(kRequestDuration).toDouble();
    e.timeToFirstTokenSeconds = optionalDouble(fields, kTimeToFirstToken);
    e.finishReason = fields.value(kFinishReason).toString();
    e.responseLength = fields.value(kResponseLength).toInteger();
    e.attempt = fields.value(kAttempt).toInt();
    e.costUsd = optionalDouble(fields, kCost);
    return e;
}

ServiceCall readServiceCall(const QJsonObject &fields)
{
    ServiceCall e;
    e.service = fields.value(kService).toString();
    e.operation = fields.value(kOperation).toString();
    e.statusCode = fields.value(kStatusCode).toInt();
    e.durationSeconds = fields.value(kDuration).toDouble();
    e.attempt = fields.value(kAttempt).toInt(1);
    e.errorType = fields.value(kErrorType).toString();
    e.error = fields.value(kError).toString();
    e.retryDelaySeconds = optionalDouble(fields, kDelay);
    if (e.retryDelaySeconds)
        e.maxAttempts = fields.value(kMaxAttempts).toInt();
    e.expected = fields.value(kExpected).toBool();
    return e;
}

GitCommand readGitCommand(const QJsonObject &fields)
{
    return GitCommand{fields.value(kOperation).toString(), fields.value(kCommand).toString(),
                      fields.value(kExitCode).toInt(),     fields.value(kDuration).toDouble(),
                      fields.value(kSuccess).toBool(),     fields.value(kError).toString()};
}

} // namespace

QJsonObject write(const RunEvent &event)
{
    return std::visit([](const auto &e) { return fieldsOf(e); }, event);
}

std::optional<RunEvent> read(const QJsonObject &fields)
{
    if (const QJsonValue event = fields.value(kEvent); event.isString())
        return readTagged(event.toString(), fields);
    const QString operation = fields.value(kOperation).toString();
    if (operation == kLlmChatOperation && fields.contains(kTotalTokens))
        return readLlmCall(fields);
    if (operation.startsWith(kGitPrefix) && fields.contains(kCommand) && fields.contains(kExitCode))
        return readGitCommand(fields);
    if (fields.value(kService).isString() && !operation.isEmpty() &&
        fields.value(kDuration).isDouble() && fields.contains(kStatusCode))
        return readServiceCall(fields);
    return std::nullopt;
}

} // namespace run_event_codec

} // namespace necrocode
