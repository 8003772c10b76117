// The Task Registry over HTTP: task sets, readiness, transitions, events, artifacts, timestamps,
// idempotency, legacy paths, claims, restarts.
#include "HttpTestClient.h"
#include "RegistryEvents.h"
#include "RegistryTestDatabases.h"
#include "registry/TaskRegistryService.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;
using namespace necrocode::test;

namespace {

QJsonObject task(const QString &id, const QStringList &dependencies = {})
{
    QJsonArray deps;
    for (const QString &d : dependencies)
        deps.append(d);
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("title"), QString(QStringLiteral("Task ") + id)},
        {QStringLiteral("description"), QString(QStringLiteral("Do ") + id)},
        {QStringLiteral("acceptance_criteria"), QJsonArray{QStringLiteral("works")}},
        {QStringLiteral("dependencies"), deps},
        {QStringLiteral("required_skill"), QStringLiteral("cpp")},
        {QStringLiteral("metadata"),
         QJsonObject{{QStringLiteral("repo_url"), QStringLiteral("/srv/repo.git")}}}};
}

QJsonObject taskSet(const QJsonArray &tasks)
{
    return QJsonObject{{QStringLiteral("tasks"), tasks}};
}

QJsonObject status(const QString &state)
{
    return QJsonObject{{QStringLiteral("status"), state}};
}

} // namespace

class TestTaskRegistryService : public QObject
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

    void createTasks(const QString &spec, const QJsonArray &tasks)
    {
        const TestResponse r =
            m_http.post(url(QStringLiteral("/specs/%1/tasks").arg(spec)), taskSet(tasks));
        QVERIFY2(r.status == 201 || r.status == 200, r.body.constData());
    }

    QString stateOf(const QString &spec, const QString &id)
    {
        return m_http.get(url(QStringLiteral("/specs/%1/tasks/%2").arg(spec, id)))
            .json()
            .value(QStringLiteral("state"))
            .toString();
    }

    void moveTo(const QString &spec, const QString &id, const QString &state)
    {
        const TestResponse r = m_http.put(
            url(QStringLiteral("/specs/%1/tasks/%2/status").arg(spec, id)), status(state));
        QVERIFY2(r.status == 200, r.body.constData());
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
    }

    void cleanup() { m_service.reset(); }

    void healthAnswers()
    {
        const TestResponse r = m_http.get(url(QStringLiteral("/health")));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    }

    void createsATaskSetWithReadyAndBlockedTasks()
    {
        const TestResponse r =
            m_http.post(url(QStringLiteral("/specs/chat-app/tasks")),
                        taskSet({task(QStringLiteral("1.1")),
                                 task(QStringLiteral("1.2"), {QStringLiteral("1.1")})}));
        QCOMPARE(r.status, 201);
        const QJsonObject body = r.json();
        QCOMPARE(body.value(QStringLiteral("created")).toArray().size(), 2);
        QCOMPARE(stateOf(QStringLiteral("chat-app"), QStringLiteral("1.1")),
                 QStringLiteral("ready"));
        QCOMPARE(stateOf(QStringLiteral("chat-app"), QStringLiteral("1.2")),
                 QStringLiteral("blocked"));

        const QJsonObject stored =
            m_http.get(url(QStringLiteral("/specs/chat-app/tasks/1.2"))).json();
        QCOMPARE(stored.value(QStringLiteral("title")).toString(), QStringLiteral("Task 1.2"));
        QCOMPARE(stored.value(QStringLiteral("dependencies")).toArray(),
                 QJsonArray{QStringLiteral("1.1")});
        QCOMPARE(stored.value(QStringLiteral("acceptance_criteria")).toArray(),
                 QJsonArray{QStringLiteral("works")});
        QCOMPARE(stored.value(QStringLiteral("required_skill")).toString(), QStringLiteral("cpp"));
        QCOMPARE(stored.value(QStringLiteral("metadata"))
                     .toObject()
                     .value(QStringLiteral("repo_url"))
                     .toString(),
                 QStringLiteral("/srv/repo.git"));
        QCOMPARE(stored.value(QStringLiteral("spec_name")).toString(), QStringLiteral("chat-app"));
    }

    void extendingATaskSetKeepsStatesAndAddsTasks()
    {
        createTasks(QStringLiteral("s"), {task(QStringLiteral("1"))});
        moveTo(QStringLiteral("s"), QStringLiteral("1"), QStringLiteral("done"));
        const TestResponse r = m_http.post(
            url(QStringLiteral("/specs/s/tasks")),
            taskSet({task(QStringLiteral("1")), task(QStringLiteral("2"), {QStringLiteral("1")})}));
        QCOMPARE(r.status, 201);
        QCOMPARE(r.json().value(QStringLiteral("unchanged")).toArray(),
                 QJsonArray{QStringLiteral("1")});
        QCOMPARE(stateOf(QStringLiteral("s"), QStringLiteral("1")), QStringLiteral("done"));
        QCOMPARE(stateOf(QStringLiteral("s"), QStringLiteral("2")), QStringLiteral("ready"));
        const TestResponse again =
            m_http.post(url(QStringLiteral("/specs/s/tasks")),
                        taskSet({task(QStringLiteral("2"), {QStringLiteral("1")})}));
        QCOMPARE(again.status, 200);
    }

    void changedDependenciesAreReevaluated()
    {
        createTasks(QStringLiteral("s"), {task(QStringLiteral("a")), task(QStringLiteral("b")),
                                          task(QStringLiteral("c"), {QStringLiteral("a")})});
        QCOMPARE(stateOf(QStringLiteral("s"), QStringLiteral("c")), QStringLiteral("blocked"));
        const TestResponse dropped = m_http.post(url(QStringLiteral("/specs/s/tasks")),
                                                 taskSet({task(QStringLiteral("c"))}));
        QCOMPARE(dropped.json().value(QStringLiteral("updated")).toArray(),
                 QJsonArray{QStringLiteral("c")});
        QCOMPARE(stateOf(QStringLiteral("s"), QStringLiteral("c")), QStringLiteral("ready"));
        m_http.post(url(QStringLiteral("/specs/s/tasks")),
                    taskSet({task(QStringLiteral("c"), {QStringLiteral("b")})}));
        QCOMPARE(stateOf(QStringLiteral("s"), QStringLiteral("c")), QStringLiteral("blocked"));
    }

    void aManuallyBlockedTaskStaysBlocked()
    {
        createTasks(QStringLiteral("s"), {task(QStringLiteral("a")), task(QStringLiteral("b"))});
        moveTo(QStringLiteral("s"), QStringLiteral("b"), QStringLiteral("blocked"));
        moveTo(QStringLiteral("s"), QStringLiteral("a"), QStringLiteral("done"));
        QCOMPARE(stateOf(QStringLiteral("s"), QStringLiteral("b")), QStringLiteral("blocked"));
    }

    void aTaskBecomesReadyWhenAllItsDependenciesAreDone()
    {
        createTasks(QStringLiteral("s"),
                    {task(QStringLiteral("a")), task(QStringLiteral("b")),
                     task(QStringLiteral("c"), {QStringLiteral("a"), QStringLiteral("b")})});
        moveTo(QStringLiteral("s"), QStringLiteral("a"), QStringLiteral("running"));
        moveTo(QStringLiteral("s"), QStringLiteral("a"), QStringLiteral("done"));
        QCOMPARE(stateOf(QStringLiteral("s"), QStringLiteral("c")), QStringLiteral("blocked"));
        moveTo(QStringLiteral("s"), QStringLiteral("b"), QStringLiteral("done"));
        QCOMPARE(stateOf(QStringLiteral("s"), QStringLiteral("c")), QStringLiteral("ready"));
        const QStringList types =
            eventTypes(m_http.get(url(QStringLiteral("/specs/s/tasks/c/events"))).json());
        QCOMPARE(types, (QStringList{QStringLiteral("TaskCreated"), QStringLiteral("TaskReady")}));
    }

    void reopeningADependencyBlocksItsReadyDependents()
    {
        createTasks(QStringLiteral("s"),
                    {task(QStringLiteral("a")), task(QStringLiteral("b"), {QStringLiteral("a")})});
        moveTo(QStringLiteral("s"), QStringLiteral("a"), QStringLiteral("done"));
        QCOMPARE(stateOf(QStringLiteral("s"), QStringLiteral("b")), QStringLiteral("ready"));
        moveTo(QStringLiteral("s"), QStringLiteral("a"), QStringLiteral("ready"));
        QCOMPARE(stateOf(QStringLiteral("s"), QStringLiteral("b")), QStringLiteral("blocked"));
    }

    void dependencyCyclesAreRejected()
    {
        const TestResponse r =
            m_http.post(url(QStringLiteral("/specs/s/tasks")),
                        taskSet({task(QStringLiteral("a"), {QStringLiteral("b")}),
                                 task(QStringLiteral("b"), {QStringLiteral("a")})}));
        QCOMPARE(r.status, 400);
        QVERIFY2(
            r.json().value(QStringLiteral("error")).toString().contains(QStringLiteral("cycle")),
            r.body.constData());
        QCOMPARE(m_http.get(url(QStringLiteral("/specs/s/tasks"))).status, 404);
        // Sent with an Idempotency-Key (its 400 is recorded and committed): still no spec.
        const TestResponse keyed =
            m_http.post(url(QStringLiteral("/specs/s/tasks")),
                        taskSet({task(QStringLiteral("a"), {QStringLiteral("b")}),
                                 task(QStringLiteral("b"), {QStringLiteral("a")})}),
                        {{"Idempotency-Key", "cycle-1"}});
        QCOMPARE(keyed.status, 400);
        QCOMPARE(m_http.get(url(QStringLiteral("/specs/s/tasks"))).status, 404);
        QVERIFY(m_http.get(url(QStringLiteral("/specs")))
                    .json()
                    .value(QStringLiteral("specs"))
                    .toArray()
                    .isEmpty());
    }

    void listsSpecsAndFiltersTasksByState()
    {
        createTasks(QStringLiteral("alpha"),
                    {task(QStringLiteral("1")), task(QStringLiteral("2"), {QStringLiteral("1")})});
        createTasks(QStringLiteral("beta"), {task(QStringLiteral("1"))});
        const QJsonArray specs = m_http.get(url(QStringLiteral("/specs")))
                                     .json()
                                     .value(QStringLiteral("specs"))
                                     .toArray();
        QCOMPARE(specs.size(), 2);
        const QJsonObject alpha = specs.at(0).toObject();
        QCOMPARE(alpha.value(QStringLiteral("name")).toString(), QStringLiteral("alpha"));
        QCOMPARE(alpha.value(QStringLiteral("task_count")).toInt(), 2);
        QCOMPARE(alpha.value(QStringLiteral("counts_by_state"))
                     .toObject()
                     .value(QStringLiteral("blocked"))
                     .toInt(),
                 1);

        const QJsonArray ready = m_http.get(url(QStringLiteral("/specs/alpha/tasks?state=ready")))
                                     .json()
                                     .value(QStringLiteral("tasks"))
                                     .toArray();
        QCOMPARE(ready.size(), 1);
        QCOMPARE(ready.at(0).toObject().value(QStringLiteral("id")).toString(),
                 QStringLiteral("1"));
        QCOMPARE(m_http.get(url(QStringLiteral("/specs/alpha/tasks")))
                     .json()
                     .value(QStringLiteral("tasks"))
                     .toArray()
                     .size(),
                 2);
        const TestResponse bad =
            m_http.get(url(QStringLiteral("/specs/alpha/tasks?state=sleeping")));
        QCOMPARE(bad.status, 400);
        QVERIFY(bad.json()
                    .value(QStringLiteral("error"))
                    .toString()
                    .contains(QStringLiteral("'state'")));
    }

    void validTransitions_data()
    {
        QTest::addColumn<QStringList>("pathToFrom");
        QTest::addColumn<QString>("to");
        const QStringList ready;
        const QStringList running{QStringLiteral("running")};
        const QStringList blocked{QStringLiteral("blocked")};
        const QStringList done{QStringLiteral("done")};
        const QStringList failed{QStringLiteral("running"), QStringLiteral("failed")};
        QTest::newRow("ready->running") << ready << QStringLiteral("running");
        QTest::newRow("ready->blocked") << ready << QStringLiteral("blocked");
        QTest::newRow("ready->done") << ready << QStringLiteral("done");
        QTest::newRow("running->done") << running << QStringLiteral("done");
        QTest::newRow("running->failed") << running << QStringLiteral("failed");
        QTest::newRow("running->ready") << running << QStringLiteral("ready");
        QTest::newRow("blocked->ready") << blocked << QStringLiteral("ready");
        QTest::newRow("blocked->running") << blocked << QStringLiteral("running");
        QTest::newRow("done->ready") << done << QStringLiteral("ready");
        QTest::newRow("failed->ready") << failed << QStringLiteral("ready");
        QTest::newRow("failed->running") << failed << QStringLiteral("running");
    }

    void validTransitions()
    {
        QFETCH(QStringList, pathToFrom);
        QFETCH(QString, to);
        createTasks(QStringLiteral("s"), {task(QStringLiteral("t"))});
        for (const QString &state : pathToFrom)
            moveTo(QStringLiteral("s"), QStringLiteral("t"), state);
        const TestResponse r =
            m_http.put(url(QStringLiteral("/specs/s/tasks/t/status")), status(to));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("state")).toString(), to);
        QCOMPARE(stateOf(QStringLiteral("s"), QStringLiteral("t")), to);
    }

    void invalidTransitionsAreConflicts_data()
    {
        QTest::addColumn<QStringList>("pathToFrom");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        const QStringList running{QStringLiteral("running")};
        const QStringList blocked{QStringLiteral("blocked")};
        const QStringList done{QStringLiteral("done")};
        const QStringList failed{QStringLiteral("running"), QStringLiteral("failed")};
        QTest::newRow("ready->failed")
            << QStringList() << QStringLiteral("ready") << QStringLiteral("failed");
        QTest::newRow("running->blocked")
            << running << QStringLiteral("running") << QStringLiteral("blocked");
        QTest::newRow("blocked->done")
            << blocked << QStringLiteral("blocked") << QStringLiteral("done");
        QTest::newRow("blocked->failed")
            << blocked << QStringLiteral("blocked") << QStringLiteral("failed");
        QTest::newRow("done->running")
            << done << QStringLiteral("done") << QStringLiteral("running");
        QTest::newRow("done->failed") << done << QStringLiteral("done") << QStringLiteral("failed");
        QTest::newRow("done->blocked")
            << done << QStringLiteral("done") << QStringLiteral("blocked");
        QTest::newRow("failed->done")
            << failed << QStringLiteral("failed") << QStringLiteral("done");
        QTest::newRow("failed->blocked")
            << failed << QStringLiteral("failed") << QStringLiteral("blocked");
    }

    void invalidTransitionsAreConflicts()
    {
        QFETCH(QStringList, pathToFrom);
        QFETCH(QString, from);
        QFETCH(QString, to);
        createTasks(QStringLiteral("s"), {task(QStringLiteral("t"))});
        for (const QString &state : pathToFrom)
            moveTo(QStringLiteral("s"), QStringLiteral("t"), state);
        const TestResponse r =
            m_http.put(url(QStringLiteral("/specs/s/tasks/t/status")), status(to));
        QCOMPARE(r.status, 409);
        const QJsonObject body = r.json();
        const QString message = body.value(QStringLiteral("error")).toString();
        QVERIFY2(message.contains(QLatin1Char('\'') + from + QLatin1Char('\'')) &&
                     message.contains(QLatin1Char('\'') + to + QLatin1Char('\'')),
                 qPrintable(message));
        QCOMPARE(body.value(QStringLiteral("from")).toString(), from);
        QCOMPARE(body.value(QStringLiteral("to")).toString(), to);
        QCOMPARE(stateOf(QStringLiteral("s"), QStringLiteral("t")), from);
    }

    void eventsAndArtifactsAreRecorded()
    {
        createTasks(QStringLiteral("s"), {task(QStringLiteral("t"))});
        const TestResponse event = m_http.post(
            url(QStringLiteral("/specs/s/tasks/t/events")),
            QJsonObject{{QStringLiteral("event_type"), QStringLiteral("RunnerStarted")},
                        {QStringLiteral("data"),
                         QJsonObject{{QStringLiteral("runner_id"), QStringLiteral("r1")}}}});
        QCOMPARE(event.status, 201);
        const TestResponse artifact = m_http.post(
            url(QStringLiteral("/specs/s/tasks/t/artifacts")),
            QJsonObject{{QStringLiteral("type"), QStringLiteral("diff")},
                        {QStringLiteral("uri"), QStringLiteral("http://127.0.0.1:1/artifacts/x")},
                        {QStringLiteral("size_bytes"), 42}});
        QCOMPARE(artifact.status, 201);

        const QJsonObject events =
            m_http.get(url(QStringLiteral("/specs/s/tasks/t/events"))).json();
        QVERIFY(eventTypes(events).contains(QStringLiteral("RunnerStarted")));
        const QJsonObject last = events.value(QStringLiteral("events")).toArray().last().toObject();
        QCOMPARE(last.value(QStringLiteral("data"))
                     .toObject()
                     .value(QStringLiteral("runner_id"))
                     .toString(),
                 QStringLiteral("r1"));
        const QJsonArray artifacts = m_http.get(url(QStringLiteral("/specs/s/tasks/t/artifacts")))
                                         .json()
                                         .value(QStringLiteral("artifacts"))
                                         .toArray();
        QCOMPARE(artifacts.size(), 1);
        QCOMPARE(artifacts.at(0).toObject().value(QStringLiteral("size_bytes")).toInt(), 42);
        QCOMPARE(artifacts.at(0).toObject().value(QStringLiteral("type")).toString(),
                 QStringLiteral("diff"));
    }

    // A run's final report: the status with the artifacts and the event of the same moment.
    static QJsonObject finalReport(const QJsonArray &artifacts, const QJsonObject &event)
    {
        return QJsonObject{{QStringLiteral("status"), QStringLiteral("done")},
                           {QStringLiteral("metadata"),
                            QJsonObject{{QStringLiteral("runner_id"), QStringLiteral("r1")}}},
                           {QStringLiteral("artifacts"), artifacts},
                           {QStringLiteral("event"), event}};
    }
    static QJsonObject artifactBody(const QString &type)
    {
        return QJsonObject{
            {QStringLiteral("type"), type},
            {QStringLiteral("uri"), QString(QStringLiteral("http://127.0.0.1:1/a/") + type)},
            {QStringLiteral("size_bytes"), 7}};
    }
    static QJsonObject completedEvent()
    {
        return QJsonObject{{QStringLiteral("event_type"), QStringLiteral("TaskCompleted")},
                           {QStringLiteral("data"),
                            QJsonObject{{QStringLiteral("runner_id"), QStringLiteral("r1")}}}};
    }
    QStringList artifactTypes(const QString &id)
    {
        QStringList types;
        const QJsonArray artifacts =
            m_http.get(url(QStringLiteral("/specs/s/tasks/%1/artifacts").arg(id)))
                .json()
                .value(QStringLiteral("artifacts"))
                .toArray();
        for (const QJsonValue &a : artifacts)
            types << a.toObject().value(QStringLiteral("type")).toString();
        return types;
    }

    void aFinalReportRecordsItsArtifactsAndEventWithTheStatus()
    {
        createTasks(QStringLiteral("s"), {task(QStringLiteral("t"))});
        moveTo(QStringLiteral("s"), QStringLiteral("t"), QStringLiteral("running"));
        const TestResponse r = m_http.put(
            url(QStringLiteral("/specs/s/tasks/t/status")),
            finalReport({artifactBody(QStringLiteral("log")), artifactBody(QStringLiteral("diff"))},
                        completedEvent()));
        QVERIFY2(r.status == 200, r.body.constData());
        QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("done"));
        QCOMPARE(r.json().value(QStringLiteral("artifacts_recorded")).toInt(), 2);
        QCOMPARE(r.json().value(QStringLiteral("event_recorded")).toBool(), true);
        QCOMPARE(artifactTypes(QStringLiteral("t")),
                 (QStringList{QStringLiteral("log"), QStringLiteral("diff")}));
        QVERIFY(eventTypes(m_http.get(url(QStringLiteral("/specs/s/tasks/t/events"))).json())
                    .contains(QStringLiteral("TaskCompleted")));

        // A plain status change says that it recorded nothing else.
        const TestResponse plain = m_http.put(url(QStringLiteral("/specs/s/tasks/t/status")),
                                              status(QStringLiteral("done")));
        QCOMPARE(plain.json().value(QStringLiteral("artifacts_recorded")).toInt(-1), 0);
        QCOMPARE(plain.json().value(QStringLiteral("event_recorded")).toBool(true), false);
    }

    void aFinalReportWithABadPartRecordsNothing_data()
    {
        QTest::addColumn<QJsonArray>("artifacts");
        QTest::addColumn<QJsonObject>("event");
        QTest::addColumn<QString>("named");
        QJsonObject noUri = artifactBody(QStringLiteral("diff"));
        noUri.remove(QStringLiteral("uri"));
        QTest::newRow("artifact without uri")
            << QJsonArray{artifactBody(QStringLiteral("log")), noUri} << completedEvent()
            << "artifacts[1]: 'uri'";
        QTest::newRow("artifact not an object")
            << QJsonArray{QStringLiteral("log")} << completedEvent() << "artifacts[0]";
        QJsonObject unknownEvent = completedEvent();
        unknownEvent.insert(QStringLiteral("event_type"), QStringLiteral("TaskExploded"));
        QTest::newRow("unknown event type") << QJsonArray{artifactBody(QStringLiteral("log"))}
                                            << unknownEvent << "event: 'event_type'";
    }

    void aFinalReportWithABadPartRecordsNothing()
    {
        QFETCH(QJsonArray, artifacts);
        QFETCH(QJsonObject, event);
        QFETCH(QString, named);
        createTasks(QStringLiteral("s"), {task(QStringLiteral("t"))});
        moveTo(QStringLiteral("s"), QStringLiteral("t"), QStringLiteral("running"));
        const TestResponse r = m_http.put(url(QStringLiteral("/specs/s/tasks/t/status")),
                                          finalReport(artifacts, event));
        QVERIFY2(r.status >= 400 && r.status < 500, r.body.constData());
        QVERIFY2(QString::fromUtf8(r.body).contains(named), r.body.constData());
        QCOMPARE(stateOf(QStringLiteral("s"), QStringLiteral("t")), QStringLiteral("running"));
        QVERIFY(artifactTypes(QStringLiteral("t")).isEmpty());
        QVERIFY(!eventTypes(m_http.get(url(QStringLiteral("/specs/s/tasks/t/events"))).json())
                     .contains(QStringLiteral("TaskCompleted")));
    }

    void aFinalReportTheDatabaseRefusesChangesNothing()
    {
        // PostgreSQL cannot store a NUL character in text: the artifact's row fails after the
        // status change was made, and the change is rolled back with it.
        createTasks(QStringLiteral("s"), {task(QStringLiteral("t"))});
        moveTo(QStringLiteral("s"), QStringLiteral("t"), QStringLiteral("running"));
        QJsonObject unstorable = artifactBody(QStringLiteral("log"));
        unstorable.insert(QStringLiteral("uri"), QString(QStringLiteral("http://x/") + QChar(0)));
        const TestResponse r = m_http.put(url(QStringLiteral("/specs/s/tasks/t/status")),
                                          finalReport({unstorable}, completedEvent()));
        if (r.status == 200)
            QSKIP("this database stores a NUL character in text");
        QVERIFY2(r.status >= 500, r.body.constData());
        QCOMPARE(stateOf(QStringLiteral("s"), QStringLiteral("t")), QStringLiteral("running"));
        QVERIFY(artifactTypes(QStringLiteral("t")).isEmpty());
        QVERIFY(!eventTypes(m_http.get(url(QStringLiteral("/specs/s/tasks/t/events"))).json())
                     .contains(QStringLiteral("TaskCompleted")));
    }

    void aRepeatedFinalReportIsRecordedOnce()
    {
        createTasks(QStringLiteral("s"), {task(QStringLiteral("t"))});
        moveTo(QStringLiteral("s"), QStringLiteral("t"), QStringLiteral("running"));
        const QJsonObject body =
            finalReport({artifactBody(QStringLiteral("log"))}, completedEvent());
        const Headers key{{"Idempotency-Key", "final-1"}};
        const TestResponse first =
            m_http.put(url(QStringLiteral("/specs/s/tasks/t/status")), body, key);
        const TestResponse second =
            m_http.put(url(QStringLiteral("/specs/s/tasks/t/status")), body, key);
        QCOMPARE(first.status, 200);
        QCOMPARE(second.status, 200);
        QCOMPARE(second.header("Idempotent-Replayed"), QByteArray("true"));
        QCOMPARE(artifactTypes(QStringLiteral("t")), QStringList{QStringLiteral("log")});
        QCOMPARE(eventTypes(m_http.get(url(QStringLiteral("/specs/s/tasks/t/events"))).json())
                     .count(QStringLiteral("TaskCompleted")),
                 1);
    }

    void timestampsAreStoredAsUtcIso_data()
    {
        QTest::addColumn<QJsonValue>("sent");
        QTest::addColumn<QString>("stored");
        QTest::newRow("epoch float")
            << QJsonValue(1764265321.5) << QStringLiteral("2025-11-27T17:42:01.500+00:00");
        QTest::newRow("iso with offset") << QJsonValue(QStringLiteral("2025-11-28T02:42:01+09:00"))
                                         << QStringLiteral("2025-11-27T17:42:01.000+00:00");
        QTest::newRow("iso zulu millis") << QJsonValue(QStringLiteral("2025-11-27T17:42:01.123Z"))
                                         << QStringLiteral("2025-11-27T17:42:01.123+00:00");
        QTest::newRow("epoch as text") << QJsonValue(QStringLiteral("1764265321"))
                                       << QStringLiteral("2025-11-27T17:42:01.000+00:00");
    }

    void timestampsAreStoredAsUtcIso()
    {
        QFETCH(QJsonValue, sent);
        QFETCH(QString, stored);
        createTasks(QStringLiteral("s"), {task(QStringLiteral("t"))});
        const TestResponse r =
            m_http.post(url(QStringLiteral("/specs/s/tasks/t/events")),
                        QJsonObject{{QStringLiteral("event_type"), QStringLiteral("TaskUpdated")},
                                    {QStringLiteral("timestamp"), sent}});
        QCOMPARE(r.status, 201);
        QCOMPARE(r.json().value(QStringLiteral("timestamp")).toString(), stored);
        const TestResponse s =
            m_http.put(url(QStringLiteral("/specs/s/tasks/t/status")),
                       QJsonObject{{QStringLiteral("status"), QStringLiteral("running")},
                                   {QStringLiteral("updated_at"), sent}});
        QCOMPARE(s.json().value(QStringLiteral("updated_at")).toString(), stored);
    }

    void badBodiesAreRejectedNamingTheField_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        QTest::newRow("not json") << "POST"
                                  << "/specs/s/tasks/t/events" << QByteArray("{oops")
                                  << "request body";
        QTest::newRow("event_type missing")
            << "POST"
            << "/specs/s/tasks/t/events" << QByteArray("{}") << "'event_type'";
        QTest::newRow("unknown event type")
            << "POST"
            << "/specs/s/tasks/t/events" << QByteArray("{\"event_type\":\"Exploded\"}")
            << "'event_type'";
        QTest::newRow("bad timestamp")
            << "POST"
            << "/specs/s/tasks/t/events"
            << QByteArray("{\"event_type\":\"TaskUpdated\",\"timestamp\":\"yesterday\"}")
            << "'timestamp'";
        QTest::newRow("data not an object")
            << "POST"
            << "/specs/s/tasks/t/events"
            << QByteArray("{\"event_type\":\"TaskUpdated\",\"data\":[1]}") << "'data'";
        QTest::newRow("status missing")
            << "PUT"
            << "/specs/s/tasks/t/status" << QByteArray("{}") << "'status'";
        QTest::newRow("unknown status")
            << "PUT"
            << "/specs/s/tasks/t/status" << QByteArray("{\"status\":\"asleep\"}") << "'status'";
        QTest::newRow("artifact uri missing")
            << "POST"
            << "/specs/s/tasks/t/artifacts" << QByteArray("{\"type\":\"diff\"}") << "'uri'";
        QTest::newRow("artifact size negative")
            << "POST"
            << "/specs/s/tasks/t/artifacts"
            << QByteArray("{\"type\":\"diff\",\"uri\":\"u\",\"size_bytes\":-1}") << "'size_bytes'";
        QTest::newRow("tasks missing") << "POST"
                                       << "/specs/s/tasks" << QByteArray("{}") << "'tasks'";
        QTest::newRow("task title missing")
            << "POST"
            << "/specs/s/tasks" << QByteArray("{\"tasks\":[{\"id\":\"x\"}]}") << "'tasks[0].title'";
        QTest::newRow("dependencies not strings")
            << "POST"
            << "/specs/s/tasks"
            << QByteArray("{\"tasks\":[{\"id\":\"x\",\"title\":\"X\",\"dependencies\":[1]}]}")
            << "'tasks[0].dependencies[0]'";
        QTest::newRow("claim without runner")
            << "POST"
            << "/specs/s/tasks/t/claim" << QByteArray("{}") << "'runner_id'";
    }

    void badBodiesAreRejectedNamingTheField()
    {
        QFETCH(QString, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        createTasks(QStringLiteral("s"), {task(QStringLiteral("t"))});
        const TestResponse r =
            m_http.send(method.toLatin1(), url(path), body, {{"Content-Type", "application/json"}});
        QCOMPARE(r.status, 400);
        const QString message = r.json().value(QStringLiteral("error")).toString();
        QVERIFY2(message.contains(field), qPrintable(message));
    }

    void unknownTasksAndSpecsAre404()
    {
        createTasks(QStringLiteral("s"), {task(QStringLiteral("t"))});
        QCOMPARE(m_http.get(url(QStringLiteral("/specs/s/tasks/nope"))).status, 404);
        QCOMPARE(m_http.get(url(QStringLiteral("/specs/nope/tasks"))).status, 404);
        QCOMPARE(m_http
                     .put(url(QStringLiteral("/specs/s/tasks/nope/status")),
                          status(QStringLiteral("done")))
                     .status,
                 404);
        QCOMPARE(
            m_http
                .post(url(QStringLiteral("/specs/s/tasks/nope/events")),
                      QJsonObject{{QStringLiteral("event_type"), QStringLiteral("TaskUpdated")}})
                .status,
            404);
    }

    void legacyPathsAcceptTheEarlierBodies()
    {
        createTasks(QStringLiteral("chat-app"), {task(QStringLiteral("1.1"))});
        const TestResponse put = m_http.put(
            url(QStringLiteral("/tasks/1.1/status")),
            QJsonObject{{QStringLiteral("status"), QStringLiteral("running")},
                        {QStringLiteral("metadata"),
                         QJsonObject{{QStringLiteral("runner_id"), QStringLiteral("runner-7")}}},
                        {QStringLiteral("updated_at"), 1764265321.25}});
        QCOMPARE(put.status, 200);
        const TestResponse event = m_http.post(
            url(QStringLiteral("/tasks/1.1/events")),
            QJsonObject{
                {QStringLiteral("event_type"), QStringLiteral("TaskCompleted")},
                {QStringLiteral("data"), QJsonObject{{QStringLiteral("files_changed"), 3}}},
                {QStringLiteral("timestamp"), QStringLiteral("2025-11-28T03:22:01.000+09:00")}});
        QCOMPARE(event.status, 201);
        const TestResponse artifact = m_http.post(
            url(QStringLiteral("/tasks/1.1/artifacts")),
            QJsonObject{{QStringLiteral("type"), QStringLiteral("log")},
                        {QStringLiteral("uri"), QStringLiteral("http://127.0.0.1:9/artifacts/abc")},
                        {QStringLiteral("size_bytes"), 2048},
                        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("masked"), true}}},
                        {QStringLiteral("created_at"), 1764265321.0}});
        QCOMPARE(artifact.status, 201);

        const QJsonObject got = m_http.get(url(QStringLiteral("/tasks/1.1"))).json();
        QCOMPARE(got.value(QStringLiteral("status")).toString(), QStringLiteral("running"));
        QCOMPARE(got.value(QStringLiteral("assigned_to")).toString(), QStringLiteral("runner-7"));
        QCOMPARE(got.value(QStringLiteral("updated_at")).toString(),
                 QStringLiteral("2025-11-27T17:42:01.250+00:00"));
        const QJsonArray events = m_http.get(url(QStringLiteral("/tasks/1.1/events")))
                                      .json()
                                      .value(QStringLiteral("events"))
                                      .toArray();
        QCOMPARE(events.last().toObject().value(QStringLiteral("timestamp")).toString(),
                 QStringLiteral("2025-11-27T18:22:01.000+00:00"));
        const QJsonArray artifacts =
            m_http.get(url(QStringLiteral("/specs/chat-app/tasks/1.1/artifacts")))
                .json()
                .value(QStringLiteral("artifacts"))
                .toArray();
        QCOMPARE(artifacts.size(), 1);
        QCOMPARE(artifacts.at(0).toObject().value(QStringLiteral("created_at")).toString(),
                 QStringLiteral("2025-11-27T17:42:01.000+00:00"));
        QCOMPARE(artifacts.at(0)
                     .toObject()
                     .value(QStringLiteral("metadata"))
                     .toObject()
                     .value(QStringLiteral("masked"))
                     .toBool(),
                 true);
    }

    void legacyPathsAnswer404ForUnknownAnd409ForAmbiguousIds()
    {
        createTasks(QStringLiteral("alpha"),
                    {task(QStringLiteral("1.1")), task(QStringLiteral("2.1"))});
        createTasks(QStringLiteral("beta"), {task(QStringLiteral("1.1"))});
        QCOMPARE(m_http.get(url(QStringLiteral("/tasks/9.9"))).status, 404);
        QCOMPARE(m_http.get(url(QStringLiteral("/tasks/2.1"))).status, 200);
        const TestResponse ambiguous = m_http.get(url(QStringLiteral("/tasks/1.1")));
        QCOMPARE(ambiguous.status, 409);
        QVERIFY(ambiguous.json()
                    .value(QStringLiteral("error"))
                    .toString()
                    .contains(QStringLiteral("alpha")));
        QCOMPARE(
            m_http.put(url(QStringLiteral("/tasks/1.1/status")), status(QStringLiteral("running")))
                .status,
            409);
        QCOMPARE(stateOf(QStringLiteral("alpha"), QStringLiteral("1.1")), QStringLiteral("ready"));
        QCOMPARE(stateOf(QStringLiteral("beta"), QStringLiteral("1.1")), QStringLiteral("ready"));
    }

    void aRepeatedIdempotencyKeyIsRecordedOnce()
    {
        createTasks(QStringLiteral("s"), {task(QStringLiteral("t"))});
        const QJsonObject body{{QStringLiteral("event_type"), QStringLiteral("TaskFailed")},
                               {QStringLiteral("data"),
                                QJsonObject{{QStringLiteral("error"), QStringLiteral("boom")}}}};
        const Headers key{{"Idempotency-Key", "evt-123"}};
        const TestResponse first = m_http.post(url(QStringLiteral("/tasks/t/events")), body, key);
        const TestResponse second = m_http.post(url(QStringLiteral("/tasks/t/events")), body, key);
        QCOMPARE(first.status, 201);
        QCOMPARE(second.status, 201);
        QCOMPARE(second.body, first.body);
        QCOMPARE(second.header("Idempotent-Replayed"), QByteArray("true"));
        QVERIFY(first.header("Idempotent-Replayed").isEmpty());
        const QStringList types =
            eventTypes(m_http.get(url(QStringLiteral("/specs/s/tasks/t/events"))).json());
        QCOMPARE(types.count(QStringLiteral("TaskFailed")), 1);

        m_http.post(url(QStringLiteral("/tasks/t/events")), body, {{"Idempotency-Key", "evt-124"}});
        const QStringList after =
            eventTypes(m_http.get(url(QStringLiteral("/specs/s/tasks/t/events"))).json());
        QCOMPARE(after.count(QStringLiteral("TaskFailed")), 2);
    }

    void aClaimIsExclusive()
    {
        createTasks(QStringLiteral("s"), {task(QStringLiteral("t"))});
        const QUrl claim = url(QStringLiteral("/specs/s/tasks/t/claim"));
        QNetworkReply *a = m_http.start(
            "POST", claim, jsonBytes({{QStringLiteral("runner_id"), QStringLiteral("a")}}));
        QNetworkReply *b = m_http.start(
            "POST", claim, jsonBytes({{QStringLiteral("runner_id"), QStringLiteral("b")}}));
        const TestResponse ra = HttpTestClient::finish(a);
        const TestResponse rb = HttpTestClient::finish(b);
        QCOMPARE(QList<int>({ra.status, rb.status}).count(200), 1);
        QCOMPARE(QList<int>({ra.status, rb.status}).count(409), 1);
        const TestResponse &winner = ra.status == 200 ? ra : rb;
        const QJsonObject got = m_http.get(url(QStringLiteral("/specs/s/tasks/t"))).json();
        QCOMPARE(got.value(QStringLiteral("state")).toString(), QStringLiteral("running"));
        QCOMPARE(got.value(QStringLiteral("assigned_to")),
                 winner.json().value(QStringLiteral("assigned_to")));
        QVERIFY(eventTypes(m_http.get(url(QStringLiteral("/specs/s/tasks/t/events"))).json())
                    .contains(QStringLiteral("TaskAssigned")));
    }

    void aClaimIsExclusiveAcrossDatabaseConnections()
    {
        createTasks(QStringLiteral("s"), {task(QStringLiteral("t"))});
        Result<std::unique_ptr<TaskRegistryStore>> other = TaskRegistryStore::open(m_database);
        QVERIFY(other.ok());
        QVERIFY(other.value()
                    ->claim(QStringLiteral("s"), QStringLiteral("t"), QStringLiteral("x"), 60000)
                    .ok());
        const Result<TaskRecord> second = m_service->store().claim(
            QStringLiteral("s"), QStringLiteral("t"), QStringLiteral("y"), 60000);
        QVERIFY(!second.ok());
        QCOMPARE(second.error().kind, QStringLiteral("conflict"));
    }

    void claimNextTakesReadyTasksInOrderUntilNoneIsLeft()
    {
        createTasks(QStringLiteral("s"), {task(QStringLiteral("1")), task(QStringLiteral("2")),
                                          task(QStringLiteral("3"), {QStringLiteral("1")})});
        const QJsonObject runner{{QStringLiteral("runner_id"), QStringLiteral("w")}};
        QCOMPARE(m_http.post(url(QStringLiteral("/tasks/claim")), runner)
                     .json()
                     .value(QStringLiteral("id"))
                     .toString(),
                 QStringLiteral("1"));
        QCOMPARE(m_http.post(url(QStringLiteral("/tasks/claim")), runner)
                     .json()
                     .value(QStringLiteral("id"))
                     .toString(),
                 QStringLiteral("2"));
        QCOMPARE(m_http.post(url(QStringLiteral("/tasks/claim")), runner).status, 204);
    }

    void dataSurvivesARestart()
    {
        createTasks(QStringLiteral("s"),
                    {task(QStringLiteral("a")), task(QStringLiteral("b"), {QStringLiteral("a")})});
        moveTo(QStringLiteral("s"), QStringLiteral("a"), QStringLiteral("done"));
        m_http.post(url(QStringLiteral("/specs/s/tasks/b/artifacts")),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("diff")},
                                {QStringLiteral("uri"), QStringLiteral("u")}});
        m_http.post(url(QStringLiteral("/specs/s/tasks/b/events")),
                    QJsonObject{{QStringLiteral("event_type"), QStringLiteral("RunnerStarted")}},
                    {{"Idempotency-Key", "k1"}});
        const QByteArray eventsBefore =
            m_http.get(url(QStringLiteral("/specs/s/tasks/b/events"))).body;

        m_service.reset();
        startService();

        QCOMPARE(stateOf(QStringLiteral("s"), QStringLiteral("a")), QStringLiteral("done"));
        QCOMPARE(stateOf(QStringLiteral("s"), QStringLiteral("b")), QStringLiteral("ready"));
        QCOMPARE(m_http.get(url(QStringLiteral("/specs/s/tasks/b/events"))).body, eventsBefore);
        QCOMPARE(m_http.get(url(QStringLiteral("/specs/s/tasks/b/artifacts")))
                     .json()
                     .value(QStringLiteral("artifacts"))
                     .toArray()
                     .size(),
                 1);
        const TestResponse replay = m_http.post(
            url(QStringLiteral("/specs/s/tasks/b/events")),
            QJsonObject{{QStringLiteral("event_type"), QStringLiteral("RunnerStarted")}},
            {{"Idempotency-Key", "k1"}});
        QCOMPARE(replay.header("Idempotent-Replayed"), QByteArray("true"));
        QCOMPARE(m_http.get(url(QStringLiteral("/specs/s/tasks/b/events"))).body, eventsBefore);
    }

    void unknownRoutesAre404AndWrongMethodsAre405()
    {
        QCOMPARE(m_http.get(url(QStringLiteral("/nowhere"))).status, 404);
        const TestResponse r = m_http.send("DELETE", url(QStringLiteral("/specs")), {});
        QCOMPARE(r.status, 405);
        QCOMPARE(r.header("Allow"), QByteArray("GET"));
    }
};

QTEST_GUILESS_MAIN(TestTaskRegistryService)
#include "test_task_registry_service.moc"
