// The Repo Pool over HTTP with real git working copies of a temporary bare repository:
// allocation, waiting (FIFO, timeouts), exclusive slots, cleaning on release, restarts, and
// allocations repeated or withdrawn by the Idempotency-Key of their request.
#include "HttpTestClient.h"
#include "pool/GitCommand.h"
#include "pool/RepoPoolService.h"
#include "stack/ServiceStackConfig.h"

#include <QBuffer>
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
    QString m_work;                   // a clone of the origin used to push new commits
    QHash<QString, QString> m_leases; // slot id → the lease of its latest allocation
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
        return remember(m_http.send("POST", url(QStringLiteral("/slots/allocate")),
                                    allocateBody(requiredBy, timeoutSeconds)));
    }

    TestResponse allocateWithKey(const QByteArray &key, const QString &requiredBy,
                                 double timeoutSeconds = 20)
    {
        return remember(m_http.send("POST", url(QStringLiteral("/slots/allocate")),
                                    allocateBody(requiredBy, timeoutSeconds),
                                    {{"Idempotency-Key", key}}));
    }

    TestResponse withdraw(const QString &key)
    {
        return m_http.send("DELETE", url(QStringLiteral("/allocations/") + key), {});
    }

    static QJsonValue releasedSlot(const TestResponse &withdrawal)
    {
        return withdrawal.json().value(QStringLiteral("released_slot_id"));
    }

    // Keeps the lease of an allocation so that release() can give it back.
    TestResponse remember(const TestResponse &response)
    {
        const QJsonObject body = response.json();
        if (body.contains(QStringLiteral("lease_id")))
            m_leases.insert(body.value(QStringLiteral("slot_id")).toString(),
                            body.value(QStringLiteral("lease_id")).toString());
        return response;
    }

    TestResponse release(const QString &id)
    {
        return m_http.send("POST", url(QStringLiteral("/slots/%1/release").arg(id)),
                           jsonBytes({{QStringLiteral("lease_id"), m_leases.value(id)}}));
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
                const TestResponse response = remember(HttpTestClient::read(r));
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
            QCOMPARE(release(released).status, 200);
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
        QCOMPARE(release(first).status, 200);
        QVERIFY(QTest::qWaitFor([&] { return a->isFinished(); }, 20000));
        QVERIFY(!b->isFinished());
        QCOMPARE(remember(HttpTestClient::finish(a))
                     .json()
                     .value(QStringLiteral("allocated_to"))
                     .toString(),
                 QStringLiteral("A"));
        QCOMPARE(release(first).status, 200);
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
        QCOMPARE(release(id).status, 200);
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

        const TestResponse released = release(id);
        QCOMPARE(released.status, 200);
        QVERIFY(waitForState(id, QStringLiteral("available")));
        QVERIFY(!QFile::exists(path + QStringLiteral("/scratch.txt")));
        QCOMPARE(readFile(path + QStringLiteral("/README.md")), QByteArray("hello\n"));
        QCOMPARE(slot(id).value(QStringLiteral("branch")).toString(), QStringLiteral("main"));
    }

    void releaseIsAnsweredBeforeTheCleaningStarts()
    {
        startService(1);
        const QJsonObject allocated = allocate(QStringLiteral("r")).json();
        const QString id = allocated.value(QStringLiteral("slot_id")).toString();
        const QString hook =
            allocated.value(QStringLiteral("slot_path")).toString() + "/.git/hooks/pre-commit";
        writeFile(hook, "#!/bin/sh\nexit 0\n");

        QBuffer connection;
        connection.open(QIODevice::WriteOnly);
        m_service->http().handle(HttpRequestData::fromParts(
                                     QHttpServerRequest::Method::Post,
                                     url(QStringLiteral("/slots/%1/release").arg(id)),
                                     {{"Content-Type", "application/json"}},
                                     jsonBytes({{QStringLiteral("lease_id"), m_leases.value(id)}})),
                                 HttpReply(&connection, false));
        QVERIFY2(connection.data().startsWith("HTTP/1.1 200"), connection.data().constData());
        QVERIFY2(QFile::exists(hook), "the release waited for the cleaning to start");
        QVERIFY(waitForState(id, QStringLiteral("available")));
        QVERIFY2(!QFile::exists(hook), "the cleaning did not follow the answer");
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

        QCOMPARE(release(id).status, 200);
        QVERIFY(waitForState(id, QStringLiteral("available")));
        QCOMPARE(slot(id).value(QStringLiteral("commit")).toString(), head);
    }

    void releasingASlotThatIsNotAllocatedIsAConflict()
    {
        startService(1);
        const QString id =
            allocate(QStringLiteral("r")).json().value(QStringLiteral("slot_id")).toString();
        QCOMPARE(release(id).status, 200);
        const TestResponse twice = release(id);
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

    void refusedRepositoryUrlsLeaveNoTrace_data()
    {
        QTest::addColumn<QString>("repoUrl");
        QTest::addColumn<QString>("reason");
        QTest::newRow("option") << "--upload-pack=touch /tmp/pwned"
                                << "must not start with '-'";
        QTest::newRow("ext transport") << "ext::sh -c touch% /tmp/pwned"
                                       << "transport helper";
        QTest::newRow("password") << "https://x-access-token:s3cr3t-t0ken@example.invalid/x.git"
                                  << "carries a password";
        QTest::newRow("relative path") << "some/relative/repo"
                                       << "absolute path";
        QTest::newRow("other scheme") << "ftp://example.invalid/x.git"
                                      << "not one of";
        QTest::newRow("plain http") << "http://example.invalid/x.git"
                                    << "not one of file, https, ssh";
        QTest::newRow("git protocol") << "git://example.invalid/x.git"
                                      << "not one of file, https, ssh";
    }

    void theAllowListIsConfigurable()
    {
        RepoPoolService::Settings settings;
        settings.directory = m_dir->filePath(QStringLiteral("pool"));
        settings.allowedUrlSchemes = {QStringLiteral("https")};
        m_service = std::make_unique<RepoPoolService>(settings);
        QVERIFY(m_service->listen().ok());
        const auto allocate = [&](const QString &repoUrl) {
            return m_http.send("POST", url(QStringLiteral("/slots/allocate")),
                               jsonBytes({{QStringLiteral("repo_url"), repoUrl},
                                          {QStringLiteral("required_by"), QStringLiteral("r")},
                                          {QStringLiteral("timeout_seconds"), 1}}));
        };
        // A local path is refused before git runs when "file" is not allowed.
        const TestResponse local = allocate(m_origin);
        QCOMPARE(local.status, 400);
        QVERIFY(local.json()
                    .value(QStringLiteral("error"))
                    .toString()
                    .contains(QStringLiteral("must be one of: https://")));
        QCOMPARE(allocate(QStringLiteral("git@example.invalid:x.git")).status, 400);

        const auto config = ServiceStackConfig::fromJson(QJsonObject{
            {"repo_pool", QJsonObject{{"allowed_url_schemes", QJsonArray{"https", "http"}}}}});
        QVERIFY2(config.ok(), qPrintable(config.errorMessage()));
        QCOMPARE(config->allowedRepoUrlSchemes,
                 (QStringList{QStringLiteral("https"), QStringLiteral("http")}));
        const auto unknown = ServiceStackConfig::fromJson(
            QJsonObject{{"repo_pool", QJsonObject{{"allowed_url_schemes", QJsonArray{"ext"}}}}});
        QVERIFY(!unknown.ok());
        QVERIFY(unknown.errorMessage().contains(QStringLiteral("'ext'")));
        QCOMPARE(ServiceStackConfig{}.allowedRepoUrlSchemes, defaultRepoUrlSchemes());
    }

    void refusedRepositoryUrlsLeaveNoTrace()
    {
        QFETCH(QString, repoUrl);
        QFETCH(QString, reason);
        startService(1);
        const TestResponse r =
            m_http.send("POST", url(QStringLiteral("/slots/allocate")),
                        jsonBytes({{QStringLiteral("repo_url"), repoUrl},
                                   {QStringLiteral("required_by"), QStringLiteral("r")},
                                   {QStringLiteral("timeout_seconds"), 1}}));
        QCOMPARE(r.status, 400);
        const QString error = r.json().value(QStringLiteral("error")).toString();
        QVERIFY2(error.contains(reason), qPrintable(error));
        QVERIFY(!error.contains(QStringLiteral("s3cr3t")));
        QCOMPARE(m_http.get(url(QStringLiteral("/pools")))
                     .json()
                     .value(QStringLiteral("pools"))
                     .toArray()
                     .size(),
                 0);
        QVERIFY(!readFile(m_dir->filePath(QStringLiteral("pool/pools.json"))).contains("s3cr3t"));
    }

    void aRepositoryThatNeverClonedLeavesNoPool()
    {
        startService(1);
        const TestResponse r = m_http.send(
            "POST", url(QStringLiteral("/slots/allocate")),
            jsonBytes({{QStringLiteral("repo_url"), m_dir->filePath(QStringLiteral("gone.git"))},
                       {QStringLiteral("required_by"), QStringLiteral("r")},
                       {QStringLiteral("timeout_seconds"), 10}}));
        QCOMPARE(r.status, 502);
        QVERIFY(QTest::qWaitFor(
            [&] {
                return m_http.get(url(QStringLiteral("/pools")))
                    .json()
                    .value(QStringLiteral("pools"))
                    .toArray()
                    .isEmpty();
            },
            5000));
        QVERIFY(!readFile(m_dir->filePath(QStringLiteral("pool/pools.json"))).contains("gone.git"));
    }

    void aRestartKeepsAllocatedSlotsUntouched()
    {
        startService(2);
        const QJsonObject allocated = allocate(QStringLiteral("r")).json();
        const QString id = allocated.value(QStringLiteral("slot_id")).toString();
        const QString path = allocated.value(QStringLiteral("slot_path")).toString();
        writeFile(path + QStringLiteral("/work-in-progress.txt"), "x");
        QVERIFY(git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"),
                     QStringLiteral("feature/task")},
                    path));
        m_service.reset();
        startService(2);
        const QJsonArray pools = m_http.get(url(QStringLiteral("/pools")))
                                     .json()
                                     .value(QStringLiteral("pools"))
                                     .toArray();
        QCOMPARE(pools.size(), 1);
        // Neither cleaned nor handed to anyone else while its holder still works in it.
        QTest::qWait(500);
        QCOMPARE(slot(id).value(QStringLiteral("state")).toString(), QStringLiteral("allocated"));
        QCOMPARE(slot(id).value(QStringLiteral("branch")).toString(),
                 QStringLiteral("feature/task"));
        QVERIFY(QFile::exists(path + QStringLiteral("/work-in-progress.txt")));
        for (int i = 0; i < 2; ++i) {
            const TestResponse other = allocate(QStringLiteral("other"), 0.5);
            if (other.status == 200)
                QVERIFY(other.json().value(QStringLiteral("slot_id")).toString() != id);
        }
        QVERIFY(!slot(id).contains(QStringLiteral("lease_id")));
        QCOMPARE(release(id).status, 200);
        QVERIFY(waitForState(id, QStringLiteral("available")));
        QVERIFY(!QFile::exists(path + QStringLiteral("/work-in-progress.txt")));
    }

    void anAllocationAskedForAgainWithItsKeyIsTheSameAllocation()
    {
        startService(2);
        const QJsonObject first = allocateWithKey("key-1", QStringLiteral("r")).json();
        const QJsonObject again = allocateWithKey("key-1", QStringLiteral("r")).json();
        QCOMPARE(again.value(QStringLiteral("slot_id")), first.value(QStringLiteral("slot_id")));
        QCOMPARE(again.value(QStringLiteral("lease_id")), first.value(QStringLiteral("lease_id")));
        QCOMPARE(again.value(QStringLiteral("allocation_count")).toInt(), 1);
        QVERIFY(!again.contains(QStringLiteral("allocation_key")));
        // The key is the requester's: another requester with it gets a slot of its own.
        const QJsonObject other = allocateWithKey("key-1", QStringLiteral("other")).json();
        QVERIFY(other.value(QStringLiteral("slot_id")) != first.value(QStringLiteral("slot_id")));
        // Both slots are taken now: a third key waits like any request and gets nothing.
        QCOMPARE(allocateWithKey("key-3", QStringLiteral("r"), 0.3).status, 503);
    }

    void withdrawingAnAllocationReleasesTheSlotItGot()
    {
        startService(1);
        const QJsonObject allocated = allocateWithKey("lost-answer", QStringLiteral("r")).json();
        const QString id = allocated.value(QStringLiteral("slot_id")).toString();
        writeFile(allocated.value(QStringLiteral("slot_path")).toString() +
                      QStringLiteral("/left-behind.txt"),
                  "x");
        const TestResponse withdrawn = withdraw(QStringLiteral("lost-answer"));
        QCOMPARE(withdrawn.status, 200);
        QCOMPARE(releasedSlot(withdrawn), QJsonValue(id));
        QVERIFY(waitForState(id, QStringLiteral("available")));
        QVERIFY(!QFile::exists(allocated.value(QStringLiteral("slot_path")).toString() +
                               QStringLiteral("/left-behind.txt")));
        // Nothing is held under the key any more, and the old lease frees nothing.
        const TestResponse twice = withdraw(QStringLiteral("lost-answer"));
        QCOMPARE(twice.status, 200);
        QVERIFY(releasedSlot(twice).isNull());
        QCOMPARE(release(id).status, 409);
        QVERIFY(releasedSlot(withdraw(QStringLiteral("never-used"))).isNull());
    }

    void withdrawingAWaitingAllocationAnswersIt()
    {
        startService(1);
        const QString held =
            allocate(QStringLiteral("holder")).json().value(QStringLiteral("slot_id")).toString();
        QNetworkReply *waiting =
            m_http.start("POST", url(QStringLiteral("/slots/allocate")),
                         allocateBody(QStringLiteral("impatient")), {{"Idempotency-Key", "w"}});
        QTest::qWait(150);
        const TestResponse withdrawn = withdraw(QStringLiteral("w"));
        QCOMPARE(withdrawn.status, 200);
        QVERIFY(releasedSlot(withdrawn).isNull());
        const TestResponse answer = HttpTestClient::finish(waiting);
        QCOMPARE(answer.status, 409);
        QVERIFY2(answer.json().value(QStringLiteral("error")).toString().contains(u"withdrawn"),
                 answer.body.constData());
        // The slot freed later goes to nobody: the withdrawn request no longer waits.
        QCOMPARE(release(held).status, 200);
        QVERIFY(waitForState(held, QStringLiteral("available")));
    }

    void anAllocationKeyOutlivesARestart()
    {
        startService(1);
        const QString id = allocateWithKey("before-restart", QStringLiteral("r"))
                               .json()
                               .value(QStringLiteral("slot_id"))
                               .toString();
        m_service.reset();
        startService(1);
        QCOMPARE(allocateWithKey("before-restart", QStringLiteral("r"))
                     .json()
                     .value(QStringLiteral("slot_id"))
                     .toString(),
                 id);
        QCOMPARE(releasedSlot(withdraw(QStringLiteral("before-restart"))), QJsonValue(id));
        QVERIFY(waitForState(id, QStringLiteral("available")));
    }

    void anOverlongAllocationKeyIsRefused()
    {
        startService(1);
        const TestResponse r = allocateWithKey(QByteArray(201, 'k'), QStringLiteral("r"));
        QCOMPARE(r.status, 400);
        QVERIFY2(r.json().value(QStringLiteral("error")).toString().contains(u"Idempotency-Key"),
                 r.body.constData());
    }

    void releaseNeedsTheAllocationsLease()
    {
        startService(1);
        const QJsonObject allocated = allocate(QStringLiteral("r")).json();
        const QString id = allocated.value(QStringLiteral("slot_id")).toString();
        const QString path = allocated.value(QStringLiteral("slot_path")).toString();
        QCOMPARE(allocated.value(QStringLiteral("lease_id")).toString().size(), 36);
        writeFile(path + QStringLiteral("/mine.txt"), "x");

        const TestResponse none =
            m_http.send("POST", url(QStringLiteral("/slots/%1/release").arg(id)), {});
        QCOMPARE(none.status, 409);
        QVERIFY2(none.json().value(QStringLiteral("error")).toString().contains(u"lease_id"),
                 none.body.constData());
        const TestResponse wrong = m_http.send(
            "POST", url(QStringLiteral("/slots/%1/release?lease_id=someone-else").arg(id)), {});
        QCOMPARE(wrong.status, 409);
        QTest::qWait(300);
        QCOMPARE(slot(id).value(QStringLiteral("state")).toString(), QStringLiteral("allocated"));
        QVERIFY(QFile::exists(path + QStringLiteral("/mine.txt")));
        QCOMPARE(release(id).status, 200);
    }

    void anExpiredLeaseIsCleanedAndItsReleaseRefused()
    {
        startService(1);
        const QByteArray body = jsonBytes({{QStringLiteral("repo_url"), m_origin},
                                           {QStringLiteral("required_by"), QStringLiteral("lost")},
                                           {QStringLiteral("timeout_seconds"), 20},
                                           {QStringLiteral("lease_seconds"), 1}});
        const QJsonObject allocated =
            remember(m_http.send("POST", url(QStringLiteral("/slots/allocate")), body)).json();
        const QString id = allocated.value(QStringLiteral("slot_id")).toString();
        QVERIFY(allocated.contains(QStringLiteral("lease_expires_at")));
        const QString oldLease = m_leases.value(id);
        writeFile(allocated.value(QStringLiteral("slot_path")).toString() +
                      QStringLiteral("/abandoned.txt"),
                  "x");
        QVERIFY(waitForState(id, QStringLiteral("available")));
        QVERIFY(!QFile::exists(allocated.value(QStringLiteral("slot_path")).toString() +
                               QStringLiteral("/abandoned.txt")));
        QCOMPARE(allocate(QStringLiteral("next")).status, 200);
        const TestResponse late =
            m_http.send("POST", url(QStringLiteral("/slots/%1/release").arg(id)),
                        jsonBytes({{QStringLiteral("lease_id"), oldLease}}));
        QCOMPARE(late.status, 409);
        QCOMPARE(slot(id).value(QStringLiteral("allocated_to")).toString(), QStringLiteral("next"));
    }

    void aRenewedLeaseKeepsTheSlotAndAForeignOneIsRefused()
    {
        startService(1);
        const QByteArray body = jsonBytes({{QStringLiteral("repo_url"), m_origin},
                                           {QStringLiteral("required_by"), QStringLiteral("w")},
                                           {QStringLiteral("timeout_seconds"), 20},
                                           {QStringLiteral("lease_seconds"), 1}});
        const QJsonObject allocated =
            remember(m_http.send("POST", url(QStringLiteral("/slots/allocate")), body)).json();
        const QString id = allocated.value(QStringLiteral("slot_id")).toString();
        const QString lease = m_leases.value(id);
        for (int i = 0; i < 5; ++i) {
            QTest::qWait(400);
            const TestResponse renewed =
                m_http.send("POST", url(QStringLiteral("/slots/%1/lease").arg(id)),
                            jsonBytes({{QStringLiteral("lease_id"), lease},
                                       {QStringLiteral("lease_seconds"), 1}}));
            QCOMPARE(renewed.status, 200);
        }
        // Two seconds past a one-second lease, renewed all along: still this allocation's.
        QCOMPARE(slot(id).value(QStringLiteral("state")).toString(), QStringLiteral("allocated"));
        const TestResponse foreign =
            m_http.send("POST", url(QStringLiteral("/slots/%1/lease").arg(id)),
                        jsonBytes({{QStringLiteral("lease_id"), QStringLiteral("someone")}}));
        QCOMPARE(foreign.status, 409);
        QCOMPARE(m_http
                     .send("POST", url(QStringLiteral("/slots/nope/lease")),
                           jsonBytes({{QStringLiteral("lease_id"), lease}}))
                     .status,
                 404);
        // Left to expire, it returns to the pool and the old lease renews nothing.
        QVERIFY(waitForState(id, QStringLiteral("available")));
        QCOMPARE(m_http
                     .send("POST", url(QStringLiteral("/slots/%1/lease").arg(id)),
                           jsonBytes({{QStringLiteral("lease_id"), lease}}))
                     .status,
                 409);
    }

    void cleaningRemovesPlantedHooksAndConfiguration()
    {
        startService(1);
        const QJsonObject allocated = allocate(QStringLiteral("r")).json();
        const QString id = allocated.value(QStringLiteral("slot_id")).toString();
        const QString path = allocated.value(QStringLiteral("slot_path")).toString();
        const QString marker = m_dir->filePath(QStringLiteral("hook-ran"));
        const QString hooksDir = m_dir->filePath(QStringLiteral("evil-hooks"));
        QVERIFY(QDir().mkpath(hooksDir));
        const QByteArray hook = "#!/bin/sh\ntouch " + marker.toUtf8() + "\n";
        for (const QString &dir : {QString(path + QStringLiteral("/.git/hooks")), hooksDir}) {
            for (const char *name : {"post-checkout", "pre-commit", "reference-transaction"}) {
                const QString file = dir + QLatin1Char('/') + QLatin1String(name);
                writeFile(file, hook);
                QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
            }
        }
        QFile config(path + QStringLiteral("/.git/config"));
        QVERIFY(config.open(QIODevice::Append));
        config.write("[core]\n\tfsmonitor = \"touch " + marker.toUtf8() + "\"\n\thooksPath = " +
                     hooksDir.toUtf8() + "\n[alias]\n\tstatus = !touch " + marker.toUtf8() + "\n");
        config.close();

        QCOMPARE(release(id).status, 200);
        QVERIFY(waitForState(id, QStringLiteral("available")));
        QVERIFY2(!QFile::exists(marker), "a hook planted in the slot ran inside the pool");
        QCOMPARE(QDir(path + QStringLiteral("/.git/hooks"))
                     .entryList(QDir::NoDotAndDotDot | QDir::AllEntries)
                     .size(),
                 0);
        const QByteArray cleaned = readFile(path + QStringLiteral("/.git/config"));
        QVERIFY2(!cleaned.contains("fsmonitor") && !cleaned.contains("hooksPath") &&
                     !cleaned.contains("alias"),
                 cleaned.constData());
        QVERIFY(cleaned.contains(m_origin.toUtf8()));
        QCOMPARE(allocate(QStringLiteral("next")).status, 200);
        QVERIFY(!QFile::exists(marker));
    }
};

QTEST_GUILESS_MAIN(TestRepoPoolService)
#include "test_repo_pool_service.moc"
