// The Repo Pool over HTTP with real git working copies of a temporary bare repository:
// allocation, waiting (FIFO, timeouts), exclusive slots, cleaning on release, restarts.
#include "HttpTestClient.h"
#include "pool/GitCommand.h"
#include "pool/RepoPoolService.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;
using namespace necrocode::test;

namespace {

bool git(const QStringList &arguments, const QString &directory)
{
    const GitOutcome outcome = GitCommand::runBlocking(
        QStringList{QStringLiteral("-c"), QStringLiteral("user.name=Test"), QStringLiteral("-c"),
                    QStringLiteral("user.email=test@example.invalid")} +
            arguments,
        directory);
    if (!outcome.ok())
        qWarning("%s", qPrintable(outcome.failureMessage()));
    return outcome.ok();
}

void writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestRepoPoolService : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_origin;
    QString m_work; // a clone of the origin used to push new commits
    std::unique_ptr<RepoPoolService> m_service;
    HttpTestClient m_http;

    void startService(int slots)
    {
        RepoPoolService::Settings settings;
        settings.directory = m_dir->filePath(QStringLiteral("pool"));
        settings.slotsPerPool = slots;
        settings.retryAfterSeconds = 3;
        m_service = std::make_unique<RepoPoolService>(settings);
        QVERIFY(m_service->listen().ok());
    }

    QUrl url(const QString &path) const { return urlOf(m_service->baseUrl(), path); }

    QByteArray allocateBody(const QString &requiredBy, double timeoutSeconds = 20) const
    {
        return jsonBytes({{QStringLiteral("repo_url"), m_origin},
                          {QStringLiteral("required_by"), requiredBy},
                          {QStringLiteral("timeout_seconds"), timeoutSeconds}});
    }

    TestResponse allocate(const QString &requiredBy, double timeoutSeconds = 20)
    {
        return m_http.send("POST", url(QStringLiteral("/slots/allocate")),
                           allocateBody(requiredBy, timeoutSeconds));
    }

    QJsonObject slot(const QString &id)
    {
        return m_http.get(url(QStringLiteral("/slots/") + id)).json();
    }

    bool waitForState(const QString &id, const QString &state)
    {
        return QTest::qWaitFor(
            [&] { return slot(id).value(QStringLiteral("state")).toString() == state; }, 20000);
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_work = m_dir->filePath(QStringLiteral("work"));
        m_origin = m_dir->filePath(QStringLiteral("calculator.git"));
        QVERIFY(QDir().mkpath(m_work));
        QVERIFY(git({QStringLiteral("-c"), QStringLiteral("init.defaultBranch=main"),
                     QStringLiteral("init"), QStringLiteral("-q")},
                    m_work));
        writeFile(m_work + QStringLiteral("/README.md"), "hello\n");
        QVERIFY(git({QStringLiteral("add"), QStringLiteral("README.md")}, m_work));
        QVERIFY(git({QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"),
                     QStringLiteral("one")},
                    m_work));
        QVERIFY(git({QStringLiteral("clone"), QStringLiteral("-q"), QStringLiteral("--bare"),
                     m_work, m_origin},
                    m_dir->path()));
        QVERIFY(git(
            {QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"), m_origin},
            m_work));
    }

    void cleanup()
    {
        m_service.reset();
        m_dir.reset();
    }

    void allocationHandsOutACloneOfTheRepository()
    {
        startService(2);
        const TestResponse r = allocate(QStringLiteral("runner-1"));
        QCOMPARE(r.status, 200);
        const QJsonObject body = r.json();
        const QString id = body.value(QStringLiteral("slot_id")).toString();
        QVERIFY2(QRegularExpression(QStringLiteral("^workspace-calculator-slot[12]$"))
                     .match(id)
                     .hasMatch(),
                 qPrintable(id)); // whichever clone was ready first
        QCOMPARE(body.value(QStringLiteral("state")).toString(), QStringLiteral("allocated"));
        QCOMPARE(body.value(QStringLiteral("repo_url")).toString(), m_origin);
        QCOMPARE(body.value(QStringLiteral("allocated_to")).toString(), QStringLiteral("runner-1"));
        QCOMPARE(body.value(QStringLiteral("allocation_count")).toInt(), 1);
        const QString path = body.value(QStringLiteral("slot_path")).toString();
        QCOMPARE(readFile(path + QStringLiteral("/README.md")), QByteArray("hello\n"));

        const QJsonObject described = slot(id);
        QCOMPARE(described.value(QStringLiteral("branch")).toString(), QStringLiteral("main"));
        QCOMPARE(described.value(QStringLiteral("commit")).toString().size(), 40);
        QCOMPARE(described.value(QStringLiteral("state")).toString(), QStringLiteral("allocated"));
        QCOMPARE(m_http.get(url(QStringLiteral("/slots/workspace-nothing-slot1"))).status, 404);
    }

    void poolsAreSummarised()
    {
        startService(2);
        QCOMPARE(allocate(QStringLiteral("r")).status, 200);
        QVERIFY(QTest::qWaitFor(
            [&] {
                const QJsonArray pools = m_http.get(url(QStringLiteral("/pools")))
                                             .json()
                                             .value(QStringLiteral("pools"))
                                             .toArray();
                return pools.size() == 1 &&
                       pools.at(0).toObject().value(QStringLiteral("available_slots")).toInt() == 1;
            },
            20000));
        const QJsonObject pool = m_http.get(url(QStringLiteral("/pools")))
                                     .json()
                                     .value(QStringLiteral("pools"))
                                     .toArray()
                                     .at(0)
                                     .toObject();
        QCOMPARE(pool.value(QStringLiteral("repo_url")).toString(), m_origin);
        QCOMPARE(pool.value(QStringLiteral("total_slots")).toInt(), 2);
        QCOMPARE(pool.value(QStringLiteral("allocated_slots")).toInt(), 1);
        QCOMPARE(m_http.get(url(QStringLiteral("/health"))).status, 200);
    }

    void eightConcurrentAllocationsShareFourSlots()
    {
        startService(4);
        HttpTestClient second; // a second client: one client opens at most 6 connections per host
        QList<QNetworkReply *> replies;
        for (int i = 0; i < 8; ++i) {
            HttpTestClient &client = i % 2 == 0 ? m_http : second;
            replies.append(client.start("POST", url(QStringLiteral("/slots/allocate")),
                                        allocateBody(QStringLiteral("runner-%1").arg(i))));
        }
        const auto finishedCount = [&] {
            return std::count_if(replies.begin(), replies.end(),
                                 [](QNetworkReply *r) { return r->isFinished(); });
        };
        QVERIFY(QTest::qWaitFor([&] { return finishedCount() == 4; }, 20000));
        QTest::qWait(300);
        QCOMPARE(finishedCount(), 4); // the other four wait for a free slot

        QSet<QString> held;
        QList<QNetworkReply *> served;
        const auto collect = [&] {
            for (QNetworkReply *r : replies) {
                if (!r->isFinished() || served.contains(r))
                    continue;
                served.append(r);
                const TestResponse response = HttpTestClient::read(r);
                QCOMPARE(response.status, 200);
                const QString id = response.json().value(QStringLiteral("slot_id")).toString();
                QVERIFY2(!held.contains(id),
                         qPrintable(QStringLiteral("slot handed out twice: ") + id));
                held.insert(id);
            }
        };
        collect();
        QCOMPARE(held.size(), 4);
        while (served.size() < 8) {
            const QString released = *held.begin();
            QCOMPARE(m_http.send("POST", url(QStringLiteral("/slots/%1/release").arg(released)), {})
                         .status,
                     200);
            held.remove(released);
            const qsizetype before = served.size();
            QVERIFY(QTest::qWaitFor([&] { return finishedCount() > before; }, 20000));
            collect();
            QVERIFY(held.contains(released)); // the only free slot went to the next waiter
        }
        QCOMPARE(held.size(), 4);
        qDeleteAll(replies);
    }

    void waitersAreServedFirstComeFirstServed()
    {
        startService(1);
        const QString first =
            allocate(QStringLiteral("holder")).json().value(QStringLiteral("slot_id")).toString();
        QNetworkReply *a = m_http.start("POST", url(QStringLiteral("/slots/allocate")),
                                        allocateBody(QStringLiteral("A")));
        QTest::qWait(150);
        QNetworkReply *b = m_http.start("POST", url(QStringLiteral("/slots/allocate")),
                                        allocateBody(QStringLiteral("B")));
        QTest::qWait(150);
        QCOMPARE(
            m_http.send("POST", url(QStringLiteral("/slots/%1/release").arg(first)), {}).status,
            200);
        QVERIFY(QTest::qWaitFor([&] { return a->isFinished(); }, 20000));
        QVERIFY(!b->isFinished());
        QCOMPARE(HttpTestClient::finish(a).json().value(QStringLiteral("allocated_to")).toString(),
                 QStringLiteral("A"));
        QCOMPARE(
            m_http.send("POST", url(QStringLiteral("/slots/%1/release").arg(first)), {}).status,
            200);
        const TestResponse rb = HttpTestClient::finish(b);
        QCOMPARE(rb.json().value(QStringLiteral("allocated_to")).toString(), QStringLiteral("B"));
        QCOMPARE(rb.json().value(QStringLiteral("allocation_count")).toInt(), 3);
    }

    void aWaiterThatWentAwayIsSkipped()
    {
        startService(1);
        const QString id =
            allocate(QStringLiteral("holder")).json().value(QStringLiteral("slot_id")).toString();
        QNetworkReply *gone = m_http.start("POST", url(QStringLiteral("/slots/allocate")),
                                           allocateBody(QStringLiteral("gone")));
        QTest::qWait(150);
        gone->abort();
        gone->deleteLater();
        QNetworkReply *next = m_http.start("POST", url(QStringLiteral("/slots/allocate")),
                                           allocateBody(QStringLiteral("next"), 5));
        QTest::qWait(150);
        QCOMPARE(m_http.send("POST", url(QStringLiteral("/slots/%1/release").arg(id)), {}).status,
                 200);
        const TestResponse served = HttpTestClient::finish(next);
        QCOMPARE(served.status, 200);
        QCOMPARE(served.json().value(QStringLiteral("allocated_to")).toString(),
                 QStringLiteral("next"));
    }

    void aBrokenPoolHealsWhenTheRepositoryAppears()
    {
        startService(1);
        const QString later = m_dir->filePath(QStringLiteral("later.git"));
        const QByteArray body = jsonBytes({{QStringLiteral("repo_url"), later},
                                           {QStringLiteral("required_by"), QStringLiteral("r")},
                                           {QStringLiteral("timeout_seconds"), 10}});
        QCOMPARE(m_http.send("POST", url(QStringLiteral("/slots/allocate")), body).status, 502);
        QVERIFY(git({QStringLiteral("clone"), QStringLiteral("-q"), QStringLiteral("--bare"),
                     m_work, later},
                    m_dir->path()));
        const TestResponse r = m_http.send("POST", url(QStringLiteral("/slots/allocate")), body);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("slot_id")).toString(),
                 QStringLiteral("workspace-later-slot1"));
    }

    void noFreeSlotInTimeIs503WithRetryAfter()
    {
        startService(1);
        QCOMPARE(allocate(QStringLiteral("holder")).status, 200);
        QElapsedTimer timer;
        timer.start();
        const TestResponse r = allocate(QStringLiteral("late"), 0.3);
        QCOMPARE(r.status, 503);
        QCOMPARE(r.header("Retry-After"), QByteArray("3"));
        QVERIFY(timer.elapsed() >= 250);
        QVERIFY(r.json().value(QStringLiteral("error")).toString().contains(m_origin));
    }

    void releaseCleansTheWorkingCopy()
    {
        startService(1);
        const QJsonObject allocated = allocate(QStringLiteral("r")).json();
        const QString id = allocated.value(QStringLiteral("slot_id")).toString();
        const QString path = allocated.value(QStringLiteral("slot_path")).toString();
        writeFile(path + QStringLiteral("/scratch.txt"), "left behind");
        writeFile(path + QStringLiteral("/README.md"), "changed\n");
        QVERIFY(git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"),
                     QStringLiteral("feature/x")},
                    path));

        const TestResponse released =
            m_http.send("POST", url(QStringLiteral("/slots/%1/release").arg(id)), {});
        QCOMPARE(released.status, 200);
        QVERIFY(waitForState(id, QStringLiteral("available")));
        QVERIFY(!QFile::exists(path + QStringLiteral("/scratch.txt")));
        QCOMPARE(readFile(path + QStringLiteral("/README.md")), QByteArray("hello\n"));
        QCOMPARE(slot(id).value(QStringLiteral("branch")).toString(), QStringLiteral("main"));
    }

    void releaseFetchesNewCommitsOfTheOrigin()
    {
        startService(1);
        const QString id =
            allocate(QStringLiteral("r")).json().value(QStringLiteral("slot_id")).toString();
        writeFile(m_work + QStringLiteral("/NEW.md"), "new\n");
        QVERIFY(git({QStringLiteral("add"), QStringLiteral("NEW.md")}, m_work));
        QVERIFY(git({QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"),
                     QStringLiteral("two")},
                    m_work));
        QVERIFY(git({QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("origin"),
                     QStringLiteral("main")},
                    m_work));
        const QString head =
            QString::fromUtf8(GitCommand::runBlocking(
                                  {QStringLiteral("rev-parse"), QStringLiteral("HEAD")}, m_work)
                                  .standardOutput)
                .trimmed();

        QCOMPARE(m_http.send("POST", url(QStringLiteral("/slots/%1/release").arg(id)), {}).status,
                 200);
        QVERIFY(waitForState(id, QStringLiteral("available")));
        QCOMPARE(slot(id).value(QStringLiteral("commit")).toString(), head);
    }

    void releasingASlotThatIsNotAllocatedIsAConflict()
    {
        startService(1);
        const QString id =
            allocate(QStringLiteral("r")).json().value(QStringLiteral("slot_id")).toString();
        QCOMPARE(m_http.send("POST", url(QStringLiteral("/slots/%1/release").arg(id)), {}).status,
                 200);
        const TestResponse twice =
            m_http.send("POST", url(QStringLiteral("/slots/%1/release").arg(id)), {});
        QCOMPARE(twice.status, 409);
        QVERIFY(twice.json()
                    .value(QStringLiteral("error"))
                    .toString()
                    .contains(QStringLiteral("not allocated")));
        QCOMPARE(
            m_http.send("POST", url(QStringLiteral("/slots/workspace-x-slot9/release")), {}).status,
            404);
    }

    void badRequestsNameTheField_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        QTest::newRow("not json") << QByteArray("nope") << "request body";
        QTest::newRow("repo_url missing") << QByteArray("{\"required_by\":\"r\"}") << "'repo_url'";
        QTest::newRow("required_by missing")
            << QByteArray("{\"repo_url\":\"/x\"}") << "'required_by'";
        QTest::newRow("timeout not a number")
            << QByteArray("{\"repo_url\":\"/x\",\"required_by\":\"r\",\"timeout_seconds\":\"5\"}")
            << "'timeout_seconds'";
        QTest::newRow("timeout negative")
            << QByteArray("{\"repo_url\":\"/x\",\"required_by\":\"r\",\"timeout_seconds\":-1}")
            << "'timeout_seconds'";
    }

    void badRequestsNameTheField()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        startService(1);
        const TestResponse r = m_http.send("POST", url(QStringLiteral("/slots/allocate")), body,
                                           {{"Content-Type", "application/json"}});
        QCOMPARE(r.status, 400);
        QVERIFY2(r.json().value(QStringLiteral("error")).toString().contains(field),
                 r.body.constData());
    }

    void aRepositoryThatCannotBeClonedIs502WithGitsError()
    {
        startService(1);
        const TestResponse r = m_http.send(
            "POST", url(QStringLiteral("/slots/allocate")),
            jsonBytes({{QStringLiteral("repo_url"), m_dir->filePath(QStringLiteral("missing.git"))},
                       {QStringLiteral("required_by"), QStringLiteral("r")},
                       {QStringLiteral("timeout_seconds"), 10}}));
        QCOMPARE(r.status, 502);
        const QString message = r.json().value(QStringLiteral("error")).toString();
        QVERIFY2(message.contains(QStringLiteral("git clone")) &&
                     message.contains(QStringLiteral("fatal")),
                 qPrintable(message));
    }

    void poolsSurviveARestart()
    {
        startService(1);
        const QJsonObject allocated = allocate(QStringLiteral("r")).json();
        const QString id = allocated.value(QStringLiteral("slot_id")).toString();
        writeFile(allocated.value(QStringLiteral("slot_path")).toString() +
                      QStringLiteral("/dirty.txt"),
                  "x");
        m_service.reset();
        startService(1);
        const QJsonArray pools = m_http.get(url(QStringLiteral("/pools")))
                                     .json()
                                     .value(QStringLiteral("pools"))
                                     .toArray();
        QCOMPARE(pools.size(), 1);
        QVERIFY(waitForState(id, QStringLiteral("available")));
        QVERIFY(!QFile::exists(allocated.value(QStringLiteral("slot_path")).toString() +
                               QStringLiteral("/dirty.txt")));
        QCOMPARE(
            allocate(QStringLiteral("again")).json().value(QStringLiteral("slot_id")).toString(),
            id);
    }
};

QTEST_GUILESS_MAIN(TestRepoPoolService)
#include "test_repo_pool_service.moc"
