#include "core/ConfigLoader.h"

#include "core/AccessToken.h"

#include "core/JsonFields.h"

#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QUrl>

#include <cmath>

namespace necrocode {

namespace {

using Kind = ConfigKey::Kind;

void assign(QString &target, const QJsonValue &v)
{
    target = v.toString();
}
void assign(int &target, const QJsonValue &v)
{
    target = int(v.toDouble());
}
void assign(qint64 &target, const QJsonValue &v)
{
    target = qint64(v.toDouble());
}
void assign(double &target, const QJsonValue &v)
{
    target = v.toDouble();
}
void assign(bool &target, const QJsonValue &v)
{
    target = v.toBool();
}
void assign(LogLevel &target, const QJsonValue &v)
{
    target = parseLogLevel(v.toString()).value_or(LogLevel::Info);
}

QJsonValue toJsonValue(const QString &v)
{
    return v;
}
QJsonValue toJsonValue(int v)
{
    return v;
}
QJsonValue toJsonValue(qint64 v)
{
    return v;
}
QJsonValue toJsonValue(double v)
{
    return v;
}
QJsonValue toJsonValue(bool v)
{
    return v;
}
QJsonValue toJsonValue(LogLevel v)
{
    return QString(logLevelName(v));
}

// One table entry whose value lives at access(config).
template <typename Access>
ConfigKey key(const char *name, Kind kind, Access access, double minimum = 0, double maximum = 0,
              bool secret = false)
{
    ConfigKey k;
    k.name = QString::fromLatin1(name);
    k.kind = kind;
    k.secret = secret;
    k.minimum = minimum;
    k.maximum = maximum;
    k.set = [access](RunnerConfig &c, const QJsonValue &v) { assign(access(c), v); };
    k.get = [access](const RunnerConfig &c) {
        return toJsonValue(access(const_cast<RunnerConfig &>(c)));
    };
    return k;
}

// A string key that takes one of `choices`.
template <typename Access> ConfigKey choice(const char *name, QStringList choices, Access access)
{
    ConfigKey k = key(name, Kind::Choice, access);
    k.choices = std::move(choices);
    return k;
}

#define NECRO_FIELD(path) ([](RunnerConfig & c) -> auto & { return c.path; })

QList<ConfigKey> buildKeys()
{
    const double day = 7 * 24 * 3600;
    return {
        key("runner.id", Kind::String, NECRO_FIELD(runnerId)),
        key("task_registry.url", Kind::Url, NECRO_FIELD(taskRegistry.url)),
        key("task_registry.token", Kind::String, NECRO_FIELD(taskRegistry.token), 0, 0, true),
        key("task_registry.token_file", Kind::SecretFile, NECRO_FIELD(taskRegistry.token), 0, 0,
            true),
        key("task_registry.timeout_seconds", Kind::Integer,
            NECRO_FIELD(taskRegistry.timeoutSeconds), 1, 3600),
        key("repo_pool.url", Kind::Url, NECRO_FIELD(repoPool.url)),
        key("repo_pool.token", Kind::String, NECRO_FIELD(repoPool.token), 0, 0, true),
        key("repo_pool.token_file", Kind::SecretFile, NECRO_FIELD(repoPool.token), 0, 0, true),
        key("repo_pool.timeout_seconds", Kind::Integer, NECRO_FIELD(repoPool.timeoutSeconds), 1,
            3600),
        key("artifact_store.url", Kind::Url, NECRO_FIELD(artifactStore.url)),
        key("artifact_store.token", Kind::String, NECRO_FIELD(artifactStore.token), 0, 0, true),
        key("artifact_store.token_file", Kind::SecretFile, NECRO_FIELD(artifactStore.token), 0, 0,
            true),
        key("artifact_store.timeout_seconds", Kind::Integer,
            NECRO_FIELD(artifactStore.timeoutSeconds), 1, 3600),
        key("llm.base_url", Kind::Url, NECRO_FIELD(llm.baseUrl)),
        key("llm.model", Kind::String, NECRO_FIELD(llm.model)),
        key("llm.api_key", Kind::String, NECRO_FIELD(llm.apiKey), 0, 0, true),
        key("llm.api_key_file", Kind::SecretFile, NECRO_FIELD(llm.apiKey), 0, 0, true),
        key("llm.max_tokens", Kind::Integer, NECRO_FIELD(llm.maxTokens), 1, 10'000'000),
        key("llm.temperature", Kind::Number, NECRO_FIELD(llm.temperature), 0, 2),
        key("llm.timeout_seconds", Kind::Integer, NECRO_FIELD(llm.timeoutSeconds), 1, 3600),
        key("llm.stream", Kind::Bool, NECRO_FIELD(llm.stream)),
        key("llm.json_mode", Kind::Bool, NECRO_FIELD(llm.jsonMode)),
        key("llm.max_answer_bytes", Kind::Integer, NECRO_FIELD(llm.maxAnswerBytes), 1024,
            1024 * 1024 * 1024),
        key("retry.max_attempts", Kind::Integer, NECRO_FIELD(retry.maxAttempts), 1, 20),
        key("retry.initial_delay_seconds", Kind::Number, NECRO_FIELD(retry.initialDelaySeconds), 0,
            600),
        key("retry.factor", Kind::Number, NECRO_FIELD(retry.factor), 1, 10),
        key("retry.max_delay_seconds", Kind::Number, NECRO_FIELD(retry.maxDelaySeconds), 0, 3600),
        key("retry.jitter", Kind::Number, NECRO_FIELD(retry.jitter), 0, 1),
        key("task.timeout_seconds", Kind::Integer, NECRO_FIELD(taskTimeoutSeconds), 1, day),
        key("task.report_grace_seconds", Kind::Integer, NECRO_FIELD(reportGraceSeconds), 1, day),
        key("task_registry.lease_seconds", Kind::Integer, NECRO_FIELD(taskLeaseSeconds), 3, 3600),
        key("fleet.heartbeat_seconds", Kind::Integer, NECRO_FIELD(heartbeatSeconds), 1, 3600),
        key("git.timeout_seconds", Kind::Integer, NECRO_FIELD(gitTimeoutSeconds), 1, day),
        key("git.token", Kind::String, NECRO_FIELD(gitToken), 0, 0, true),
        key("git.base_branch", Kind::String, NECRO_FIELD(baseBranch)),
        key("tests.timeout_seconds", Kind::Integer, NECRO_FIELD(testTimeoutSeconds), 1, day),
        key("runners.max_parallel", Kind::Integer, NECRO_FIELD(maxParallelRunners), 1, 64),
        key("log.level", Kind::Level, NECRO_FIELD(logLevel)),
        key("log.file", Kind::String, NECRO_FIELD(logFile)),
        key("log.max_bytes", Kind::Integer, NECRO_FIELD(logMaxBytes), 1024, 1e12),
        key("log.backups", Kind::Integer, NECRO_FIELD(logBackups), 0, 100),
        key("health.address", Kind::String, NECRO_FIELD(healthAddress)),
        key("health.port", Kind::Integer, NECRO_FIELD(healthPort), 0, 65535),
        key("health.token", Kind::String, NECRO_FIELD(healthToken), 0, 0, true),
        key("health.token_file", Kind::SecretFile, NECRO_FIELD(healthToken), 0, 0, true),
        key("health.tls_certificate_file", Kind::String, NECRO_FIELD(healthTlsCertificateFile)),
        key("health.tls_key_file", Kind::String, NECRO_FIELD(healthTlsKeyFile)),
        key("tls.ca_file", Kind::String, NECRO_FIELD(tlsCaFile)),
        key("health.check_interval_seconds", Kind::Integer, NECRO_FIELD(healthCheckIntervalSeconds),
            1, 3600),
        key("health.failure_threshold", Kind::Integer, NECRO_FIELD(healthFailureThreshold), 1, 100),
        key("health.recovery_threshold", Kind::Integer, NECRO_FIELD(healthRecoveryThreshold), 1,
            100),
        key("health.max_log_streams", Kind::Integer, NECRO_FIELD(healthMaxLogStreams), 1, 10000),
        key("limits.memory_mb", Kind::Number, NECRO_FIELD(memoryLimitMb), 0, 1e9),
        key("limits.cpu_percent", Kind::Number, NECRO_FIELD(cpuLimitPercent), 0, 1e5),
        key("limits.max_file_bytes", Kind::Integer, NECRO_FIELD(maxChangeFileBytes), 1,
            1024 * 1024 * 1024),
        key("limits.max_change_bytes", Kind::Integer, NECRO_FIELD(maxChangeTotalBytes), 1,
            1024 * 1024 * 1024),
        key("metrics.dir", Kind::String, NECRO_FIELD(metricsDir)),
        key("tests.playbook", Kind::String, NECRO_FIELD(playbookPath)),
        choice("sandbox.mode", {QStringLiteral("bwrap"), QStringLiteral("none")},
               NECRO_FIELD(sandboxMode)),
        key("sandbox.network", Kind::Bool, NECRO_FIELD(sandboxNetwork)),
        key("sandbox.memory_mb", Kind::Integer, NECRO_FIELD(sandboxMemoryMb), 0, 1e7),
        key("sandbox.max_file_mb", Kind::Integer, NECRO_FIELD(sandboxMaxFileMb), 0, 1e7),
        key("sandbox.max_processes", Kind::Integer, NECRO_FIELD(sandboxMaxProcesses), 0, 1e6),
    };
}

#undef NECRO_FIELD

QString describeSource(const QString &source)
{
    return source.isEmpty() ? QString() : QStringLiteral(" (from %1)").arg(source);
}

Error badValue(const ConfigKey &key, const QString &source, const QString &shown,
               const QString &problem)
{
    return makeError(QStringLiteral("configuration key '%1'%2: %3 %4")
                         .arg(key.name, describeSource(source), shown, problem),
                     QStringLiteral("config"));
}

// The value as it may appear in a message: secrets are never shown.
QString shownValue(const ConfigKey &key, const QString &text)
{
    return key.secret ? QStringLiteral("the value") : QStringLiteral("'%1'").arg(text);
}

QString jsonText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble());
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return v.isNull() ? QStringLiteral("null") : QStringLiteral("a non-scalar value");
}

Status applyPrices(RunnerConfig &config, const QJsonValue &value, const QString &source)
{
    if (!value.isObject())
        return makeError(QStringLiteral("configuration key 'prices'%1 must be an object of "
                                        "model → {input_per_million, output_per_million}")
                             .arg(describeSource(source)),
                         QStringLiteral("config"));
    const QJsonObject models = value.toObject();
    for (auto it = models.begin(); it != models.end(); ++it) {
        const QString where = QStringLiteral("prices.%1").arg(it.key());
        if (!it.value().isObject())
            return makeError(QStringLiteral("configuration key '%1'%2 must be an object")
                                 .arg(where, describeSource(source)),
                             QStringLiteral("config"));
        const QJsonObject p = it.value().toObject();
        ModelPrice price;
        for (auto [field, target] : {std::pair{"input_per_million", &price.inputPerMillionUsd},
                                     std::pair{"output_per_million", &price.outputPerMillionUsd}}) {
            auto number = json::optionalNumber(p, QString::fromLatin1(field), 0, where);
            if (!number || number.value() < 0)
                return makeError(
                    QStringLiteral("configuration key '%1.%2'%3 must be a "
                                   "non-negative number")
                        .arg(where, QString::fromLatin1(field), describeSource(source)),
                    QStringLiteral("config"));
            *target = number.value();
        }
        config.prices.insert(it.key(), price);
    }
    return Ok{};
}

Status applyFlattened(RunnerConfig &config, const QJsonObject &object, const QString &prefix,
                      const QString &source)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString name = prefix.isEmpty() ? it.key() : prefix + QLatin1Char('.') + it.key();
        if (name == QLatin1String("prices")) {
            if (auto s = applyPrices(config, it.value(), source); !s)
                return s;
            continue;
        }
        if (const ConfigKey *key = ConfigLoader::findKey(name)) {
            if (auto s = ConfigLoader::applyValue(config, *key, it.value(), source); !s)
                return s;
        } else if (it.value().isObject()) {
            if (auto s = applyFlattened(config, it.value().toObject(), name, source); !s)
                return s;
        }
        // Unknown keys are ignored so that newer files still load.
    }
    return Ok{};
}

std::optional<bool> parseBool(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("true") || t == QLatin1String("1") || t == QLatin1String("yes") ||
        t == QLatin1String("on"))
        return true;
    if (t == QLatin1String("false") || t == QLatin1String("0") || t == QLatin1String("no") ||
        t == QLatin1String("off"))
        return false;
    return std::nullopt;
}

} // namespace

QString ConfigKey::environmentName() const
{
    return QStringLiteral("NECROCODE_") +
           QString(name).replace(QLatin1Char('.'), QLatin1Char('_')).toUpper();
}

const QList<ConfigKey> &ConfigLoader::keys()
{
    static const QList<ConfigKey> table = buildKeys();
    return table;
}

const ConfigKey *ConfigLoader::findKey(const QString &name)
{
    for (const ConfigKey &k : keys())
        if (k.name == name)
            return &k;
    return nullptr;
}

Status ConfigLoader::applyValue(RunnerConfig &config, const ConfigKey &key, const QJsonValue &value,
                                const QString &source)
{
    const QString shown = shownValue(key, jsonText(value));
    switch (key.kind) {
    case Kind::String:
        if (!value.isString())
            return badValue(key, source, shown, QStringLiteral("is not a string"));
        break;
    case Kind::Url: {
        if (!value.isString())
            return badValue(key, source, shown, QStringLiteral("is not a string"));
        const QString text = value.toString().trimmed();
        const QUrl url(text, QUrl::StrictMode);
        if (!text.isEmpty() &&
            (!url.isValid() || url.host().isEmpty() ||
             (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))))
            return badValue(key, source, shown,
                            QStringLiteral("is not an http:// or https:// URL with a host"));
        key.set(config, text);
        return Ok{};
    }
    case Kind::Integer:
    case Kind::Number: {
        if (!value.isDouble() || !std::isfinite(value.toDouble()))
            return badValue(key, source, shown, QStringLiteral("is not a number"));
        const double d = value.toDouble();
        if (key.kind == Kind::Integer && std::trunc(d) != d)
            return badValue(key, source, shown, QStringLiteral("is not an integer"));
        if (key.minimum != key.maximum && (d < key.minimum || d > key.maximum))
            return badValue(key, source, shown,
                            QStringLiteral("is out of range [%1, %2]")
                                .arg(key.minimum, 0, 'g', 12)
                                .arg(key.maximum, 0, 'g', 12));
        break;
    }
    case Kind::Bool:
        if (!value.isBool())
            return badValue(key, source, shown, QStringLiteral("is not true or false"));
        break;
    case Kind::Level:
        if (!value.isString() || !parseLogLevel(value.toString()))
            return badValue(key, source, shown,
                            QStringLiteral("is not one of DEBUG, INFO, WARNING, ERROR, CRITICAL"));
        break;
    case Kind::SecretFile: {
        if (!value.isString())
            return badValue(key, source, shown, QStringLiteral("is not a string"));
        const QString path = value.toString().trimmed();
        if (path.isEmpty())
            return Ok{};
        const Result<QString> token = readTokenFile(path);
        if (!token)
            return makeError(QStringLiteral("configuration key '%1'%2: %3")
                                 .arg(key.name, describeSource(source), token.errorMessage()),
                             QStringLiteral("config"));
        key.set(config, *token);
        return Ok{};
    }
    case Kind::Choice:
        if (!value.isString() || !key.choices.contains(value.toString()))
            return badValue(key, source, shown,
                            QStringLiteral("is not one of %1").arg(key.choices.join(u", ")));
        break;
    }
    key.set(config, value);
    return Ok{};
}

Status ConfigLoader::applyText(RunnerConfig &config, const QString &name, const QString &text,
                               const QString &source)
{
    if (name == QLatin1String("prices")) {
        auto object = json::parseObject(text.toUtf8(), QStringLiteral("'prices'"));
        if (!object)
            return object.error();
        return applyPrices(config, object.value(), source);
    }
    const ConfigKey *key = findKey(name);
    if (!key)
        return makeError(
            QStringLiteral("unknown configuration key '%1'%2").arg(name, describeSource(source)),
            QStringLiteral("config"));
    QJsonValue value = text;
    switch (key->kind) {
    case Kind::Integer:
    case Kind::Number: {
        bool ok = false;
        const double d = text.trimmed().toDouble(&ok);
        if (!ok)
            return badValue(*key, source, shownValue(*key, text),
                            QStringLiteral("is not a number"));
        value = d;
        break;
    }
    case Kind::Bool: {
        const auto b = parseBool(text);
        if (!b)
            return badValue(*key, source, shownValue(*key, text),
                            QStringLiteral("is not true or false"));
        value = *b;
        break;
    }
    default:
        break;
    }
    return applyValue(config, *key, value, source);
}

Status ConfigLoader::applyJson(RunnerConfig &config, const QJsonObject &object,
                               const QString &source)
{
    return applyFlattened(config, object, QString(), source);
}

Status ConfigLoader::applyFile(RunnerConfig &config, const QString &path)
{
    const QString source = QStringLiteral("file %1").arg(path);
    if (!QFileInfo::exists(path))
        return makeError(QStringLiteral("configuration file %1 does not exist").arg(path),
                         QStringLiteral("config"));
    if (path.endsWith(QLatin1String(".ini"), Qt::CaseInsensitive)) {
        QSettings ini(path, QSettings::IniFormat);
        if (ini.status() != QSettings::NoError)
            return makeError(
                QStringLiteral("configuration file %1 is not a valid INI file").arg(path),
                QStringLiteral("config"));
        for (const QString &iniKey : ini.allKeys()) {
            const QString name = QString(iniKey).replace(QLatin1Char('/'), QLatin1Char('.'));
            if (!findKey(name) && name != QLatin1String("prices"))
                continue;
            if (auto s = applyText(config, name, ini.value(iniKey).toString(), source); !s)
                return s;
        }
        return Ok{};
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(
            QStringLiteral("cannot read configuration file %1: %2").arg(path, file.errorString()),
            QStringLiteral("config"));
    auto object =
        json::parseObject(file.readAll(), QStringLiteral("configuration file %1").arg(path));
    if (!object)
        return makeError(object.errorMessage(), QStringLiteral("config"));
    return applyJson(config, object.value(), source);
}

Status ConfigLoader::applyEnvironment(RunnerConfig &config, const QProcessEnvironment &env)
{
    // Lowest first: a more specific variable overrides a general one.
    const std::pair<const char *, const char *> aliases[] = {
        {"OPENAI_API_KEY", "llm.api_key"},
        {"LLM_API_KEY", "llm.api_key"},
        {"GIT_TOKEN", "git.token"},
    };
    for (const auto &[variable, name] : aliases) {
        const QString var = QString::fromLatin1(variable);
        if (env.contains(var) && !env.value(var).isEmpty())
            if (auto s = applyText(config, QString::fromLatin1(name), env.value(var),
                                   QStringLiteral("environment variable %1").arg(var));
                !s)
                return s;
    }
    for (const ConfigKey &key : keys()) {
        const QString var = key.environmentName();
        if (env.contains(var))
            if (auto s = applyText(config, key.name, env.value(var),
                                   QStringLiteral("environment variable %1").arg(var));
                !s)
                return s;
    }
    if (env.contains(QStringLiteral("NECROCODE_PRICES")))
        return applyText(config, QStringLiteral("prices"),
                         env.value(QStringLiteral("NECROCODE_PRICES")),
                         QStringLiteral("environment variable NECROCODE_PRICES"));
    return Ok{};
}

Status ConfigLoader::validate(const RunnerConfig &config)
{
    if (config.retry.maxDelaySeconds < config.retry.initialDelaySeconds)
        return makeError(QStringLiteral("configuration key 'retry.max_delay_seconds' (%1) must not "
                                        "be below 'retry.initial_delay_seconds' (%2)")
                             .arg(config.retry.maxDelaySeconds)
                             .arg(config.retry.initialDelaySeconds),
                         QStringLiteral("config"));
    if (config.llm.model.trimmed().isEmpty())
        return makeError(QStringLiteral("configuration key 'llm.model' must not be empty"),
                         QStringLiteral("config"));
    if (config.healthAddress.trimmed().isEmpty())
        return makeError(QStringLiteral("configuration key 'health.address' must not be empty"),
                         QStringLiteral("config"));
    if (config.healthTlsCertificateFile.isEmpty() != config.healthTlsKeyFile.isEmpty())
        return makeError(QStringLiteral("configuration keys 'health.tls_certificate_file' and "
                                        "'health.tls_key_file' go together: set both or neither"),
                         QStringLiteral("config"));
    return Ok{};
}

Result<RunnerConfig> ConfigLoader::load(const ConfigSources &sources)
{
    RunnerConfig config;
    if (!sources.filePath.isEmpty())
        if (auto s = applyFile(config, sources.filePath); !s)
            return s.error();
    if (auto s = applyEnvironment(config, sources.environment); !s)
        return s.error();
    for (const auto &[name, text] : sources.overrides)
        if (auto s = applyText(config, name, text, QStringLiteral("command line")); !s)
            return s.error();
    if (auto s = validate(config); !s)
        return s.error();
    return config;
}

} // namespace necrocode
