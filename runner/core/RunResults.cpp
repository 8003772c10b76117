#include "core/RunResults.h"

#include "core/JsonFields.h"

namespace necrocode {

namespace {

QString str(const char *key)
{
    return QString::fromLatin1(key);
}

// Reads an array of objects with T::fromJson, naming the element on error.
template <typename T> Result<QList<T>> objectList(const QJsonObject &o, const QString &key)
{
    QList<T> out;
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return out;
    if (!v.isArray())
        return makeError(QStringLiteral("'%1' must be an array").arg(key), QStringLiteral("parse"));
    const QJsonArray array = v.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isObject())
            return makeError(QStringLiteral("'%1[%2]' must be an object").arg(key).arg(i),
                             QStringLiteral("parse"));
        auto item = T::fromJson(array.at(i).toObject());
        if (!item)
            return makeError(
                QStringLiteral("'%1[%2]': %3").arg(key).arg(i).arg(item.errorMessage()),
                QStringLiteral("parse"));
        out.append(std::move(item).value());
    }
    return out;
}

template <typename T> QJsonArray toArray(const QList<T> &items)
{
    QJsonArray out;
    for (const T &item : items)
        out.append(item.toJson());
    return out;
}

// Reads an optional nested object with T::fromJson.
template <typename T>
Result<std::optional<T>> optionalNested(const QJsonObject &o, const QString &key)
{
    QJsonObject nested;
    NECRO_TRY_ASSIGN(nested, json::optionalObject(o, key));
    if (!o.contains(key) || o.value(key).isNull())
        return std::optional<T>{};
    auto item = T::fromJson(nested);
    if (!item)
        return makeError(QStringLiteral("'%1': %2").arg(key, item.errorMessage()),
                         QStringLiteral("parse"));
    return std::optional<T>(std::move(item).value());
}

} // namespace

QJsonObject ImplementationResult::toJson() const
{
    return {{str("success"), success},
            {str("files_changed"), json::toJsonArray(filesChanged)},
            {str("lines_added"), linesAdded},
            {str("lines_removed"), linesRemoved},
            {str("diff"), diff},
            {str("explanation"), explanation},
            {str("error"), error},
            {str("duration_seconds"), durationSeconds}};
}

Result<ImplementationResult> ImplementationResult::fromJson(const QJsonObject &o)
{
    ImplementationResult r;
    qint64 added = 0, removed = 0;
    NECRO_TRY_ASSIGN(r.success, json::requiredBool(o, str("success")));
    NECRO_TRY_ASSIGN(r.filesChanged, json::optionalStringList(o, str("files_changed")));
    NECRO_TRY_ASSIGN(added, json::optionalInteger(o, str("lines_added"), 0));
    NECRO_TRY_ASSIGN(removed, json::optionalInteger(o, str("lines_removed"), 0));
    NECRO_TRY_ASSIGN(r.diff, json::optionalString(o, str("diff"), {}));
    NECRO_TRY_ASSIGN(r.explanation, json::optionalString(o, str("explanation"), {}));
    NECRO_TRY_ASSIGN(r.error, json::optionalString(o, str("error"), {}));
    NECRO_TRY_ASSIGN(r.durationSeconds, json::optionalNumber(o, str("duration_seconds"), 0));
    r.linesAdded = int(added);
    r.linesRemoved = int(removed);
    return r;
}

QJsonObject SingleTestResult::toJson() const
{
    return {{str("command"), command},    {str("success"), success},
            {str("exit_code"), exitCode}, {str("timed_out"), timedOut},
            {str("output"), output},      {str("duration_seconds"), durationSeconds}};
}

Result<SingleTestResult> SingleTestResult::fromJson(const QJsonObject &o)
{
    SingleTestResult r;
    qint64 exitCode = 0;
    NECRO_TRY_ASSIGN(r.command, json::requiredString(o, str("command")));
    NECRO_TRY_ASSIGN(r.success, json::requiredBool(o, str("success")));
    NECRO_TRY_ASSIGN(exitCode, json::optionalInteger(o, str("exit_code"), 0));
    NECRO_TRY_ASSIGN(r.timedOut, json::optionalBool(o, str("timed_out"), false));
    NECRO_TRY_ASSIGN(r.output, json::optionalString(o, str("output"), {}));
    NECRO_TRY_ASSIGN(r.durationSeconds, json::optionalNumber(o, str("duration_seconds"), 0));
    r.exitCode = int(exitCode);
    return r;
}

int TestResult::passedCount() const
{
    return int(std::count_if(results.begin(), results.end(),
                             [](const SingleTestResult &r) { return r.success; }));
}

int TestResult::failedCount() const
{
    return int(results.size()) - passedCount();
}

QJsonObject TestResult::toJson() const
{
    return {{str("success"), success},
            {str("results"), toArray(results)},
            {str("total_duration_seconds"), totalDurationSeconds}};
}

Result<TestResult> TestResult::fromJson(const QJsonObject &o)
{
    TestResult r;
    NECRO_TRY_ASSIGN(r.success, json::requiredBool(o, str("success")));
    NECRO_TRY_ASSIGN(r.results, objectList<SingleTestResult>(o, str("results")));
    NECRO_TRY_ASSIGN(r.totalDurationSeconds,
                     json::optionalNumber(o, str("total_duration_seconds"), 0));
    return r;
}

QJsonObject PushResult::toJson() const
{
    return {{str("success"), success},
            {str("branch_name"), branchName},
            {str("commit_hash"), commitHash},
            {str("retry_count"), retryCount},
            {str("error"), error}};
}

Result<PushResult> PushResult::fromJson(const QJsonObject &o)
{
    PushResult r;
    qint64 retries = 0;
    NECRO_TRY_ASSIGN(r.success, json::requiredBool(o, str("success")));
    NECRO_TRY_ASSIGN(r.branchName, json::optionalString(o, str("branch_name"), {}));
    NECRO_TRY_ASSIGN(r.commitHash, json::optionalString(o, str("commit_hash"), {}));
    NECRO_TRY_ASSIGN(retries, json::optionalInteger(o, str("retry_count"), 0));
    NECRO_TRY_ASSIGN(r.error, json::optionalString(o, str("error"), {}));
    r.retryCount = int(retries);
    return r;
}

QJsonObject ArtifactRecord::toJson() const
{
    return {{str("type"), type},
            {str("uri"), uri},
            {str("size_bytes"), sizeBytes},
            {str("metadata"), metadata}};
}

Result<ArtifactRecord> ArtifactRecord::fromJson(const QJsonObject &o)
{
    ArtifactRecord r;
    NECRO_TRY_ASSIGN(r.type, json::requiredString(o, str("type")));
    NECRO_TRY_ASSIGN(r.uri, json::requiredString(o, str("uri")));
    NECRO_TRY_ASSIGN(r.sizeBytes, json::optionalInteger(o, str("size_bytes"), 0));
    NECRO_TRY_ASSIGN(r.metadata, json::optionalObject(o, str("metadata")));
    return r;
}

QJsonObject RunnerResult::toJson() const
{
    QJsonObject o{{str("success"), success},
                  {str("runner_id"), runnerId},
                  {str("task_id"), taskId},
                  {str("spec_name"), specName},
                  {str("state"), runnerStateName(finalState)},
                  {str("duration_seconds"), durationSeconds},
                  {str("artifacts"), toArray(artifacts)},
                  {str("error"), error},
                  {str("error_type"), errorType},
                  {str("failed_phase"), failedPhase}};
    if (implementation)
        o.insert(str("implementation"), implementation->toJson());
    if (tests)
        o.insert(str("tests"), tests->toJson());
    if (push)
        o.insert(str("push"), push->toJson());
    return o;
}

Result<RunnerResult> RunnerResult::fromJson(const QJsonObject &o)
{
    RunnerResult r;
    QString state;
    NECRO_TRY_ASSIGN(r.success, json::requiredBool(o, str("success")));
    NECRO_TRY_ASSIGN(r.runnerId, json::optionalString(o, str("runner_id"), {}));
    NECRO_TRY_ASSIGN(r.taskId, json::requiredString(o, str("task_id")));
    NECRO_TRY_ASSIGN(r.specName, json::optionalString(o, str("spec_name"), {}));
    NECRO_TRY_ASSIGN(state, json::optionalString(o, str("state"), str("idle")));
    const auto parsedState = parseRunnerState(state);
    if (!parsedState)
        return makeError(
            QStringLiteral("'state' must be idle, running, completed or failed, got '%1'")
                .arg(state),
            QStringLiteral("parse"));
    r.finalState = *parsedState;
    NECRO_TRY_ASSIGN(r.durationSeconds, json::optionalNumber(o, str("duration_seconds"), 0));
    NECRO_TRY_ASSIGN(r.implementation,
                     optionalNested<ImplementationResult>(o, str("implementation")));
    NECRO_TRY_ASSIGN(r.tests, optionalNested<TestResult>(o, str("tests")));
    NECRO_TRY_ASSIGN(r.push, optionalNested<PushResult>(o, str("push")));
    NECRO_TRY_ASSIGN(r.artifacts, objectList<ArtifactRecord>(o, str("artifacts")));
    NECRO_TRY_ASSIGN(r.error, json::optionalString(o, str("error"), {}));
    NECRO_TRY_ASSIGN(r.errorType, json::optionalString(o, str("error_type"), {}));
    NECRO_TRY_ASSIGN(r.failedPhase, json::optionalString(o, str("failed_phase"), {}));
    return r;
}

} // namespace necrocode
