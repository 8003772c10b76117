// The Task Registry on a real PostgreSQL server: two `necrocode-services` processes on one
// database with claimers racing through both (no task claimed twice, each expired lease requeued
// once), schema versions, a server restart under a running registry, and database URLs that are
// wrong or carry a password.
#include "HttpTestClient.h"
#include "PostgresServer.h"
#include "RegistryEvents.h"
#include "registry/TaskRegistryService.h"

#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>

using namespace necrocode;
using namespace necrocode::test;

namespace {

// One `necrocode-services` process whose Task Registry is the given database.
class ServicesProcess
{
public:
    ServicesProcess(const QString &databaseUrl, const QString &dataDirectory)
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("NECROCODE_SERVICES_REGISTRY_DATABASE"), databaseUrl);
        m_process.setProcessEnvironment(environment);
        m_process.start(QStringLiteral(NECROCODE_SERVICES_EXECUTABLE),
                        {QStringLiteral("--data-dir"), dataDirectory});
    }
    ~ServicesProcess()
    {
        m_process.terminate();
        if (!m_process.waitForFinished(10000))
            m_process.kill();
        m_process.waitForFinished(5000);
    }

    // The Task Registry's URL once the process printed its URLs; empty if it exited instead.
    QUrl waitForRegistry()
    {
        if (!QTest::qWaitFor(
                [&] {
                    return m_process.canReadLine() || m_process.state() == QProcess::NotRunning;
                },
                60000))
            return {};
        const QJsonObject urls = QJsonDocument::fromJson(m_process.readLine()).object();
        return QUrl(urls.value(QStringLiteral("task_registry")).toString());
    }

    QProcess &process() { return m_process; }
    QString problem()
    {
        return QStringLiteral("state %1, exit %2, error '%3': %4")
            .arg(m_process.state())
            .arg(m_process.exitCode())
            .arg(m_process.errorString(), QString::fromLocal8Bit(m_process.readAllStandardError()));
    }

private:
    QProcess m_process;
};

// Two registry processes on one database, started together (so they migrate it together).
struct TwoRegistries
{
    explicit TwoRegistries(const QString &database)
        : a(database, dirA.path()), b(database, dirB.path()), registryA(a.waitForRegistry()),
          registryB(b.waitForRegistry())
    {}
    bool ready() const { return registryA.isValid() && registryB.isValid(); }
    QString problem() { return a.problem() + b.problem(); }

    QTemporaryDir dirA;
    QTemporaryDir dirB;
    ServicesProcess a;
    ServicesProcess b;
    QUrl registryA;
    QUrl registryB;
};

QJsonObject taskSet(int count)
{
    QJsonArray tasks;
    for (int i = 0; i < count; ++i)
        tasks.append(QJsonObject{{QStringLiteral("id"), QStringLiteral("t%1").arg(i)},
                                 {QStringLiteral("title"), QStringLiteral("Task %1").arg(i)},
                                 {QStringLiteral("description"), QStringLiteral("d")},
                                 {QStringLiteral("acceptance_criteria"), QJsonArray{}},
                                 {QStringLiteral("dependencies"), QJsonArray{}},
                                 {QStringLiteral("required_skill"), QStringLiteral("cpp")},
                                 {QStringLiteral("metadata"), QJsonObject{}}});
    return QJsonObject{{QStringLiteral("tasks"), tasks}};
}

} // namespace

class TestRegistryPostgresql : public QObject
{
    Q_OBJECT

private:
    PostgresServer m_server;
    int m_databases = 0;
    int m_refusedClaims = 0;
    HttpTestClient m_http;

    QString newDatabase()
    {
        QString error;
        const QString url =
            m_server.createDatabase(QStringLiteral("fleet_%1").arg(++m_databases), &error);
        if (url.isEmpty())
            qWarning("cannot create a database: %s", qPrintable(error));
        return url;
    }

    // Claims through `registries` in turn, `inFlight` requests at a time on each, until every
    // claim answers 204; returns the task ids handed out, in the order they came. Any other
    // answer (a claim that collided with another process's) is counted in m_refusedClaims.
    QStringList claimEverything(const QList<QUrl> &registries, int inFlight, int leaseSeconds)
    {
        m_refusedClaims = 0;
        QStringList claimed;
        int open = 0;
        int exhausted = 0;
        std::function<void(const QUrl &, int)> claimOne = [&](const QUrl &registry, int runner) {
            ++open;
            // Keyed like a real worker's claims: the request's transaction holds the claim's.
            QNetworkReply *reply = m_http.start(
                "POST", urlOf(registry, QStringLiteral("/tasks/claim")),
                jsonBytes({{QStringLiteral("runner_id"), QStringLiteral("runner-%1").arg(runner)},
                           {QStringLiteral("lease_seconds"), leaseSeconds}}),
                {{"Idempotency-Key", QUuid::createUuid().toByteArray(QUuid::WithoutBraces)}});
            QObject::connect(reply, &QNetworkReply::finished, reply, [&, reply, registry, runner] {
                --open;
                const TestResponse r = HttpTestClient::read(reply);
                reply->deleteLater();
                if (r.status == 200) {
                    claimed.append(r.json().value(QStringLiteral("id")).toString());
                    claimOne(registry, runner);
                } else {
                    if (r.status != 204) {
                        qWarning("claim answered %d: %s", r.status, r.body.constData());
                        ++m_refusedClaims;
                    }
                    ++exhausted;
                }
            });
        };
        int runner = 0;
        for (const QUrl &registry : registries)
            for (int i = 0; i < inFlight; ++i)
                claimOne(registry, runner++);
        if (!QTest::qWaitFor([&] { return open == 0; }, 120000))
            qWarning("%d claims still open", open);
        return claimed;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString problem = m_server.start();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void twoRegistryProcessesOnOneDatabaseNeverHandOutATaskTwice()
    {
        const QString database = newDatabase();
        QVERIFY(!database.isEmpty());
        // Started together on an empty database: they migrate it one after the other.
        TwoRegistries registries(database);
        QVERIFY2(registries.ready(), qPrintable(registries.problem()));
        const QUrl registryA = registries.registryA;
        const QUrl registryB = registries.registryB;

        constexpr int tasks = 300;
        QCOMPARE(m_http.post(urlOf(registryA, QStringLiteral("/specs/fleet/tasks")), taskSet(tasks))
                     .status,
                 201);
        // The other process sees them at once: the state is the database's, not a process's.
        QCOMPARE(m_http.get(urlOf(registryB, QStringLiteral("/specs/fleet/tasks?state=ready")))
                     .json()
                     .value(QStringLiteral("tasks"))
                     .toArray()
                     .size(),
                 tasks);

        const QStringList claimed = claimEverything({registryA, registryB}, 6, 300);
        QCOMPARE(m_refusedClaims, 0);
        QCOMPARE(claimed.size(), tasks);
        QCOMPARE(QSet<QString>(claimed.cbegin(), claimed.cend()).size(), tasks);
        const QJsonArray running =
            m_http.get(urlOf(registryB, QStringLiteral("/specs/fleet/tasks?state=running")))
                .json()
                .value(QStringLiteral("tasks"))
                .toArray();
        QCOMPARE(running.size(), tasks);
        for (const QString &id :
             {QStringLiteral("t0"), QStringLiteral("t150"), QStringLiteral("t299")}) {
            const QStringList types = eventTypes(
                m_http.get(urlOf(registryA, QStringLiteral("/specs/fleet/tasks/%1/events").arg(id)))
                    .json());
            QCOMPARE(types.count(QStringLiteral("TaskAssigned")), 1);
        }
    }

    void anExpiredLeaseIsRequeuedOnceThoughBothProcessesSweep()
    {
        const QString database = newDatabase();
        TwoRegistries registries(database);
        QVERIFY2(registries.ready(), qPrintable(registries.problem()));
        const QUrl registryA = registries.registryA;
        const QUrl registryB = registries.registryB;
        constexpr int tasks = 40;
        QCOMPARE(m_http.post(urlOf(registryA, QStringLiteral("/specs/fleet/tasks")), taskSet(tasks))
                     .status,
                 201);
        QCOMPARE(claimEverything({registryA, registryB}, 4, 3).size(), tasks);
        // Nobody renews: after the lease and a sweep or two of each process all are ready again.
        QVERIFY(QTest::qWaitFor(
            [&] {
                return m_http
                           .get(urlOf(registryA, QStringLiteral("/specs/fleet/tasks?state=ready")))
                           .json()
                           .value(QStringLiteral("tasks"))
                           .toArray()
                           .size() == tasks;
            },
            15000));
        QTest::qWait(2500); // more sweeps by both processes
        for (int i = 0; i < tasks; ++i) {
            const QStringList types =
                eventTypes(m_http
                               .get(urlOf(i % 2 ? registryA : registryB,
                                          QStringLiteral("/specs/fleet/tasks/t%1/events").arg(i)))
                               .json());
            QCOMPARE(types.count(QStringLiteral("TaskRequeued")), 1);
        }
    }

    void aClaimRepeatedToTheOtherProcessGetsTheFirstAnswer()
    {
        const QString database = newDatabase();
        TwoRegistries registries(database);
        QVERIFY2(registries.ready(), qPrintable(registries.problem()));
        const QUrl registryA = registries.registryA;
        const QUrl registryB = registries.registryB;
        QCOMPARE(
            m_http.post(urlOf(registryA, QStringLiteral("/specs/fleet/tasks")), taskSet(20)).status,
            201);
        // A worker's claim times out on its way through A and is sent again, with the same key,
        // to B while A may still be at it: one task is claimed, and both answers name it.
        for (int round = 0; round < 10; ++round) {
            const QByteArray key = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
            const QByteArray body =
                jsonBytes({{QStringLiteral("runner_id"), QStringLiteral("w%1").arg(round)}});
            QNetworkReply *first =
                m_http.start("POST", urlOf(registryA, QStringLiteral("/tasks/claim")), body,
                             {{"Idempotency-Key", key}});
            QNetworkReply *again =
                m_http.start("POST", urlOf(registryB, QStringLiteral("/tasks/claim")), body,
                             {{"Idempotency-Key", key}});
            const TestResponse one = HttpTestClient::finish(first);
            const TestResponse two = HttpTestClient::finish(again);
            QCOMPARE(one.status, 200);
            QCOMPARE(two.status, 200);
            QCOMPARE(one.json().value(QStringLiteral("id")),
                     two.json().value(QStringLiteral("id")));
        }
        QCOMPARE(m_http.get(urlOf(registryA, QStringLiteral("/specs/fleet/tasks?state=running")))
                     .json()
                     .value(QStringLiteral("tasks"))
                     .toArray()
                     .size(),
                 10);
    }

    void aReportIsCheckedAgainstTheLeaseItChangesUnder()
    {
        const QString database = newDatabase();
        QTemporaryDir dir;
        ServicesProcess services(database, dir.path());
        const QUrl registry = services.waitForRegistry();
        QVERIFY2(registry.isValid(), qPrintable(services.problem()));
        QCOMPARE(
            m_http.post(urlOf(registry, QStringLiteral("/specs/fleet/tasks")), taskSet(1)).status,
            201);
        const QJsonObject claimed =
            m_http
                .post(urlOf(registry, QStringLiteral("/tasks/claim")),
                      {{QStringLiteral("runner_id"), QStringLiteral("runner-a")}})
                .json();
        const QByteArray lease = claimed.value(QStringLiteral("lease_id")).toString().toUtf8();
        QVERIFY(!lease.isEmpty());

        // Another registry process holds the task (it is requeuing it and handing it to
        // runner-b) while runner-a's report of "done" arrives.
        const QString connection = QStringLiteral("other-registry");
        {
            QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
            other.setHostName(m_server.socketDirectory());
            other.setUserName(QStringLiteral("necrocode"));
            other.setDatabaseName(QUrl(database).path().mid(1));
            QVERIFY(other.open());
            QVERIFY(other.transaction());
            QSqlQuery q(other);
            QVERIFY(q.exec(QStringLiteral("SELECT state FROM tasks WHERE id = 't0' FOR UPDATE")));
            QNetworkReply *report =
                m_http.start("PUT", urlOf(registry, QStringLiteral("/specs/fleet/tasks/t0/status")),
                             jsonBytes({{QStringLiteral("status"), QStringLiteral("done")}}),
                             {{"Lease-Id", lease}});
            QTest::qWait(500);
            QVERIFY(q.exec(QStringLiteral("UPDATE tasks SET lease_id = 'lease-b', assigned_to = "
                                          "'runner-b', attempts = attempts + 1 WHERE id = 't0'")));
            QVERIFY(other.commit());
            const TestResponse answer = HttpTestClient::finish(report);
            QCOMPARE(answer.status, 409);
            other.close();
        }
        QSqlDatabase::removeDatabase(connection);
        const QJsonObject task =
            m_http.get(urlOf(registry, QStringLiteral("/specs/fleet/tasks/t0"))).json();
        QCOMPARE(task.value(QStringLiteral("state")).toString(), QStringLiteral("running"));
        QCOMPARE(task.value(QStringLiteral("assigned_to")).toString(), QStringLiteral("runner-b"));
    }

    void aRegistryCarriesOnAfterTheDatabaseRestarts()
    {
        Result<RegistryDatabase> database = RegistryDatabase::postgresql(newDatabase());
        QVERIFY(database.ok());
        Result<std::unique_ptr<TaskRegistryService>> opened = TaskRegistryService::open(*database);
        QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
        std::unique_ptr<TaskRegistryService> service = std::move(opened).value();
        QVERIFY(service->listen().ok());
        const QUrl base = service->baseUrl();
        QCOMPARE(m_http.post(urlOf(base, QStringLiteral("/specs/s/tasks")), taskSet(2)).status,
                 201);

        QCOMPARE(m_http.get(urlOf(base, QStringLiteral("/readyz"))).status, 200);
        // While the database is down the registry says it is not ready (and why, without naming
        // the database); it stays alive.
        QCOMPARE(m_server.stop(), QString());
        const TestResponse notReady = m_http.get(urlOf(base, QStringLiteral("/readyz")));
        QCOMPARE(notReady.status, 503);
        QCOMPARE(notReady.json().value(QStringLiteral("reason")).toString(),
                 QStringLiteral("the registry's database does not answer"));
        QCOMPARE(m_http.get(urlOf(base, QStringLiteral("/livez"))).status, 200);
        QCOMPARE(m_http.get(urlOf(base, QStringLiteral("/specs"))).status, 500);
        QCOMPARE(m_server.resume(), QString());
        QCOMPARE(m_http.get(urlOf(base, QStringLiteral("/readyz"))).status, 200);

        const QString restarted = m_server.restart();
        QVERIFY2(restarted.isEmpty(), qPrintable(restarted));

        // The connection the server cut is opened again, for a read and for a transaction.
        const TestResponse specs = m_http.get(urlOf(base, QStringLiteral("/specs")));
        QCOMPARE(specs.status, 200);
        QCOMPARE(specs.json().value(QStringLiteral("specs")).toArray().size(), 1);
        QCOMPARE(m_server.restart(), QString());
        const TestResponse claim =
            m_http.post(urlOf(base, QStringLiteral("/tasks/claim")),
                        {{QStringLiteral("runner_id"), QStringLiteral("w")}});
        QCOMPARE(claim.status, 200);
        QCOMPARE(claim.json().value(QStringLiteral("id")).toString(), QStringLiteral("t0"));
    }

    void theSchemaIsMigratedOnceAndANewerOneIsRefused()
    {
        Result<RegistryDatabase> database = RegistryDatabase::postgresql(newDatabase());
        QVERIFY(database.ok());
        QVERIFY(TaskRegistryStore::open(*database).ok());
        {
            Result<std::unique_ptr<TaskRegistryStore>> again = TaskRegistryStore::open(*database);
            QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
        }
        const QString connection = QStringLiteral("schema-check");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
            db.setHostName(m_server.socketDirectory());
            db.setUserName(QStringLiteral("necrocode"));
            db.setDatabaseName(database->url.path().mid(1));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*), MAX(version) FROM "
                                          "necrocode_schema_version")));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toInt(), 1);
            QCOMPARE(q.value(1).toInt(), 1);
            QVERIFY(q.exec(QStringLiteral("UPDATE necrocode_schema_version SET version = 99")));
            db.close();
        }
        QSqlDatabase::removeDatabase(connection);
        const Result<std::unique_ptr<TaskRegistryStore>> newer = TaskRegistryStore::open(*database);
        QVERIFY(!newer.ok());
        QVERIFY2(newer.errorMessage().contains(QStringLiteral("schema version 99")),
                 qPrintable(newer.errorMessage()));
    }

    void wrongDatabaseUrlsAreRefusedAtStartWithoutShowingThePassword()
    {
        QTemporaryDir dir;
        {
            ServicesProcess bad(QStringLiteral("mysql://u@h/db"), dir.path());
            QVERIFY(bad.process().waitForFinished(30000));
            QCOMPARE(bad.process().exitCode(), 2);
            QVERIFY(bad.process().readAllStandardError().contains("postgresql://"));
        }
        QUrl missing(m_server.url(QStringLiteral("no_such_database")));
        missing.setPassword(QStringLiteral("s3cret-pass"));
        ServicesProcess absent(missing.toString(), dir.path());
        QVERIFY(absent.process().waitForFinished(30000));
        QCOMPARE(absent.process().exitCode(), 1);
        const QByteArray said =
            absent.process().readAllStandardError() + absent.process().readAllStandardOutput();
        QVERIFY2(said.contains("no_such_database"), said.constData());
        QVERIFY2(!said.contains("s3cret-pass"), said.constData());
    }
};

QTEST_GUILESS_MAIN(TestRegistryPostgresql)
#include "test_registry_postgresql.moc"
