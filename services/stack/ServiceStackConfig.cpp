#include "stack/ServiceStackConfig.h"

#include "core/AccessToken.h"

#include "core/JsonFields.h"
#include "tls/TlsFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <limits>

namespace necrocode {

namespace {

Error configError(const QString &message)
{
    return makeError(message, QStringLiteral("config"));
}

Status onlyKnownKeys(const QJsonObject &o, const QStringList &known, const QString &where)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!known.contains(it.key()))
            return configError(
                QStringLiteral("'%1' is not a known setting (known: %2)")
                    .arg(json::keyPath(where, it.key()), known.join(QStringLiteral(", "))));
    }
    return Ok{};
}

template <typename T> bool take(T &field, const Result<T> &result, std::optional<Error> &error)
{
    if (!result) {
        error = result.error();
        return false;
    }
    field = *result;
    return true;
}

Result<int> boundedInteger(const QJsonObject &o, const QString &key, int fallback, int min, int max,
                           const QString &where)
{
    const Result<qint64> value = json::optionalInteger(o, key, fallback, where);
    if (!value)
        return value.error();
    if (*value < min || *value > max)
        return configError(QStringLiteral("'%1' must be between %2 and %3")
                               .arg(json::keyPath(where, key))
                               .arg(min)
                               .arg(max));
    return int(*value);
}

QString resolvePath(const QString &path, const QString &baseDirectory)
{
    if (path.isEmpty() || baseDirectory.isEmpty() || QDir::isAbsolutePath(path))
        return path;
    return QDir(baseDirectory).absoluteFilePath(path);
}

Status readService(const QJsonObject &root, const QString &name, const QStringList &extraKeys,
                   ServiceStackConfig::ServiceSettings &settings, QJsonObject &section)
{
    const Result<QJsonObject> object = json::optionalObject(root, name);
    if (!object)
        return object.error();
    section = *object;
    if (Status known = onlyKnownKeys(section,
                                     QStringList{QStringLiteral("port"), QStringLiteral("faults"),
                                                 QStringLiteral("max_request_bytes"),
                                                 QStringLiteral("idle_timeout_seconds")} +
                                         extraKeys,
                                     name);
        !known)
        return known;
    const Result<int> port = boundedInteger(section, QStringLiteral("port"), 0, 0, 65535, name);
    if (!port)
        return port.error();
    settings.port = quint16(*port);
    if (section.contains(QStringLiteral("max_request_bytes"))) {
        const Result<double> maxBody =
            json::optionalNumber(section, QStringLiteral("max_request_bytes"), 0, name);
        if (!maxBody)
            return maxBody.error();
        if (*maxBody < 1024 || *maxBody > 64.0 * 1024 * 1024 * 1024)
            return makeError(
                QStringLiteral("'%1.max_request_bytes' must be between 1024 and 64 GiB").arg(name),
                QStringLiteral("config"));
        settings.maxRequestBytes = qint64(*maxBody);
    }
    if (section.contains(QStringLiteral("idle_timeout_seconds"))) {
        const Result<int> idle =
            boundedInteger(section, QStringLiteral("idle_timeout_seconds"), 60, 0, 86400, name);
        if (!idle)
            return idle.error();
        settings.idleTimeoutMs = *idle * 1000;
    }
    const Result<QJsonObject> faults =
        json::optionalObject(section, QStringLiteral("faults"), name);
    if (!faults)
        return faults.error();
    const Result<FaultConfig> config =
        FaultConfig::fromJson(*faults, json::keyPath(name, QStringLiteral("faults")));
    if (!config)
        return config.error();
    settings.faults = *config;
    return Ok{};
}

Status readLatency(const QJsonObject &llm, LatencySettings &latency)
{
    const QString where = QStringLiteral("llm.latency");
    const Result<QJsonObject> object =
        json::optionalObject(llm, QStringLiteral("latency"), QStringLiteral("llm"));
    if (!object)
        return object.error();
    const QJsonObject &o = *object;
    if (Status known = onlyKnownKeys(o,
                                     {QStringLiteral("median_ms"), QStringLiteral("spread"),
                                      QStringLiteral("chunk_interval_ms"),
                                      QStringLiteral("chunk_characters"), QStringLiteral("seed")},
                                     where);
        !known)
        return known;
    std::optional<Error> error;
    const bool read =
        take(latency.medianMs,
             json::optionalNumber(o, QStringLiteral("median_ms"), latency.medianMs, where),
             error) &&
        take(latency.spread,
             json::optionalNumber(o, QStringLiteral("spread"), latency.spread, where), error) &&
        take(latency.chunkIntervalMs,
             boundedInteger(o, QStringLiteral("chunk_interval_ms"), latency.chunkIntervalMs, 0,
                            10000, where),
             error) &&
        take(latency.chunkCharacters,
             boundedInteger(o, QStringLiteral("chunk_characters"), latency.chunkCharacters, 1,
                            100000, where),
             error);
    if (!read)
        return *error;
    if (latency.medianMs < 0 || latency.medianMs > 120000)
        return configError(QStringLiteral("'llm.latency.median_ms' must be between 0 and 120000"));
    if (latency.spread < 0 || latency.spread > 5)
        return configError(QStringLiteral("'llm.latency.spread' must be between 0 and 5"));
    if (o.contains(QStringLiteral("seed"))) {
        const Result<int> seed =
            boundedInteger(o, QStringLiteral("seed"), 0, 0, std::numeric_limits<int>::max(), where);
        if (!seed)
            return seed.error();
        latency.seed = quint32(*seed);
    }
    return Ok{};
}

} // namespace

Result<ServiceStackConfig> ServiceStackConfig::fromJson(const QJsonObject &o,
                                                        const QString &baseDirectory)
{
    ServiceStackConfig c;
    if (Status known = onlyKnownKeys(o,
                                     {QStringLiteral("data_dir"), QStringLiteral("bind_address"),
                                      QStringLiteral("demo"), QStringLiteral("token_file"),
                                      QStringLiteral("admin_faults"), QStringLiteral("tls"),
                                      QStringLiteral("task_registry"), QStringLiteral("repo_pool"),
                                      QStringLiteral("artifact_store"), QStringLiteral("llm")},
                                     {});
        !known)
        return known.error();

    std::optional<Error> error;
    QString bindAddress;
    if (!take(c.dataDirectory, json::optionalString(o, QStringLiteral("data_dir"), {}), error) ||
        !take(bindAddress,
              json::optionalString(o, QStringLiteral("bind_address"), QStringLiteral("127.0.0.1")),
              error) ||
        !take(c.demo, json::optionalBool(o, QStringLiteral("demo"), false), error) ||
        !take(c.adminFaults, json::optionalBool(o, QStringLiteral("admin_faults"), false), error))
        return *error;
    QString tokenFile;
    if (!take(tokenFile, json::optionalString(o, QStringLiteral("token_file"), {}), error))
        return *error;
    if (!tokenFile.isEmpty()) {
        const Result<QString> token = readTokenFile(resolvePath(tokenFile, baseDirectory));
        if (!token)
            return configError(QStringLiteral("'token_file': %1").arg(token.errorMessage()));
        c.token = *token;
    }
    const Result<QJsonObject> tls = json::optionalObject(o, QStringLiteral("tls"));
    if (!tls)
        return tls.error();
    if (!tls->isEmpty()) {
        if (Status known = onlyKnownKeys(
                *tls, {QStringLiteral("certificate_file"), QStringLiteral("key_file")},
                QStringLiteral("tls"));
            !known)
            return known.error();
        QString certificateFile;
        QString keyFile;
        if (!take(certificateFile,
                  json::optionalString(*tls, QStringLiteral("certificate_file"), {},
                                       QStringLiteral("tls")),
                  error) ||
            !take(keyFile,
                  json::optionalString(*tls, QStringLiteral("key_file"), {}, QStringLiteral("tls")),
                  error))
            return *error;
        const Result<QSslConfiguration> loaded = loadServerTls(
            resolvePath(certificateFile, baseDirectory), resolvePath(keyFile, baseDirectory));
        if (!loaded)
            return configError(QStringLiteral("'tls': %1").arg(loaded.errorMessage()));
        c.tls = *loaded;
    }
    c.dataDirectory = resolvePath(c.dataDirectory, baseDirectory);
    if (!c.bindAddress.setAddress(bindAddress))
        return configError(
            QStringLiteral("'bind_address' is not an IP address: '%1'").arg(bindAddress));

    QJsonObject section;
    if (Status read =
            readService(o, QStringLiteral("task_registry"),
                        {QStringLiteral("database"), QStringLiteral("database_password_file")},
                        c.taskRegistry, section);
        !read)
        return read.error();
    const QString registry = QStringLiteral("task_registry");
    QString passwordFile;
    if (!take(c.registryDatabaseUrl,
              json::optionalString(section, QStringLiteral("database"), {}, registry), error) ||
        !take(passwordFile,
              json::optionalString(section, QStringLiteral("database_password_file"), {}, registry),
              error))
        return *error;
    if (!passwordFile.isEmpty()) {
        const Result<QString> password = readTokenFile(resolvePath(passwordFile, baseDirectory));
        if (!password)
            return configError(QStringLiteral("'task_registry.database_password_file': %1")
                                   .arg(password.errorMessage()));
        c.registryDatabasePassword = *password;
    }
    if (Result<RegistryDatabase> database = c.registryDatabase(c.dataDirectory); !database)
        return configError(
            QStringLiteral("'task_registry.database': %1").arg(database.errorMessage()));
    if (Status read =
            readService(o, QStringLiteral("artifact_store"), {}, c.artifactStore, section);
        !read)
        return read.error();

    if (Status read = readService(
            o, QStringLiteral("repo_pool"),
            {QStringLiteral("slots_per_pool"), QStringLiteral("allocate_timeout_seconds"),
             QStringLiteral("retry_after_seconds"), QStringLiteral("allowed_url_schemes")},
            c.repoPool, section);
        !read)
        return read.error();
    const QString pool = QStringLiteral("repo_pool");
    if (!take(c.slotsPerPool,
              boundedInteger(section, QStringLiteral("slots_per_pool"), 2, 1, 64, pool), error) ||
        !take(c.allocateTimeoutSeconds,
              json::optionalNumber(section, QStringLiteral("allocate_timeout_seconds"), 30.0, pool),
              error) ||
        !take(c.retryAfterSeconds,
              boundedInteger(section, QStringLiteral("retry_after_seconds"), 2, 0, 3600, pool),
              error))
        return *error;
    if (section.contains(QLatin1String("allowed_url_schemes")) &&
        !take(c.allowedRepoUrlSchemes,
              json::optionalStringList(section, QStringLiteral("allowed_url_schemes"), pool),
              error))
        return *error;
    for (const QString &scheme : std::as_const(c.allowedRepoUrlSchemes))
        if (!knownRepoUrlSchemes().contains(scheme))
            return configError(
                QStringLiteral("'repo_pool.allowed_url_schemes' names '%1', which is not one of %2")
                    .arg(scheme, knownRepoUrlSchemes().join(QStringLiteral(", "))));
    if (c.allocateTimeoutSeconds < 0 || c.allocateTimeoutSeconds > 3600)
        return configError(
            QStringLiteral("'repo_pool.allocate_timeout_seconds' must be between 0 and 3600"));

    if (Status read = readService(o, QStringLiteral("llm"),
                                  {QStringLiteral("model"), QStringLiteral("scenario_file"),
                                   QStringLiteral("api_key"), QStringLiteral("latency")},
                                  c.llm, section);
        !read)
        return read.error();
    const QString llm = QStringLiteral("llm");
    if (!take(c.llmModel, json::optionalString(section, QStringLiteral("model"), c.llmModel, llm),
              error) ||
        !take(c.scenarioFile,
              json::optionalString(section, QStringLiteral("scenario_file"), {}, llm), error) ||
        !take(c.llmApiKey, json::optionalString(section, QStringLiteral("api_key"), {}, llm),
              error))
        return *error;
    if (c.llmModel.trimmed().isEmpty())
        return configError(QStringLiteral("'llm.model' must not be empty"));
    c.scenarioFile = resolvePath(c.scenarioFile, baseDirectory);
    if (Status read = readLatency(section, c.llmLatency); !read)
        return read.error();
    return c;
}

Result<ServiceStackConfig> ServiceStackConfig::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return configError(
            QStringLiteral("cannot read the configuration %1: %2").arg(path, file.errorString()));
    const Result<QJsonObject> object =
        json::parseObject(file.readAll(), QStringLiteral("the configuration %1").arg(path));
    if (!object)
        return object.error();
    return fromJson(*object, QFileInfo(path).absolutePath());
}

QString ServiceStackConfig::defaultDataDirectory()
{
    const QString appData = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    if (!appData.isEmpty())
        return QDir(appData).filePath(QStringLiteral("services"));
    return QDir::temp().filePath(QStringLiteral("necrocode-services"));
}

Result<RegistryDatabase> ServiceStackConfig::registryDatabase(const QString &dataDirectory) const
{
    if (registryDatabaseUrl.trimmed().isEmpty())
        return RegistryDatabase::sqlite(
            QDir(dataDirectory).filePath(QStringLiteral("task-registry")));
    Result<RegistryDatabase> database = RegistryDatabase::postgresql(registryDatabaseUrl);
    if (database)
        database.value().password = registryDatabasePassword;
    return database;
}

} // namespace necrocode
