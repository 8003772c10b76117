// FleetFollower over a real Task Registry: workers whose heartbeats this test posts are attached
// as they appear and only once; one that stops beating is marked lost once (with the time of its
// last heartbeat), however many polls follow; one that says goodbye is detached; one the user
// detached stays detached until "attach to all" is switched on again; switching it off detaches
// what it attached, as does moving to another registry; a worker back on another port is
// followed there only. A registry that fails is a problem once (no notice: the task intake tells
// the user), and its return once.
#include "fleet/FleetFollower.h"
#include "stack/LocalServiceStack.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;

namespace {

constexpr int kPollMs = 100;

// What the follower did to the console's attachments, in order.
struct Recorded
{
    QStringList attached; // labels now
    QStringList calls;    // "attach host:port", "detach host:port", "lost host:port"
    QStringList reasons;  // of markLost
};

FleetFollower::Attachments recordInto(Recorded &record)
{
    FleetFollower::Attachments attachments;
    attachments.attach = [&record](const QUrl &url) {
        const QString label = url.host() + u':' + QString::number(url.port());
        record.attached.append(label);
        record.calls.append(QStringLiteral("attach ") + label);
    };
    attachments.detach = [&record](const QString &label) {
        record.attached.removeAll(label);
        record.calls.append(QStringLiteral("detach ") + label);
    };
    attachments.markLost = [&record](const QString &label, const QString &reason) {
        record.calls.append(QStringLiteral("lost ") + label);
        record.reasons.append(reason);
    };
    attachments.attached = [&record] { return record.attached; };
    return attachments;
}

int send(const QUrl &base, const QString &path, const QByteArray &verb, const QJsonObject &body)
{
    QUrl url = base;
    url.setPath(path);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkAccessManager network;
    QNetworkReply *reply = network.sendCustomRequest(request, verb, QJsonDocument(body).toJson());
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(5000))
        return -1;
    reply->deleteLater();
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

// A heartbeat of worker `id` serving on 127.0.0.1:`port`, beating every second.
int beat(const QUrl &registry, const QString &id, int port, bool stopping = false)
{
    return send(registry, QStringLiteral("/workers/%1/heartbeat").arg(id), "POST",
                {{"host", "test-host"},
                 {"version", "0.0.0"},
                 {"health_url", QStringLiteral("http://127.0.0.1:%1").arg(port)},
                 {"capacity", 2},
                 {"running", QJsonArray{QJsonObject{
                                 {"task_id", "1.1"}, {"spec_name", "s"}, {"phase", "commit"}}}},
                 {"completed", 3},
                 {"interval_seconds", 1},
                 {"stopping", stopping}});
}

} // namespace

class TestFleetFollower : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        ServiceStackConfig config;
        config.dataDirectory = m_dir.filePath(QStringLiteral("services"));
        config.adminFaults = true;
        m_stack = std::make_unique<LocalServiceStack>(config);
        const auto urls = m_stack->start();
        QVERIFY2(urls, qPrintable(urls.errorMessage()));
        m_registry = urls->taskRegistry;
    }

    void followsWorkersAsTheyComeAndGo()
    {
        Recorded record;
        FleetFollower follower(recordInto(record));
        follower.setPollIntervalMs(kPollMs);
        QSignalSpy notices(&follower, &FleetFollower::notice);
        QElapsedTimer sinceLastBeat; // of w-a
        QCOMPARE(beat(m_registry, QStringLiteral("w-a"), 9001), 200);
        sinceLastBeat.start();
        QCOMPARE(beat(m_registry, QStringLiteral("w-b"), 9002), 200);
        follower.setRegistry({m_registry.toString(), {}, 5});

        QTRY_COMPARE(record.attached.size(), 2);
        QTest::qWait(4 * kPollMs); // more polls attach nothing twice
        QCOMPARE(record.calls, (QStringList{QStringLiteral("attach 127.0.0.1:9001"),
                                            QStringLiteral("attach 127.0.0.1:9002")}));
        QCOMPARE(follower.workers().size(), 2);
        QCOMPARE(follower.workers()[0].running.size(), 1);

        // w-a stops beating, w-b goes on: after three intervals w-a is lost, marked once.
        QElapsedTimer clock;
        clock.start();
        while (!record.calls.contains(QStringLiteral("lost 127.0.0.1:9001")) &&
               clock.elapsed() < 8000) {
            QCOMPARE(beat(m_registry, QStringLiteral("w-b"), 9002), 200);
            QTest::qWait(200);
        }
        QVERIFY(record.calls.contains(QStringLiteral("lost 127.0.0.1:9001")));
        QVERIFY2(sinceLastBeat.elapsed() >= 3000, "lost only after three missed heartbeats");
        QTest::qWait(5 * kPollMs);
        QCOMPARE(record.calls.filter(QStringLiteral("lost")).size(), 1);
        QVERIFY(record.reasons[0].startsWith(QStringLiteral("no heartbeat since ")));
        QCOMPARE(notices.size(), 1);
        QVERIFY(notices[0][1].toBool());
        QVERIFY(notices[0][0].toString().contains(QStringLiteral("w-a")));

        // w-b says goodbye: detached.
        QCOMPARE(beat(m_registry, QStringLiteral("w-b"), 9002, true), 200);
        QTRY_VERIFY(record.calls.contains(QStringLiteral("detach 127.0.0.1:9002")));
        QCOMPARE(record.attached, QStringList{QStringLiteral("127.0.0.1:9001")});
    }

    void aWorkerTheUserDetachedStaysDetachedUntilAttachToAllIsOnAgain()
    {
        Recorded record;
        FleetFollower follower(recordInto(record));
        follower.setPollIntervalMs(kPollMs);
        QCOMPARE(beat(m_registry, QStringLiteral("w-c"), 9003), 200);
        follower.setRegistry({m_registry.toString(), {}, 5});
        QTRY_VERIFY(record.attached.contains(QStringLiteral("127.0.0.1:9003")));

        record.attached.removeAll(QStringLiteral("127.0.0.1:9003")); // the user detaches it
        QCOMPARE(beat(m_registry, QStringLiteral("w-c"), 9003), 200);
        QTest::qWait(5 * kPollMs);
        QVERIFY(!record.attached.contains(QStringLiteral("127.0.0.1:9003")));

        follower.setAttachToAll(false);
        follower.setAttachToAll(true);
        QCOMPARE(beat(m_registry, QStringLiteral("w-c"), 9003), 200);
        QTRY_VERIFY(record.attached.contains(QStringLiteral("127.0.0.1:9003")));

        // Off: what it attached is detached, and nothing new is attached.
        follower.setAttachToAll(false);
        QVERIFY(!record.attached.contains(QStringLiteral("127.0.0.1:9003")));
        QCOMPARE(beat(m_registry, QStringLiteral("w-d"), 9004), 200);
        QTest::qWait(5 * kPollMs);
        QVERIFY(!record.attached.contains(QStringLiteral("127.0.0.1:9004")));
        QCOMPARE(follower.workers().size() >= 2, true);
    }

    void aWorkerBackOnAnotherPortIsFollowedThereOnly()
    {
        Recorded record;
        FleetFollower follower(recordInto(record));
        follower.setPollIntervalMs(kPollMs);
        QCOMPARE(beat(m_registry, QStringLiteral("w-e"), 9005), 200);
        follower.setRegistry({m_registry.toString(), {}, 5});
        QTRY_VERIFY(record.attached.contains(QStringLiteral("127.0.0.1:9005")));

        QCOMPARE(beat(m_registry, QStringLiteral("w-e"), 9006), 200); // restarted, new port
        QTRY_VERIFY(record.attached.contains(QStringLiteral("127.0.0.1:9006")));
        QVERIFY(!record.attached.contains(QStringLiteral("127.0.0.1:9005")));
        QVERIFY(record.calls.contains(QStringLiteral("lost 127.0.0.1:9005")));

        // Another registry: what was attached for this one goes.
        follower.setRegistry({m_registry.toString(), {}, 7});
        QVERIFY(!record.attached.contains(QStringLiteral("127.0.0.1:9006")));
    }

    void aPollOfThePreviousRegistryIsNoProblem()
    {
        Recorded record;
        FleetFollower follower(recordInto(record));
        follower.setPollIntervalMs(kPollMs);
        QSignalSpy problems(&follower, &FleetFollower::problemChanged);
        follower.setRegistry({m_registry.toString(), {}, 5}); // asks at once
        follower.setRegistry({m_registry.toString(), {}, 6}); // and cancels that poll
        QTRY_VERIFY(!follower.workers().isEmpty());
        QTest::qWait(3 * kPollMs);
        QVERIFY2(problems.isEmpty(), qPrintable(follower.problem()));
    }

    void aFailingRegistryIsAProblemOnceAndItsReturnOnce()
    {
        Recorded record;
        FleetFollower follower(recordInto(record));
        follower.setPollIntervalMs(kPollMs);
        QSignalSpy notices(&follower, &FleetFollower::notice);
        QSignalSpy problems(&follower, &FleetFollower::problemChanged);
        QCOMPARE(send(m_registry, QStringLiteral("/admin/faults"), "PUT",
                      {{"error_rate", 1.0}, {"error_status", 503}, {"path_prefix", "/workers"}}),
                 200);
        follower.setRegistry({m_registry.toString(), {}, 5});
        QTRY_COMPARE(problems.size(), 1);
        QTest::qWait(6 * kPollMs); // failing polls go on, said once
        QCOMPARE(problems.size(), 1);
        QVERIFY(follower.problem().contains(m_registry.toString()));

        QCOMPARE(send(m_registry, QStringLiteral("/admin/faults"), "DELETE", {}), 200);
        QTRY_COMPARE(problems.size(), 2);
        QVERIFY(follower.problem().isEmpty());
        QVERIFY(notices.isEmpty());
        QVERIFY(!follower.workers().isEmpty());
    }

    void cleanupTestCase() { m_stack->stop(); }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<LocalServiceStack> m_stack;
    QUrl m_registry;
};

QTEST_GUILESS_MAIN(TestFleetFollower)
#include "test_fleet_follower.moc"
