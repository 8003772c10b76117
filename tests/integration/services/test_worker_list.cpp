// The Task Registry's list of workers: a heartbeat registers a worker with what it runs, GET
// /workers shows it active, lost after three missed heartbeats and stopped after its goodbye;
// a bad heartbeat is refused naming the field.
#include "HttpTestClient.h"
#include "RegistryTestDatabases.h"
#include "registry/TaskRegistryService.h"

#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;
using namespace necrocode::test;

class TestWorkerList : public QObject
{
    Q_OBJECT

private:
    RegistryTestDatabases m_databases;
    RegistryDatabase m_database;
    std::unique_ptr<TaskRegistryService> m_service;
    HttpTestClient m_http;

    QUrl url(const QString &path) const { return urlOf(m_service->baseUrl(), path); }

    TestResponse beat(const QString &id, int intervalSeconds, bool stopping = false,
                      const QJsonArray &running = {})
    {
        return m_http.post(url(QStringLiteral("/workers/%1/heartbeat").arg(id)),
                           {{QStringLiteral("host"), QStringLiteral("build-7")},
                            {QStringLiteral("version"), QStringLiteral("1.2.3")},
                            {QStringLiteral("health_url"), QStringLiteral("http://10.0.0.7:9464")},
                            {QStringLiteral("capacity"), 2},
                            {QStringLiteral("running"), running},
                            {QStringLiteral("completed"), 5},
                            {QStringLiteral("interval_seconds"), intervalSeconds},
                            {QStringLiteral("stopping"), stopping}});
    }

    QJsonObject worker(const QString &id)
    {
        for (const QJsonValue &w : m_http.get(url(QStringLiteral("/workers")))
                                       .json()
                                       .value(QStringLiteral("workers"))
                                       .toArray())
            if (w.toObject().value(QStringLiteral("worker_id")).toString() == id)
                return w.toObject();
        return {};
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
        Result<std::unique_ptr<TaskRegistryService>> service =
            RegistryTestDatabases::listeningRegistry(m_database);
        QVERIFY2(service.ok(), qPrintable(service.errorMessage()));
        m_service = std::move(service).value();
    }

    void cleanup() { m_service.reset(); }

    void aHeartbeatListsTheWorkerWithWhatItRuns()
    {
        const QJsonArray running{
            QJsonObject{{QStringLiteral("task_id"), QStringLiteral("1.1")},
                        {QStringLiteral("spec_name"), QStringLiteral("s")},
                        {QStringLiteral("phase"), QStringLiteral("test_execution")}}};
        QCOMPARE(beat(QStringLiteral("w1"), 10, false, running).status, 200);
        const QJsonObject w = worker(QStringLiteral("w1"));
        QCOMPARE(w.value(QStringLiteral("state")).toString(), QStringLiteral("active"));
        QCOMPARE(w.value(QStringLiteral("host")).toString(), QStringLiteral("build-7"));
        QCOMPARE(w.value(QStringLiteral("health_url")).toString(),
                 QStringLiteral("http://10.0.0.7:9464"));
        QCOMPARE(w.value(QStringLiteral("capacity")).toInt(), 2);
        QCOMPARE(w.value(QStringLiteral("completed")).toInt(), 5);
        QCOMPARE(w.value(QStringLiteral("running")).toArray(), running);
        QVERIFY(!w.value(QStringLiteral("started_at")).toString().isEmpty());
        const QString started = w.value(QStringLiteral("started_at")).toString();
        QTest::qWait(20);
        QCOMPARE(beat(QStringLiteral("w1"), 10).status, 200);
        QCOMPARE(worker(QStringLiteral("w1")).value(QStringLiteral("started_at")).toString(),
                 started);
    }

    void aSilentWorkerIsLostAndAGoodbyeStopsIt()
    {
        QCOMPARE(beat(QStringLiteral("quiet"), 1).status, 200);
        QCOMPARE(beat(QStringLiteral("leaving"), 1).status, 200);
        QCOMPARE(beat(QStringLiteral("leaving"), 1, true).status, 200);
        QCOMPARE(worker(QStringLiteral("quiet")).value(QStringLiteral("state")).toString(),
                 QStringLiteral("active"));
        QCOMPARE(worker(QStringLiteral("leaving")).value(QStringLiteral("state")).toString(),
                 QStringLiteral("stopped"));
        // Three intervals without a heartbeat.
        QTRY_COMPARE_WITH_TIMEOUT(
            worker(QStringLiteral("quiet")).value(QStringLiteral("state")).toString(),
            QStringLiteral("lost"), 5000);
        QCOMPARE(worker(QStringLiteral("leaving")).value(QStringLiteral("state")).toString(),
                 QStringLiteral("stopped"));
        // Back again: active, started anew.
        QCOMPARE(beat(QStringLiteral("quiet"), 1).status, 200);
        QCOMPARE(worker(QStringLiteral("quiet")).value(QStringLiteral("state")).toString(),
                 QStringLiteral("active"));
    }

    void aBadHeartbeatNamesTheField()
    {
        const TestResponse noInterval =
            m_http.post(url(QStringLiteral("/workers/w/heartbeat")), {{QStringLiteral("host"), 1}});
        QCOMPARE(noInterval.status, 400);
        QVERIFY2(noInterval.body.contains("host"), noInterval.body.constData());
        const TestResponse zero = m_http.post(url(QStringLiteral("/workers/w/heartbeat")),
                                              {{QStringLiteral("interval_seconds"), 0}});
        QCOMPARE(zero.status, 400);
        QVERIFY2(zero.body.contains("interval_seconds"), zero.body.constData());
        QVERIFY(worker(QStringLiteral("w")).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestWorkerList)
#include "test_worker_list.moc"
