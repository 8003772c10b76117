// Task leases in the Task Registry over HTTP: a claim grants a lease that only the claimer sees,
// renewal extends it, an expired lease puts the task back to ready with a TaskRequeued event
// naming the lost runner (and fails it with worker_lost after the last attempt), a late report
// that carries an ended lease is refused with 409 and changes nothing, and a database made
// before leases existed is migrated.
#include "HttpTestClient.h"
#include "RegistryEvents.h"
#include "RegistryTestDatabases.h"
#include "registry/TaskRegistryService.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;
using namespace necrocode::test;

namespace {

QJsonObject taskSet(const QStringList &ids)
{
    QJsonArray tasks;
    for (const QString &id : ids)
        tasks.append(QJsonObject{{QStringLiteral("id"), id},
                                 {QStringLiteral("title"), QString(QStringLiteral("Task ") + id)}});
    return QJsonObject{{QStringLiteral("tasks"), tasks}};
}

QJsonObject lastEvent(const QJsonObject &events, const QString &type)
{
    QJsonObject found;
    for (const QJsonValue &e : events.value(QStringLiteral("events")).toArray())
        if (e.toObject().value(QStringLiteral("event_type")).toString() == type)
            found = e.toObject();
    return found;
}

} // namespace

class TestTaskLeases : public QObject
{
    Q_OBJECT

private:
    RegistryTestDatabases m_databases;
    RegistryDatabase m_database;
    std::unique_ptr<TaskRegistryService> m_service;
    HttpTestClient m_http;

    void startService()
    {
        Result<std::unique_ptr<TaskRegistryService>> service =
            RegistryTestDatabases::listeningRegistry(m_database);
        QVERIFY2(service.ok(), qPrintable(service.errorMessage()));
        m_service = std::move(service).value();
    }

    QUrl url(const QString &path) const { return urlOf(m_service->baseUrl(), path); }

    QJsonObject claim(const QString &runner, int leaseSeconds)
    {
        const TestResponse r = m_http.post(url(QStringLiteral("/tasks/claim")),
                                           {{QStringLiteral("runner_id"), runner},
                                            {QStringLiteral("lease_seconds"), leaseSeconds}});
        if (r.status != 200)
            qWarning("claim answered %d: %s", r.status, r.body.constData());
        return r.json();
    }

    QJsonObject task(const QString &id)
    {
        return m_http.get(url(QStringLiteral("/specs/s/tasks/%1").arg(id))).json();
    }

    QJsonObject events(const QString &id)
    {
        return m_http.get(url(QStringLiteral("/specs/s/tasks/%1/events").arg(id))).json();
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString problem = m_databases.start();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void init()
    {
        Result<RegistryDatabase> database = m_databases.fresh();
        QVERIFY2(database.ok(), qPrintable(database.errorMessage()));
        m_database = *database;
        startService();
        QCOMPARE(m_http
                     .post(url(QStringLiteral("/specs/s/tasks")),
                           taskSet({QStringLiteral("1"), QStringLiteral("2")}))
                     .status,
                 201);
    }

    void cleanup() { m_service.reset(); }

    void aClaimGrantsALeaseOnlyTheClaimerSees()
    {
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const QJsonObject claimed = claim(QStringLiteral("w1"), 30);
        QCOMPARE(claimed.value(QStringLiteral("id")).toString(), QStringLiteral("1"));
        QVERIFY(!claimed.value(QStringLiteral("lease_id")).toString().isEmpty());
        QCOMPARE(claimed.value(QStringLiteral("attempts")).toInt(), 1);
        const qint64 expires =
            QDateTime::fromString(claimed.value(QStringLiteral("lease_expires_at")).toString(),
                                  Qt::ISODateWithMs)
                .toMSecsSinceEpoch();
        QVERIFY(expires >= before + 29000 && expires <= before + 32000);
        const QJsonObject shown = task(QStringLiteral("1"));
        QVERIFY(!shown.contains(QStringLiteral("lease_id")));
        QCOMPARE(shown.value(QStringLiteral("lease_expires_at")),
                 claimed.value(QStringLiteral("lease_expires_at")));
    }

    void renewalExtendsTheLeaseAndAForeignLeaseIsRefused()
    {
        const QJsonObject claimed = claim(QStringLiteral("w1"), 2);
        const QString lease = claimed.value(QStringLiteral("lease_id")).toString();
        for (int i = 0; i < 4; ++i) {
            QTest::qWait(700);
            const TestResponse renewed = m_http.post(
                url(QStringLiteral("/specs/s/tasks/1/lease")),
                {{QStringLiteral("lease_id"), lease}, {QStringLiteral("lease_seconds"), 2}});
            QCOMPARE(renewed.status, 200);
        }
        // 2.8 s after a 2 s claim the task is still the claimer's.
        QCOMPARE(task(QStringLiteral("1")).value(QStringLiteral("state")).toString(),
                 QStringLiteral("running"));
        const TestResponse foreign =
            m_http.post(url(QStringLiteral("/tasks/1/lease")),
                        {{QStringLiteral("lease_id"), QStringLiteral("x")}});
        QCOMPARE(foreign.status, 409);
        QVERIFY(foreign.json()
                    .value(QStringLiteral("error"))
                    .toString()
                    .contains(QStringLiteral("claimed again")));
        const TestResponse bad = m_http.post(url(QStringLiteral("/tasks/claim")),
                                             {{QStringLiteral("runner_id"), QStringLiteral("w")},
                                              {QStringLiteral("lease_seconds"), 0.5}});
        QCOMPARE(bad.status, 400);
        QVERIFY(bad.body.contains("lease_seconds"));
    }

    void anExpiredLeaseRequeuesTheTaskAndTheLastAttemptFails()
    {
        m_service->setLeasePolicy(LeasePolicy{60, 2});
        QCOMPARE(claim(QStringLiteral("w1"), 1).value(QStringLiteral("id")).toString(),
                 QStringLiteral("1"));
        // The registry notices on its own (no request needed) within lease + one sweep.
        QTRY_COMPARE_WITH_TIMEOUT(
            task(QStringLiteral("1")).value(QStringLiteral("state")).toString(),
            QStringLiteral("ready"), 3000);
        const QJsonObject requeued =
            lastEvent(events(QStringLiteral("1")), QStringLiteral("TaskRequeued"));
        const QJsonObject data = requeued.value(QStringLiteral("data")).toObject();
        QCOMPARE(data.value(QStringLiteral("lost_runner")).toString(), QStringLiteral("w1"));
        QCOMPARE(data.value(QStringLiteral("attempt")).toInt(), 1);
        QCOMPARE(task(QStringLiteral("1")).value(QStringLiteral("assigned_to")).toString(),
                 QString());

        const QJsonObject second = claim(QStringLiteral("w2"), 1);
        QCOMPARE(second.value(QStringLiteral("id")).toString(), QStringLiteral("1"));
        QCOMPARE(second.value(QStringLiteral("attempts")).toInt(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(
            task(QStringLiteral("1")).value(QStringLiteral("state")).toString(),
            QStringLiteral("failed"), 3000);
        const QJsonObject failed = task(QStringLiteral("1"));
        QCOMPARE(failed.value(QStringLiteral("status_metadata"))
                     .toObject()
                     .value(QStringLiteral("error_type"))
                     .toString(),
                 QStringLiteral("worker_lost"));
        const QStringList types = eventTypes(events(QStringLiteral("1")));
        QCOMPARE(types.count(QStringLiteral("TaskRequeued")), 1);
        QCOMPARE(types.count(QStringLiteral("TaskFailed")), 1);
    }

    void aLateReportFromAnExpiredLeaseChangesNothing()
    {
        const QJsonObject claimed = claim(QStringLiteral("w1"), 1);
        const QByteArray lease = claimed.value(QStringLiteral("lease_id")).toString().toUtf8();
        QTRY_COMPARE_WITH_TIMEOUT(
            task(QStringLiteral("1")).value(QStringLiteral("state")).toString(),
            QStringLiteral("ready"), 3000);
        const QStringList eventsBefore = eventTypes(events(QStringLiteral("1")));
        const Headers withLease{{"Lease-Id", lease}};

        const TestResponse done =
            m_http.put(url(QStringLiteral("/specs/s/tasks/1/status")),
                       {{QStringLiteral("status"), QStringLiteral("done")}}, withLease);
        QCOMPARE(done.status, 409);
        QVERIFY2(done.json()
                     .value(QStringLiteral("error"))
                     .toString()
                     .contains(QStringLiteral("holds no lease")),
                 done.body.constData());
        QCOMPARE(m_http
                     .post(url(QStringLiteral("/tasks/1/events")),
                           {{QStringLiteral("event_type"), QStringLiteral("TaskCompleted")},
                            {QStringLiteral("data"), QJsonObject{}}},
                           withLease)
                     .status,
                 409);
        QCOMPARE(m_http
                     .post(url(QStringLiteral("/specs/s/tasks/1/artifacts")),
                           {{QStringLiteral("type"), QStringLiteral("diff")},
                            {QStringLiteral("uri"), QStringLiteral("file:///x")}},
                           withLease)
                     .status,
                 409);
        QCOMPARE(task(QStringLiteral("1")).value(QStringLiteral("state")).toString(),
                 QStringLiteral("ready"));
        QCOMPARE(eventTypes(events(QStringLiteral("1"))), eventsBefore);
        QVERIFY(m_http.get(url(QStringLiteral("/specs/s/tasks/1/artifacts")))
                    .json()
                    .value(QStringLiteral("artifacts"))
                    .toArray()
                    .isEmpty());

        // The new claimer's reports go through, and finishing ends its lease.
        const QJsonObject again = claim(QStringLiteral("w2"), 30);
        const Headers current{
            {"Lease-Id", again.value(QStringLiteral("lease_id")).toString().toUtf8()}};
        QCOMPARE(m_http
                     .put(url(QStringLiteral("/specs/s/tasks/1/status")),
                          {{QStringLiteral("status"), QStringLiteral("done")}}, current)
                     .status,
                 200);
        QVERIFY(!task(QStringLiteral("1")).contains(QStringLiteral("lease_expires_at")));
        // The finisher's remaining reports still go through.
        QCOMPARE(m_http
                     .post(url(QStringLiteral("/specs/s/tasks/1/events")),
                           {{QStringLiteral("event_type"), QStringLiteral("TaskCompleted")},
                            {QStringLiteral("data"), QJsonObject{}}},
                           current)
                     .status,
                 201);
        QCOMPARE(m_http
                     .post(url(QStringLiteral("/specs/s/tasks/1/lease")),
                           {{QStringLiteral("lease_id"), again.value(QStringLiteral("lease_id"))}})
                     .status,
                 409);
    }

    void aDatabaseFromBeforeLeasesIsMigrated()
    {
        m_service.reset();
        QTemporaryDir old;
        {
            // The tasks table as it was before leases, with a ready task in it.
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"),
                                                        QStringLiteral("old-registry"));
            db.setDatabaseName(old.filePath(QStringLiteral("task-registry.sqlite")));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral(
                "CREATE TABLE tasks (spec TEXT NOT NULL, id TEXT NOT NULL, position INTEGER NOT "
                "NULL, title TEXT NOT NULL, description TEXT NOT NULL, acceptance_criteria TEXT "
                "NOT "
                "NULL, dependencies TEXT NOT NULL, required_skill TEXT NOT NULL, metadata TEXT NOT "
                "NULL, state TEXT NOT NULL, assigned_to TEXT NOT NULL, status_metadata TEXT NOT "
                "NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (spec, "
                "id))")));
            QVERIFY(q.exec(QStringLiteral(
                "CREATE TABLE specs (name TEXT PRIMARY KEY, created_at TEXT NOT NULL, updated_at "
                "TEXT NOT NULL)")));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO specs VALUES ('old', 't', 't')")));
            QVERIFY(q.exec(QStringLiteral(
                "INSERT INTO tasks VALUES ('old', 'a', 0, 'A', '', '[]', '[]', '', '{}', 'ready', "
                "'', '{}', 't', 't')")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("old-registry"));
        Result<std::unique_ptr<TaskRegistryService>> service =
            TaskRegistryService::open(old.path());
        QVERIFY2(service.ok(), qPrintable(service.errorMessage()));
        m_service = std::move(service).value();
        QVERIFY(m_service->listen().ok());
        const QJsonObject claimed = claim(QStringLiteral("w"), 30);
        QCOMPARE(claimed.value(QStringLiteral("id")).toString(), QStringLiteral("a"));
        QVERIFY(!claimed.value(QStringLiteral("lease_id")).toString().isEmpty());
        // Opening it again applies nothing twice.
        m_service.reset();
        QVERIFY(TaskRegistryService::open(old.path()).ok());
    }
};

QTEST_GUILESS_MAIN(TestTaskLeases)
#include "test_task_leases.moc"
