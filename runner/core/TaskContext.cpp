#include "core/TaskContext.h"

#include "core/JsonFields.h"

namespace necrocode {

QString complexityName(TaskComplexity complexity)
{
    switch (complexity) {
    case TaskComplexity::Low:
        return QStringLiteral("low");
    case TaskComplexity::Medium:
        return QStringLiteral("medium");
    case TaskComplexity::High:
        return QStringLiteral("high");
    }
    return QStringLiteral("medium");
}

std::optional<TaskComplexity> parseComplexity(const QString &name)
{
    for (auto c : {TaskComplexity::Low, TaskComplexity::Medium, TaskComplexity::High})
        if (complexityName(c) == name)
            return c;
    return std::nullopt;
}

QString TaskContext::effectiveBranchName() const
{
    if (!branchName.isEmpty())
        return branchName;
    return QStringLiteral("feature/task-%1-%2").arg(specName, taskId);
}

QString TaskContext::repoUrl() const
{
    return metadata.value(QLatin1String("repo_url")).toString();
}

namespace {

// Reads a string under the current key or, failing that, under the earlier dispatcher's key.
Result<QString> stringWithLegacy(const QJsonObject &o, const QString &key, const QString &legacy,
                                 bool required)
{
    const QString chosen = o.contains(key) || !o.contains(legacy) ? key : legacy;
    if (required)
        return json::requiredString(o, chosen);
    return json::optionalString(o, chosen, QString());
}

} // namespace

Result<TaskContext> TaskContext::fromJson(const QJsonObject &o)
{
    TaskContext t;

    NECRO_TRY_ASSIGN(t.taskId, json::requiredString(o, QStringLiteral("task_id")));
    NECRO_TRY_ASSIGN(t.specName, json::requiredString(o, QStringLiteral("spec_name")));
    NECRO_TRY_ASSIGN(
        t.title, stringWithLegacy(o, QStringLiteral("title"), QStringLiteral("task_title"), true));
    NECRO_TRY_ASSIGN(t.description, stringWithLegacy(o, QStringLiteral("description"),
                                                     QStringLiteral("task_description"), false));
    NECRO_TRY_ASSIGN(t.acceptanceCriteria,
                     json::optionalStringList(o, QStringLiteral("acceptance_criteria")));
    NECRO_TRY_ASSIGN(t.dependencies, json::optionalStringList(o, QStringLiteral("dependencies")));
    NECRO_TRY_ASSIGN(t.requiredSkill,
                     json::optionalString(o, QStringLiteral("required_skill"), QString()));
    NECRO_TRY_ASSIGN(t.testCommands, json::optionalStringList(o, QStringLiteral("test_commands")));
    NECRO_TRY_ASSIGN(t.failFast, json::optionalBool(o, QStringLiteral("fail_fast"), true));
    qint64 timeout = 0;
    NECRO_TRY_ASSIGN(timeout, json::optionalInteger(o, QStringLiteral("timeout_seconds"), 1800));
    if (timeout <= 0 || timeout > qint64{7} * 24 * 3600)
        return makeError(
            QStringLiteral("'timeout_seconds' must be between 1 and 604800, got %1").arg(timeout),
            QStringLiteral("parse"));
    t.timeoutSeconds = int(timeout);
    NECRO_TRY_ASSIGN(t.playbookPath,
                     json::optionalString(o, QStringLiteral("playbook_path"), QString()));
    QString complexity;
    NECRO_TRY_ASSIGN(complexity, json::optionalString(o, QStringLiteral("complexity"),
                                                      QStringLiteral("medium")));
    const auto parsedComplexity = parseComplexity(complexity);
    if (!parsedComplexity)
        return makeError(
            QStringLiteral("'complexity' must be low, medium or high, got '%1'").arg(complexity),
            QStringLiteral("parse"));
    t.complexity = *parsedComplexity;
    NECRO_TRY_ASSIGN(t.relatedFiles, json::optionalStringList(o, QStringLiteral("related_files")));
    if (o.contains(QLatin1String("max_tokens")) && !o.value(QLatin1String("max_tokens")).isNull()) {
        qint64 maxTokens = 0;
        NECRO_TRY_ASSIGN(maxTokens, json::optionalInteger(o, QStringLiteral("max_tokens"), 0));
        if (maxTokens <= 0 || maxTokens > 10'000'000)
            return makeError(
                QStringLiteral("'max_tokens' must be a positive integer, got %1").arg(maxTokens),
                QStringLiteral("parse"));
        t.maxTokens = int(maxTokens);
    }
    NECRO_TRY_ASSIGN(t.branchName,
                     json::optionalString(o, QStringLiteral("branch_name"), QString()));
    NECRO_TRY_ASSIGN(t.metadata, json::optionalObject(o, QStringLiteral("metadata")));
    NECRO_TRY_ASSIGN(t.slotId, json::optionalString(o, QStringLiteral("slot_id"), QString()));
    NECRO_TRY_ASSIGN(t.slotPath, json::optionalString(o, QStringLiteral("slot_path"), QString()));
    QString legacyRepoUrl;
    NECRO_TRY_ASSIGN(legacyRepoUrl, json::optionalString(o, QStringLiteral("repo_url"), QString()));
    if (!legacyRepoUrl.isEmpty() && !t.metadata.contains(QLatin1String("repo_url")))
        t.metadata.insert(QStringLiteral("repo_url"), legacyRepoUrl);
    return t;
}

Result<TaskContext> TaskContext::fromJsonBytes(const QByteArray &bytes)
{
    auto object = json::parseObject(bytes, QStringLiteral("task context"));
    if (!object)
        return object.error();
    return fromJson(object.value());
}

QJsonObject TaskContext::toJson() const
{
    QJsonObject o{
        {QStringLiteral("task_id"), taskId},
        {QStringLiteral("spec_name"), specName},
        {QStringLiteral("title"), title},
        {QStringLiteral("description"), description},
        {QStringLiteral("acceptance_criteria"), json::toJsonArray(acceptanceCriteria)},
        {QStringLiteral("dependencies"), json::toJsonArray(dependencies)},
        {QStringLiteral("required_skill"), requiredSkill},
        {QStringLiteral("test_commands"), json::toJsonArray(testCommands)},
        {QStringLiteral("fail_fast"), failFast},
        {QStringLiteral("timeout_seconds"), timeoutSeconds},
        {QStringLiteral("complexity"), complexityName(complexity)},
        {QStringLiteral("related_files"), json::toJsonArray(relatedFiles)},
        {QStringLiteral("metadata"), metadata},
    };
    if (!playbookPath.isEmpty())
        o.insert(QStringLiteral("playbook_path"), playbookPath);
    if (maxTokens)
        o.insert(QStringLiteral("max_tokens"), *maxTokens);
    if (!branchName.isEmpty())
        o.insert(QStringLiteral("branch_name"), branchName);
    if (!slotId.isEmpty())
        o.insert(QStringLiteral("slot_id"), slotId);
    if (!slotPath.isEmpty())
        o.insert(QStringLiteral("slot_path"), slotPath);
    return o;
}

} // namespace necrocode
