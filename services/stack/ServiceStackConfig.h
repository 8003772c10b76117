// Settings of the local service stack: data directory, bind address and ports, Repo Pool sizes,
// the scripted LLM (model, scenario, latency, API key) and the faults of each service.
#pragma once

#include "core/Result.h"
#include "faults/FaultConfig.h"
#include "llm/LatencyModel.h"
#include "pool/WorkingCopySteps.h"
#include "registry/RegistryDatabase.h"

#include <QHostAddress>
#include <QJsonObject>
#include <QSslConfiguration>
#include <QString>

#include <optional>

namespace necrocode {

struct ServiceStackConfig
{
    struct ServiceSettings
    {
        quint16 port = 0; // 0: a free port
        FaultConfig faults;
        // Unset: the service's own default (registry 1 MiB, pool 64 KiB, artifact store
        // 64 MiB, scripted model 8 MiB; idle connections closed after 60 s).
        std::optional<qint64> maxRequestBytes;
        std::optional<int> idleTimeoutMs;
    };

    QString dataDirectory; // empty: defaultDataDirectory()
    QHostAddress bindAddress = QHostAddress::LocalHost;
    bool demo = false;
    // Every service but its probes needs this bearer token (the scripted LLM takes it as its API
    // key unless llm.api_key is set); required off loopback. Secret: never logged.
    QString token;
    bool adminFaults = false; // /admin/faults on every service; --demo turns it on too
    // Set: every service serves https with this certificate and key (tls {certificate_file,
    // key_file}, or --tls-cert/--tls-key).
    std::optional<QSslConfiguration> tls;

    ServiceSettings taskRegistry;
    // Empty: the SQLite file under the data directory. Otherwise a postgresql:// URL; its password
    // may also come from registryDatabasePassword (task_registry.database_password_file), libpq's
    // PGPASSWORD or ~/.pgpass. Secret: only shown without the password.
    QString registryDatabaseUrl;
    QString registryDatabasePassword;
    ServiceSettings repoPool;
    ServiceSettings artifactStore;
    ServiceSettings llm;

    int slotsPerPool = 2;
    double allocateTimeoutSeconds = 30.0;
    int retryAfterSeconds = 2;
    QStringList allowedRepoUrlSchemes = defaultRepoUrlSchemes();

    QString llmModel = QStringLiteral("necrocode-scripted-offline");
    QString scenarioFile; // empty: the built-in demo scenario
    QString llmApiKey;
    LatencySettings llmLatency{600.0, 0.5, 15, 24, std::nullopt};

    // Keys: data_dir, bind_address, demo, token_file, admin_faults, tls {certificate_file,
    // key_file}, task_registry {port, faults,
    // database, database_password_file},
    // repo_pool {port, faults, slots_per_pool, allocate_timeout_seconds, retry_after_seconds,
    // allowed_url_schemes}, artifact_store {port, faults}, llm {port, faults, model, scenario_file,
    // api_key, latency {median_ms, spread, chunk_interval_ms, chunk_characters, seed}}; every
    // service also takes max_request_bytes and idle_timeout_seconds. Relative paths are resolved
    // against `baseDirectory`. Unknown keys are errors that name the key.
    static Result<ServiceStackConfig> fromJson(const QJsonObject &object,
                                               const QString &baseDirectory = {});
    static Result<ServiceStackConfig> load(const QString &path);

    // Where the Task Registry keeps its state, or what is wrong with registryDatabaseUrl.
    Result<RegistryDatabase> registryDatabase(const QString &dataDirectory) const;

    // <AppLocalDataLocation>/services, or a directory under the temporary directory.
    static QString defaultDataDirectory();
};

} // namespace necrocode
