#include "core/RunnerConfig.h"

#include "core/ConfigLoader.h"

namespace necrocode {

QStringList RunnerConfig::secrets() const
{
    QStringList out;
    for (const ConfigKey &key : ConfigLoader::keys()) {
        if (!key.secret || key.kind == ConfigKey::Kind::SecretFile)
            continue; // a *_file key names the same secret as the key without it
        const QString value = key.get(*this).toString();
        if (!value.isEmpty())
            out.append(value);
    }
    return out;
}

QJsonObject RunnerConfig::toJson() const
{
    QMap<QString, QJsonObject> groups;
    for (const ConfigKey &key : ConfigLoader::keys()) {
        if (key.kind == ConfigKey::Kind::SecretFile)
            continue; // the secret it read shows as the key without "_file"
        const qsizetype dot = key.name.indexOf(QLatin1Char('.'));
        const QString group = key.name.left(dot);
        const QString leaf = key.name.mid(dot + 1);
        if (key.secret)
            groups[group].insert(leaf + QStringLiteral("_set"),
                                 !key.get(*this).toString().isEmpty());
        else
            groups[group].insert(leaf, key.get(*this));
    }
    QJsonObject out;
    for (auto it = groups.begin(); it != groups.end(); ++it)
        out.insert(it.key(), it.value());
    QJsonObject priceTable;
    for (auto it = prices.begin(); it != prices.end(); ++it)
        priceTable.insert(
            it.key(),
            QJsonObject{{QStringLiteral("input_per_million"), it.value().inputPerMillionUsd},
                        {QStringLiteral("output_per_million"), it.value().outputPerMillionUsd}});
    out.insert(QStringLiteral("prices"), priceTable);
    return out;
}

namespace {

// Reads one group ("llm", "retry") of the configuration through the shared key table, so that
// validation and key names are the same as for whole configuration files.
Result<RunnerConfig> configFromGroup(const QString &group, const QJsonObject &object)
{
    RunnerConfig config;
    if (auto s = ConfigLoader::applyJson(config, QJsonObject{{group, object}}, QString()); !s)
        return s.error();
    return config;
}

} // namespace

QJsonObject LlmConfig::toJson() const
{
    RunnerConfig config;
    config.llm = *this;
    return config.toJson().value(QLatin1String("llm")).toObject();
}

Result<LlmConfig> LlmConfig::fromJson(const QJsonObject &object)
{
    auto config = configFromGroup(QStringLiteral("llm"), object);
    if (!config)
        return config.error();
    return config->llm;
}

QJsonObject RetryConfig::toJson() const
{
    RunnerConfig config;
    config.retry = *this;
    return config.toJson().value(QLatin1String("retry")).toObject();
}

Result<RetryConfig> RetryConfig::fromJson(const QJsonObject &object)
{
    auto config = configFromGroup(QStringLiteral("retry"), object);
    if (!config)
        return config.error();
    return config->retry;
}

} // namespace necrocode
