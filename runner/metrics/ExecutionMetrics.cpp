#include "metrics/ExecutionMetrics.h"

#include "core/JsonFields.h"
#include "log/JsonLineFormatter.h"
#include "metrics/OrderedJsonWriter.h"

#include <QJsonDocument>

#include <simdjson.h>

#include <algorithm>
#include <variant>

namespace necrocode {

namespace {

using IntegerMember = qint64 ExecutionMetrics::*;
using RealMember = double ExecutionMetrics::*;
using TextMember = QString ExecutionMetrics::*;

// Fields that need more than a plain number or string.
enum class Special {
    StartTime,
    EndTime,
    PhaseTimings,
    ErrorsByClass,
    LlmAverageDuration,
    LlmAverageTimeToFirstToken,
    LlmCost,
    Metadata,
};

struct Field
{
    const char *key;
    std::variant<TextMember, IntegerMember, RealMember, Special> member;
};

// The one list that fixes the key order of the file and what is read back.
const Field kFields[] = {
    {"runner_id", &ExecutionMetrics::runnerId},
    {"task_id", &ExecutionMetrics::taskId},
    {"spec_name", &ExecutionMetrics::specName},
    {"start_time", Special::StartTime},
    {"end_time", Special::EndTime},
    {"duration_seconds", &ExecutionMetrics::durationSeconds},
    {"phase_timings", Special::PhaseTimings},
    {"peak_memory_mb", &ExecutionMetrics::peakMemoryMb},
    {"peak_memory_percent", &ExecutionMetrics::peakMemoryPercent},
    {"peak_cpu_percent", &ExecutionMetrics::peakCpuPercent},
    {"average_memory_mb", &ExecutionMetrics::averageMemoryMb},
    {"average_memory_percent", &ExecutionMetrics::averageMemoryPercent},
    {"average_cpu_percent", &ExecutionMetrics::averageCpuPercent},
    {"resource_samples", &ExecutionMetrics::resourceSamples},
    {"files_changed", &ExecutionMetrics::filesChanged},
    {"lines_added", &ExecutionMetrics::linesAdded},
    {"lines_removed", &ExecutionMetrics::linesRemoved},
    {"tests_run", &ExecutionMetrics::testsRun},
    {"tests_passed", &ExecutionMetrics::testsPassed},
    {"tests_failed", &ExecutionMetrics::testsFailed},
    {"git_commands", &ExecutionMetrics::gitCommands},
    {"git_duration_seconds", &ExecutionMetrics::gitDurationSeconds},
    {"artifacts_uploaded", &ExecutionMetrics::artifactsUploaded},
    {"total_artifact_size_bytes", &ExecutionMetrics::totalArtifactSizeBytes},
    {"errors_encountered", &ExecutionMetrics::errorsEncountered},
    {"errors_by_class", Special::ErrorsByClass},
    {"retries_attempted", &ExecutionMetrics::retriesAttempted},
    {"concurrent_runners", &ExecutionMetrics::concurrentRunners},
    {"wait_time_seconds", &ExecutionMetrics::waitTimeSeconds},
    {"resource_conflicts_detected", &ExecutionMetrics::resourceConflictsDetected},
    {"llm_calls", &ExecutionMetrics::llmCalls},
    {"llm_total_duration_seconds", &ExecutionMetrics::llmTotalDurationSeconds},
    {"llm_average_duration_seconds", Special::LlmAverageDuration},
    {"llm_total_tokens", &ExecutionMetrics::llmTotalTokens},
    {"llm_prompt_tokens", &ExecutionMetrics::llmPromptTokens},
    {"llm_completion_tokens", &ExecutionMetrics::llmCompletionTokens},
    {"llm_streamed_calls", &ExecutionMetrics::llmStreamedCalls},
    {"llm_time_to_first_token_total_seconds", &ExecutionMetrics::llmTimeToFirstTokenTotalSeconds},
    {"llm_average_time_to_first_token_seconds", Special::LlmAverageTimeToFirstToken},
    {"llm_cost_usd", Special::LlmCost},
    {"llm_unpriced_calls", &ExecutionMetrics::llmUnpricedCalls},
    {"task_registry_calls", &ExecutionMetrics::taskRegistryCalls},
    {"task_registry_duration_seconds", &ExecutionMetrics::taskRegistryDurationSeconds},
    {"repo_pool_calls", &ExecutionMetrics::repoPoolCalls},
    {"repo_pool_duration_seconds", &ExecutionMetrics::repoPoolDurationSeconds},
    {"artifact_store_calls", &ExecutionMetrics::artifactStoreCalls},
    {"artifact_store_duration_seconds", &ExecutionMetrics::artifactStoreDurationSeconds},
    {"metadata", Special::Metadata},
};

QString timestampText(qint64 ms, int offsetSeconds)
{
    return QString::fromLatin1(formatIsoTimestamp(ms, offsetSeconds));
}

void writeSpecial(const ExecutionMetrics &m, Special special, QStringView key, OrderedJsonWriter &w)
{
    switch (special) {
    case Special::StartTime:
        w.field(key, timestampText(m.startTimeMs, m.utcOffsetSeconds));
        return;
    case Special::EndTime:
        if (m.endTimeMs)
            w.field(key, timestampText(*m.endTimeMs, m.utcOffsetSeconds));
        else
            w.nullField(key);
        return;
    case Special::PhaseTimings:
        w.beginObject(key);
        for (const PhaseTiming &p : m.phaseTimings)
            w.field(p.phase, p.seconds);
        w.endObject();
        return;
    case Special::ErrorsByClass:
        w.beginObject(key);
        for (auto it = m.errorsByClass.begin(); it != m.errorsByClass.end(); ++it)
            w.field(it.key(), it.value());
        w.endObject();
        return;
    case Special::LlmAverageDuration:
        w.field(key, m.llmAverageDurationSeconds());
        return;
    case Special::LlmAverageTimeToFirstToken:
        if (const auto average = m.llmAverageTimeToFirstTokenSeconds())
            w.field(key, *average);
        else
            w.nullField(key);
        return;
    case Special::LlmCost:
        if (m.llmCostUsd)
            w.field(key, *m.llmCostUsd);
        else
            w.nullField(key);
        return;
    case Special::Metadata:
        w.valueField(key, QJsonValue(m.metadata));
        return;
    }
}

bool isAbsent(const QJsonObject &o, const QString &key)
{
    const QJsonValue v = o.value(key);
    return v.isUndefined() || v.isNull();
}

Error missingKey(const QString &key)
{
    return makeError(QStringLiteral("'%1' is required").arg(key), QStringLiteral("parse"));
}

Result<qint64> readTimestamp(const QJsonObject &o, const QString &key, int *offsetSeconds)
{
    const Result<QString> text = json::optionalString(o, key, {});
    if (!text)
        return text.error();
    const auto parsed = parseIsoTimestamp(text->toUtf8());
    if (!parsed)
        return makeError(
            QStringLiteral("'%1' must be an ISO-8601 timestamp, got \"%2\"").arg(key, *text),
            QStringLiteral("parse"));
    if (offsetSeconds)
        *offsetSeconds = parsed->second;
    return parsed->first;
}

Status readSpecial(const QJsonObject &o, Special special, const QString &key, ExecutionMetrics &m)
{
    switch (special) {
    case Special::StartTime: {
        if (isAbsent(o, key))
            return missingKey(key);
        const Result<qint64> ms = readTimestamp(o, key, &m.utcOffsetSeconds);
        if (!ms)
            return ms.error();
        m.startTimeMs = *ms;
        return Ok{};
    }
    case Special::EndTime: {
        if (isAbsent(o, key))
            return Ok{};
        const Result<qint64> ms = readTimestamp(o, key, nullptr);
        if (!ms)
            return ms.error();
        m.endTimeMs = *ms;
        return Ok{};
    }
    case Special::PhaseTimings:
    case Special::ErrorsByClass: {
        if (isAbsent(o, key))
            return missingKey(key);
        const Result<QJsonObject> object = json::optionalObject(o, key);
        if (!object)
            return object.error();
        for (auto it = object->begin(); it != object->end(); ++it) {
            if (it.value().isNull())
                return makeError(QStringLiteral("'%1' must be a number, got null")
                                     .arg(json::keyPath(key, it.key())),
                                 QStringLiteral("parse"));
            if (special == Special::PhaseTimings) {
                const Result<double> seconds = json::optionalNumber(*object, it.key(), 0, key);
                if (!seconds)
                    return seconds.error();
                m.phaseTimings.append({it.key(), *seconds});
            } else {
                const Result<qint64> count = json::optionalInteger(*object, it.key(), 0, key);
                if (!count)
                    return count.error();
                m.errorsByClass.insert(it.key(), *count);
            }
        }
        return Ok{};
    }
    case Special::LlmAverageDuration:
    case Special::LlmAverageTimeToFirstToken:
        return Ok{};
    case Special::LlmCost: {
        if (isAbsent(o, key))
            return Ok{};
        const Result<double> cost = json::optionalNumber(o, key, 0);
        if (!cost)
            return cost.error();
        m.llmCostUsd = *cost;
        return Ok{};
    }
    case Special::Metadata: {
        const Result<QJsonObject> object = json::optionalObject(o, key);
        if (!object)
            return object.error();
        m.metadata = *object;
        return Ok{};
    }
    }
    return Ok{};
}

// The phase names of the document's phase_timings object in document order.
QStringList phaseOrder(QByteArrayView document)
{
    QStringList names;
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(document.data(), static_cast<size_t>(document.size())).get(root))
        return names;
    simdjson::dom::object phases;
    if (root["phase_timings"].get_object().get(phases))
        return names;
    for (const auto field : phases)
        names.append(QString::fromUtf8(field.key.data(), qsizetype(field.key.size())));
    return names;
}

} // namespace

double ExecutionMetrics::llmAverageDurationSeconds() const
{
    return llmCalls > 0 ? llmTotalDurationSeconds / double(llmCalls) : 0.0;
}

std::optional<double> ExecutionMetrics::llmAverageTimeToFirstTokenSeconds() const
{
    if (llmStreamedCalls <= 0)
        return std::nullopt;
    return llmTimeToFirstTokenTotalSeconds / double(llmStreamedCalls);
}

QByteArray ExecutionMetrics::toJson() const
{
    OrderedJsonWriter w;
    for (const Field &field : kFields) {
        const QString key = QString::fromLatin1(field.key);
        if (const auto *text = std::get_if<TextMember>(&field.member))
            w.field(key, this->**text);
        else if (const auto *integer = std::get_if<IntegerMember>(&field.member))
            w.field(key, this->**integer);
        else if (const auto *real = std::get_if<RealMember>(&field.member))
            w.field(key, this->**real);
        else
            writeSpecial(*this, std::get<Special>(field.member), key, w);
    }
    return w.finish();
}

QJsonObject ExecutionMetrics::toJsonObject() const
{
    return QJsonDocument::fromJson(toJson()).object();
}

Result<ExecutionMetrics> ExecutionMetrics::fromJsonObject(const QJsonObject &o)
{
    ExecutionMetrics m;
    for (const Field &field : kFields) {
        const QString key = QString::fromLatin1(field.key);
        if (const auto *special = std::get_if<Special>(&field.member)) {
            if (const Status status = readSpecial(o, *special, key, m); !status)
                return status.error();
            continue;
        }
        if (isAbsent(o, key))
            return missingKey(key);
        if (const auto *text = std::get_if<TextMember>(&field.member)) {
            const Result<QString> value = json::optionalString(o, key, {});
            if (!value)
                return value.error();
            m.**text = *value;
        } else if (const auto *integer = std::get_if<IntegerMember>(&field.member)) {
            const Result<qint64> value = json::optionalInteger(o, key, 0);
            if (!value)
                return value.error();
            m.**integer = *value;
        } else if (const auto *real = std::get_if<RealMember>(&field.member)) {
            const Result<double> value = json::optionalNumber(o, key, 0);
            if (!value)
                return value.error();
            m.**real = *value;
        }
    }
    return m;
}

Result<ExecutionMetrics> ExecutionMetrics::fromJson(QByteArrayView text)
{
    const Result<QJsonObject> object =
        json::parseObject(text.toByteArray(), QStringLiteral("execution metrics"));
    if (!object)
        return object.error();
    Result<ExecutionMetrics> metrics = fromJsonObject(*object);
    if (!metrics)
        return metrics;
    QList<PhaseTiming> ordered;
    QList<PhaseTiming> &phases = metrics.value().phaseTimings;
    for (const QString &name : phaseOrder(text)) {
        const auto it = std::find_if(phases.cbegin(), phases.cend(),
                                     [&](const PhaseTiming &p) { return p.phase == name; });
        if (it != phases.cend()) {
            ordered.append(*it);
            phases.erase(it);
        }
    }
    ordered.append(phases);
    phases = std::move(ordered);
    return metrics;
}

} // namespace necrocode
