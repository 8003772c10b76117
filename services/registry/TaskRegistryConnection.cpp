// The Task Registry store's connection to its database: opening SQLite or PostgreSQL, the
// versioned schema migrations, statements, and transactions that survive a lost connection or a
// conflict with another registry process.
#include "registry/TaskRegistrySchema.h"
#include "registry/TaskRegistryStore.h"

#include <QAtomicInteger>
#include <QDir>
#include <QSqlDriver>
#include <QSqlError>

namespace necrocode {

namespace {

constexpr int kTransactionAttempts = 5;
// Held by the registry process migrating a PostgreSQL database, so that processes starting
// together migrate it once, one after the other.
constexpr qint64 kMigrationLockKey = 0x4e65637243'6f6465LL;

Error storageError(const QString &message)
{
    return makeError(message, QStringLiteral("storage"));
}

int latestVersion(const QList<SchemaMigration> &steps)
{
    return steps.isEmpty() ? 0 : steps.constLast().version;
}

Error newerSchema(const QString &where, int found, int known)
{
    return storageError(QStringLiteral("%1 has schema version %2, newer than this registry knows "
                                       "(%3): a newer NecroCode release migrated it; run that "
                                       "release")
                            .arg(where)
                            .arg(found)
                            .arg(known));
}

} // namespace

TaskRegistryStore::TaskRegistryStore(QString connectionName, RegistryDatabase database)
    : m_connectionName(std::move(connectionName)), m_database(std::move(database))
{}

TaskRegistryStore::~TaskRegistryStore()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

Result<std::unique_ptr<TaskRegistryStore>> TaskRegistryStore::open(const QString &directory)
{
    return open(RegistryDatabase::sqlite(directory));
}

Result<std::unique_ptr<TaskRegistryStore>> TaskRegistryStore::open(const RegistryDatabase &database)
{
    static QAtomicInteger<quint64> counter;
    const QString name =
        QStringLiteral("necrocode-task-registry-%1").arg(counter.fetchAndAddRelaxed(1));
    std::unique_ptr<TaskRegistryStore> store(new TaskRegistryStore(name, database));
    if (Status connected = store->connect(); !connected)
        return connected.error();
    if (Status ready = store->configureAndMigrate(); !ready)
        return ready.error();
    return store;
}

Status TaskRegistryStore::connect()
{
    if (!isPostgres()) {
        if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
            return storageError(QStringLiteral("the Qt SQLite driver (QSQLITE) is not available"));
        if (!QDir().mkpath(m_database.sqliteDirectory))
            return storageError(QStringLiteral("cannot create the registry directory %1")
                                    .arg(m_database.sqliteDirectory));
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        m_db.setDatabaseName(m_database.displayName());
    } else {
        if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
            return storageError(QStringLiteral("the Qt PostgreSQL driver (QPSQL) is not "
                                               "available: install the package libqt6sql6-psql"));
        const PostgresConnection c = postgresConnection(m_database);
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_connectionName);
        m_db.setHostName(c.host);
        m_db.setPort(c.port);
        m_db.setUserName(c.user);
        m_db.setPassword(c.password);
        m_db.setDatabaseName(c.database);
        m_db.setConnectOptions(c.options);
    }
    if (!m_db.open())
        return storageError(QStringLiteral("cannot open the registry database %1: %2")
                                .arg(m_database.displayName(), m_db.lastError().text().trimmed()));
    return Ok{};
}

bool TaskRegistryStore::reconnect()
{
    m_db.close();
    return m_db.open();
}

Status TaskRegistryStore::configureAndMigrate()
{
    if (isPostgres())
        return migratePostgres();
    // WAL with synchronous=NORMAL keeps every committed change across a crash of the process;
    // only a power loss can take back the last transactions, which a runner re-reports (its
    // writes are idempotent). FULL would sync the disk on every status update and artifact.
    const QStringList statements = QStringList{QStringLiteral("PRAGMA journal_mode=WAL"),
                                               QStringLiteral("PRAGMA synchronous=NORMAL"),
                                               QStringLiteral("PRAGMA busy_timeout=5000")} +
                                   taskRegistrySchema();
    for (const QString &sql : statements) {
        if (Result<QSqlQuery> done = exec(sql); !done)
            return done.error();
    }
    return migrateSqlite();
}

Status TaskRegistryStore::migrateSqlite()
{
    return migrate({}, QStringLiteral("PRAGMA user_version"), taskRegistryMigrations(),
                   [](int reached) {
                       return QStringList{QStringLiteral("PRAGMA user_version = %1").arg(reached)};
                   });
}

Status TaskRegistryStore::migratePostgres()
{
    return migrate(
        {QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kMigrationLockKey),
         QStringLiteral("CREATE TABLE IF NOT EXISTS necrocode_schema_version (version INTEGER "
                        "NOT NULL)")},
        QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM necrocode_schema_version"),
        taskRegistryPostgresMigrations(), [](int reached) {
            return QStringList{QStringLiteral("DELETE FROM necrocode_schema_version"),
                               QStringLiteral("INSERT INTO necrocode_schema_version (version) "
                                              "VALUES (%1)")
                                   .arg(reached)};
        });
}

Status TaskRegistryStore::migrate(const QStringList &prologue, const QString &versionQuery,
                                  const QList<SchemaMigration> &steps,
                                  const std::function<QStringList(int)> &marking)
{
    return runTransaction([&]() -> Status {
        for (const QString &sql : prologue)
            if (Result<QSqlQuery> done = exec(sql); !done)
                return done.error();
        Result<QSqlQuery> version = exec(versionQuery);
        if (!version)
            return version.error();
        const int current = version.value().next() ? version.value().value(0).toInt() : 0;
        version.value().finish();
        if (current > latestVersion(steps))
            return newerSchema(m_database.displayName(), current, latestVersion(steps));
        int reached = current;
        QStringList statements;
        for (const SchemaMigration &step : steps) {
            if (step.version <= current)
                continue;
            statements += step.statements;
            reached = step.version;
        }
        if (reached == current)
            return Ok{};
        for (const QString &sql : statements + marking(reached))
            if (Result<QSqlQuery> done = exec(sql); !done)
                return done.error();
        return Ok{};
    });
}

Status TaskRegistryStore::ping()
{
    Result<QSqlQuery> answered = exec(QStringLiteral("SELECT 1"));
    if (!answered)
        return answered.error();
    return Ok{};
}

QString TaskRegistryStore::lockedForUpdate() const
{
    return isPostgres() && m_transactionDepth > 0 ? QStringLiteral(" FOR UPDATE") : QString();
}

QString TaskRegistryStore::skippingLockedRows() const
{
    return isPostgres() ? QStringLiteral(" FOR UPDATE SKIP LOCKED") : QString();
}

Status TaskRegistryStore::lockSpecForUpsert(const QString &spec)
{
    if (!isPostgres())
        return Ok{};
    Result<QSqlQuery> locked =
        exec(QStringLiteral("SELECT pg_advisory_xact_lock(hashtextextended(?, 1))"), {spec});
    if (!locked)
        return locked.error();
    return Ok{};
}

Status TaskRegistryStore::lockIdempotencyKey(const QString &key, const QString &method,
                                             const QString &path)
{
    if (!isPostgres())
        return Ok{};
    Result<QSqlQuery> locked =
        exec(QStringLiteral("SELECT pg_advisory_xact_lock(hashtextextended(?, 2))"),
             {QVariant(key + QLatin1Char('\n') + method + QLatin1Char('\n') + path)});
    if (!locked)
        return locked.error();
    return Ok{};
}

Result<QSqlQuery> TaskRegistryStore::exec(const QString &sql, const QVariantList &values)
{
    if (m_transactionDepth == 0) {
        m_connectionLost = false;
        m_transactionRetryable = false;
    }
    Result<QSqlQuery> done = execOnce(sql, values);
    // Outside a transaction nothing else is lost with the connection: open it again and retry.
    if (!done && m_connectionLost && m_transactionDepth == 0 && reconnect())
        done = execOnce(sql, values);
    return done;
}

Result<QSqlQuery> TaskRegistryStore::execOnce(const QString &sql, const QVariantList &values)
{
    const QString engine = isPostgres() ? QStringLiteral("PostgreSQL") : QStringLiteral("SQLite");
    const auto failed = [&](const QString &what, const QSqlError &error) -> Error {
        const QString code = error.nativeErrorCode();
        // SQLSTATE class 08 (connection exception), 57P (operator intervention: the server is
        // shutting down or restarting), or no SQLSTATE at all (libpq lost the socket).
        // Within a transaction what a statement said stays said: the statements after it fail
        // only because the transaction is aborted (25P02).
        m_connectionLost =
            m_connectionLost ||
            (isPostgres() && (code.isEmpty() || code.startsWith(QLatin1String("08")) ||
                              code.startsWith(QLatin1String("57P"))));
        // 40001 serialization failure, 40P01 deadlock detected: the whole transaction may run
        // again.
        m_transactionRetryable =
            m_transactionRetryable ||
            (isPostgres() && (code == QLatin1String("40001") || code == QLatin1String("40P01")));
        return storageError(
            QStringLiteral("%1 %2 [%3]: %4").arg(engine, what, sql, error.text().trimmed()));
    };
    QSqlQuery query(m_db);
    // PostgreSQL prepares only queries and row changes, not schema statements: a statement
    // without values runs as it is.
    if (values.isEmpty()) {
        if (!query.exec(sql))
            return failed(QStringLiteral("failed"), query.lastError());
        return query;
    }
    if (!query.prepare(sql))
        return failed(QStringLiteral("cannot prepare"), query.lastError());
    for (const QVariant &value : values) {
        // A null QString would be bound as SQL NULL; the columns hold '' instead.
        const bool nullText = value.typeId() == QMetaType::QString && value.toString().isNull();
        query.addBindValue(nullText ? QVariant(QStringLiteral("")) : value);
    }
    if (!query.exec())
        return failed(QStringLiteral("failed"), query.lastError());
    return query;
}

Result<qint64> TaskRegistryStore::insertReturningSequence(const QString &sql,
                                                          const QVariantList &values)
{
    if (!isPostgres()) {
        Result<QSqlQuery> q = exec(sql, values);
        if (!q)
            return q.error();
        return q.value().lastInsertId().toLongLong();
    }
    Result<QSqlQuery> q = exec(sql + QStringLiteral(" RETURNING seq"), values);
    if (!q)
        return q.error();
    if (!q.value().next())
        return storageError(QStringLiteral("PostgreSQL returned no sequence number [%1]").arg(sql));
    return q.value().value(0).toLongLong();
}

Status TaskRegistryStore::runTransaction(const std::function<Status()> &work)
{
    if (m_transactionDepth > 0) {
        ++m_transactionDepth;
        Status status = work();
        --m_transactionDepth;
        return status;
    }
    bool reconnected = false;
    const auto reconnectOnce = [&] {
        if (reconnected || !isPostgres())
            return false;
        reconnected = true;
        return reconnect();
    };
    for (int attempt = 1;; ++attempt) {
        m_connectionLost = false;
        m_transactionRetryable = false;
        if (!m_db.transaction()) {
            const QString reason = m_db.lastError().text().trimmed();
            if (reconnectOnce())
                continue;
            return storageError(
                QStringLiteral("%1 cannot begin a transaction: %2")
                    .arg(isPostgres() ? QStringLiteral("PostgreSQL") : QStringLiteral("SQLite"),
                         reason));
        }
        m_transactionDepth = 1;
        Status status = work();
        m_transactionDepth = 0;
        if (!status) {
            m_db.rollback();
            if ((m_transactionRetryable && attempt < kTransactionAttempts) ||
                (m_connectionLost && reconnectOnce()))
                continue;
            return status;
        }
        if (!m_db.commit()) {
            const QSqlError error = m_db.lastError();
            m_db.rollback();
            const QString code = error.nativeErrorCode();
            if (isPostgres() &&
                (code == QLatin1String("40001") || code == QLatin1String("40P01")) &&
                attempt < kTransactionAttempts)
                continue;
            return storageError(QStringLiteral("the registry database cannot commit: %1")
                                    .arg(error.text().trimmed()));
        }
        return status;
    }
}

} // namespace necrocode
