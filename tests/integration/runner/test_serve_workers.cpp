// `necrocode-runner serve` as a process: two workers on one registry never run the same task and
// together run the whole demo task set; the tasks of a worker killed with SIGKILL go back to
// ready when their leases expire, another worker finishes them and its slots return to the pool;
// a worker that lost its lease stops without reporting; six workers finish 60 tasks through two
// kills and a restart; the registry lists the workers from their heartbeats (`necrocode-runner
// workers`) as active, lost after a SIGKILL and stopped after a SIGTERM, and the command names a
// registry it cannot reach; /logs streams the worker's entries while it runs; /readyz, /health
// and /metrics answer; SIGTERM lets running tasks finish within the grace period, or cancels
// them (reported to the registry) when the grace period is over.
#include "ServeWorkerProcess.h"
#include "demo/DemoSeeder.h"
#include "remote/LogStreamClient.h"
#include "stack/LocalServiceStack.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

using namespace necrocode;

namespace {

const QStringList kDemoTasks{QStringLiteral("1.1"), QStringLiteral("1.2"), QStringLiteral("2.1"),
                             QStringLiteral("3.1"), QStringLiteral("4.1"), QStringLiteral("4.2")};

QJsonDocument getJson(QNetworkAccessManager &network, const QUrl &url, int *status = nullptr)
{
    QNetworkReply *reply = network.get(QNetworkRequest(url));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    finished.wait(10000);
    if (status)
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return QJsonDocument::fromJson(body);
}

} // namespace

class TestServeWorkers : public QObject
{
    Q_OBJECT

    QNetworkAccessManager m_network;

    std::unique_ptr<LocalServiceStack> startStack(const QTemporaryDir &dir, double llmLatencyMs)
    {
        ServiceStackConfig config;
        config.dataDirectory = dir.filePath(QStringLiteral("services"));
        config.demo = true;
        config.slotsPerPool = 4;
        config.llmLatency = LatencySettings{llmLatencyMs, 0.0, 0, 24, std::nullopt};
        auto stack = std::make_unique<LocalServiceStack>(config);
        const auto urls = stack->start();
        if (!urls)
            qWarning("%s", qPrintable(urls.errorMessage()));
        return urls ? std::move(stack) : nullptr;
    }

    QString taskUrl(const LocalServiceStack &stack, const QString &id,
                    const QString &spec = DemoSeeder::specName()) const
    {
        return stack.urls().taskRegistry.toString() +
               QStringLiteral("/specs/%1/tasks/%2").arg(spec, id);
    }
    QJsonObject taskOf(const LocalServiceStack &stack, const QString &id,
                       const QString &spec = DemoSeeder::specName())
    {
        return getJson(m_network, QUrl(taskUrl(stack, id, spec))).object();
    }
    QString stateOf(const LocalServiceStack &stack, const QString &id,
                    const QString &spec = DemoSeeder::specName())
    {
        return taskOf(stack, id, spec).value(QLatin1String("state")).toString();
    }
    // "EventType:{data}" of each event of the task.
    QStringList eventsOf(const LocalServiceStack &stack, const QString &id,
                         const QString &spec = DemoSeeder::specName())
    {
        const QJsonDocument doc =
            getJson(m_network, QUrl(taskUrl(stack, id, spec) + QStringLiteral("/events")));
        const QJsonArray events =
            doc.isArray() ? doc.array() : doc.object().value(QLatin1String("events")).toArray();
        QStringList list;
        for (const QJsonValue &event : events)
            list.append(event.toObject().value(QLatin1String("event_type")).toString() + u':' +
                        QString::fromUtf8(
                            QJsonDocument(event.toObject().value(QLatin1String("data")).toObject())
                                .toJson(QJsonDocument::Compact)));
        return list;
    }
    bool allFinished(const LocalServiceStack &stack, const QStringList &ids,
                     const QString &spec = DemoSeeder::specName())
    {
        for (const QString &id : ids) {
            const QString state = stateOf(stack, id, spec);
            if (state != QLatin1String("done") && state != QLatin1String("failed"))
                return false;
        }
        return true;
    }
    // TaskCompleted and TaskFailed events among `events` (of eventsOf).
    static qsizetype finishEvents(const QStringList &events)
    {
        return events.filter(QStringLiteral("TaskCompleted:")).size() +
               events.filter(QStringLiteral("TaskFailed:")).size();
    }
    int allocatedSlots(const LocalServiceStack &stack)
    {
        const QJsonDocument doc =
            getJson(m_network, QUrl(stack.urls().repoPool.toString() + QStringLiteral("/pools")));
        const QJsonArray pools =
            doc.isArray() ? doc.array() : doc.object().value(QLatin1String("pools")).toArray();
        int allocated = 0;
        for (const QJsonValue &pool : pools)
            allocated += pool.toObject().value(QLatin1String("allocated_slots")).toInt();
        return allocated;
    }

private Q_SLOTS:
    void twoWorkersShareTheTaskSetWithoutRunningATaskTwice()
    {
        QTemporaryDir dir;
        auto stack = startStack(dir, 150);
        QVERIFY(stack);
        ServeWorkerProcess a(stack->urls(), QStringLiteral("worker-a"),
                             {QStringLiteral("--parallel"), QStringLiteral("2")});
        ServeWorkerProcess b(stack->urls(), QStringLiteral("worker-b"),
                             {QStringLiteral("--parallel"), QStringLiteral("2")});
        QTRY_VERIFY_WITH_TIMEOUT(!a.url().isEmpty() && !b.url().isEmpty(), 20000);

        // A console follows worker a's log stream from its first entry.
        LogStreamClient stream(&m_network, a.url());
        QList<LogEntry> streamed;
        QList<quint64> sequences;
        connect(&stream, &LogStreamClient::received, this,
                [&](const QList<LogEntry> &entries, quint64 last) {
                    streamed += entries;
                    sequences.append(last);
                });
        stream.start(0);

        QTRY_VERIFY_WITH_TIMEOUT(allFinished(*stack, kDemoTasks), 240000);

        int status = 0;
        const QJsonObject ready =
            getJson(m_network, QUrl(a.url().toString() + QStringLiteral("/readyz")), &status)
                .object();
        QCOMPARE(status, 200);
        QCOMPARE(ready.value(QLatin1String("ready")).toBool(), true);
        const QJsonObject health =
            getJson(m_network, QUrl(b.url().toString() + QStringLiteral("/health"))).object();
        QCOMPARE(health.value(QLatin1String("runner_id")).toString(), QStringLiteral("worker-b"));
        QVERIFY(health.value(QLatin1String("external_services"))
                    .toObject()
                    .contains(QLatin1String("llm")));

        QTRY_VERIFY_WITH_TIMEOUT(a.claimed().size() + b.claimed().size() >= kDemoTasks.size(),
                                 10000);
        // Each task was claimed by exactly one worker, and every task was claimed.
        QStringList claimedA = a.claimed();
        QStringList claimedB = b.claimed();
        QStringList all = claimedA + claimedB;
        std::sort(all.begin(), all.end());
        QCOMPARE(all, kDemoTasks);
        QVERIFY2(!claimedA.isEmpty() && !claimedB.isEmpty(),
                 qPrintable(
                     QStringLiteral("a: %1; b: %2").arg(claimedA.join(u','), claimedB.join(u','))));
        for (const QString &id : kDemoTasks) {
            const QStringList events = eventsOf(*stack, id);
            QCOMPARE(finishEvents(events), 1);
        }

        // The stream carried worker a's entries, in order, including the runs of its tasks.
        QTRY_VERIFY_WITH_TIMEOUT(!streamed.isEmpty(), 10000);
        QVERIFY(std::is_sorted(sequences.cbegin(), sequences.cend()));
        QSet<QString> streamedTasks;
        for (const LogEntry &entry : streamed)
            if (!entry.taskId.isEmpty())
                streamedTasks.insert(entry.taskId);
        for (const QString &id : claimedA)
            QVERIFY2(streamedTasks.contains(id), qPrintable(id));
        for (const QString &id : claimedB)
            QVERIFY2(!streamedTasks.contains(id), qPrintable(id));

        const QByteArray metrics = [&] {
            QNetworkReply *reply = m_network.get(
                QNetworkRequest(QUrl(a.url().toString() + QStringLiteral("/metrics"))));
            QSignalSpy finished(reply, &QNetworkReply::finished);
            finished.wait(10000);
            reply->deleteLater();
            return reply->readAll();
        }();
        QVERIFY2(metrics.contains("necrocode_"), metrics.left(300).constData());

        stream.stop();
        a.terminate();
        b.terminate();
        QVERIFY(a.process().waitForFinished(15000));
        QVERIFY(b.process().waitForFinished(15000));
        QCOMPARE(a.process().exitCode(), 0);
        QCOMPARE(b.process().exitCode(), 0);
        QCOMPARE(allocatedSlots(*stack), 0);
        stack->stop();
    }

    void aKilledWorkersTasksAreRequeuedAndFinishedByAnother()
    {
        QTemporaryDir dir;
        auto stack = startStack(dir, 1500);
        QVERIFY(stack);
        const QStringList shortLease{QStringLiteral("--parallel"), QStringLiteral("2"),
                                     QStringLiteral("--set"),
                                     QStringLiteral("task_registry.lease_seconds=3")};
        auto doomed = std::make_unique<ServeWorkerProcess>(stack->urls(),
                                                           QStringLiteral("worker-a"), shortLease);
        // Killed while its first tasks wait for the model.
        QTRY_VERIFY_WITH_TIMEOUT(doomed->claimed().size() >= 2, 20000);
        const QStringList lost = doomed->claimed();
        QTest::qWait(300);
        doomed->process().kill();
        QElapsedTimer sinceKill;
        sinceKill.start();
        QVERIFY(doomed->process().waitForFinished(5000));
        doomed.reset();
        for (const QString &id : lost)
            QCOMPARE(stateOf(*stack, id), QStringLiteral("running"));

        // Within the lease and one sweep the registry gives them back, naming the lost worker.
        auto requeued = [&] {
            for (const QString &id : lost)
                if (eventsOf(*stack, id).filter(QStringLiteral("TaskRequeued:")).isEmpty())
                    return false;
            return true;
        };
        QTRY_VERIFY_WITH_TIMEOUT(requeued(), 10000);
        const qint64 requeueMs = sinceKill.elapsed();
        qInfo("the lost tasks were ready again %lld ms after the kill (lease 3 s)", requeueMs);
        QVERIFY2(requeueMs <= 3000 + 1000 + 1500, qPrintable(QString::number(requeueMs)));
        for (const QString &id : lost) {
            QCOMPARE(stateOf(*stack, id), QStringLiteral("ready"));
            QVERIFY(eventsOf(*stack, id)
                        .filter(QStringLiteral("TaskRequeued:"))
                        .first()
                        .contains(QStringLiteral("\"lost_runner\":\"worker-a\"")));
        }

        ServeWorkerProcess survivor(stack->urls(), QStringLiteral("worker-b"), shortLease);
        QTRY_VERIFY_WITH_TIMEOUT(allFinished(*stack, kDemoTasks), 240000);
        for (const QString &id : kDemoTasks) {
            const QStringList events = eventsOf(*stack, id);
            QCOMPARE(finishEvents(events), 1);
        }
        for (const QString &id : lost)
            QVERIFY2(survivor.claimed().contains(id), qPrintable(id));
        // The demo's intended outcomes: two failures, the rest done, whoever ran them.
        QCOMPARE(stateOf(*stack, QStringLiteral("1.1")), QStringLiteral("done"));
        QCOMPARE(stateOf(*stack, QStringLiteral("4.1")), QStringLiteral("failed"));
        // The dead worker's slots were leased like its tasks: none stays allocated.
        QTRY_COMPARE_WITH_TIMEOUT(allocatedSlots(*stack), 0, 10000);
    }

    void aWorkerThatLostItsLeaseStopsWithoutReporting()
    {
        QTemporaryDir dir;
        auto stack = startStack(dir, 2500);
        QVERIFY(stack);
        ServeWorkerProcess frozen(stack->urls(), QStringLiteral("worker-a"),
                                  {QStringLiteral("--parallel"), QStringLiteral("1"),
                                   QStringLiteral("--set"),
                                   QStringLiteral("task_registry.lease_seconds=3")});
        QTRY_VERIFY_WITH_TIMEOUT(frozen.claimed().size() == 1, 20000);
        const QString id = frozen.claimed().first();
        QTRY_VERIFY_WITH_TIMEOUT(allocatedSlots(*stack) == 1, 10000);
        // Stopped (a long GC pause, a suspended VM): it cannot renew, and the registry takes the
        // task back.
        ::kill(pid_t(frozen.process().processId()), SIGSTOP);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(*stack, id), QStringLiteral("ready"), 10000);
        const QStringList eventsBefore = eventsOf(*stack, id);
        ::kill(pid_t(frozen.process().processId()), SIGCONT);

        // On waking it learns from its next renewal or report that the task is not its own any
        // more: it stops, gives the slot back and reports nothing.
        auto stoppedForTheLease = [&] {
            for (const QJsonObject &line : frozen.lines())
                if (line.value(QLatin1String("message"))
                        .toString()
                        .contains(QLatin1String("ended this run's lease")))
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(stoppedForTheLease(), 15000);
        // ... and then gave its slot back (any later run of the task holds a slot of its own).
        auto releasedAfterTheStop = [&] {
            bool stopped = false;
            for (const QJsonObject &line : frozen.lines()) {
                const QString message = line.value(QLatin1String("message")).toString();
                stopped = stopped || message.contains(QLatin1String("ended this run's lease"));
                if (stopped && message == QLatin1String("slot released"))
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(releasedAfterTheStop(), 10000);
        frozen.terminate();
        QVERIFY(frozen.process().waitForFinished(15000));
        // The task was requeued once; whatever ran it afterwards (this worker may have claimed it
        // again before it stopped) finished it at most once, the lost run never.
        const QStringList events = eventsOf(*stack, id);
        QCOMPARE(events.filter(QStringLiteral("TaskRequeued:")).size(), 1);
        QVERIFY(finishEvents(events) <= 1);
        QCOMPARE(eventsBefore.filter(QStringLiteral("TaskCompleted:")).size(), 0);
    }

    void theWorkerListShowsActiveLostAndStoppedWorkers()
    {
        QTemporaryDir dir;
        auto stack = startStack(dir, 150);
        QVERIFY(stack);
        const QStringList beating{QStringLiteral("--set"),
                                  QStringLiteral("fleet.heartbeat_seconds=1")};
        ServeWorkerProcess a(stack->urls(), QStringLiteral("worker-a"), beating);
        ServeWorkerProcess b(stack->urls(), QStringLiteral("worker-b"), beating);
        QTRY_VERIFY_WITH_TIMEOUT(!a.url().isEmpty() && !b.url().isEmpty(), 20000);

        // What `necrocode-runner workers` prints about each worker.
        const auto listed = [&](bool json) {
            QProcess cli;
            cli.start(QStringLiteral(NECROCODE_RUNNER_EXECUTABLE),
                      {QStringLiteral("workers"), QStringLiteral("--task-registry-url"),
                       stack->urls().taskRegistry.toString(),
                       json ? QStringLiteral("--json") : QStringLiteral("--log-level=ERROR")});
            cli.waitForFinished(10000);
            return cli.readAllStandardOutput();
        };
        const auto stateOfWorker = [&](const QString &id) {
            const QJsonArray workers = QJsonDocument::fromJson(listed(true))
                                           .object()
                                           .value(QLatin1String("workers"))
                                           .toArray();
            for (const QJsonValue &w : workers)
                if (w.toObject().value(QLatin1String("worker_id")).toString() == id)
                    return w.toObject();
            return QJsonObject();
        };
        QTRY_COMPARE_WITH_TIMEOUT(
            stateOfWorker(QStringLiteral("worker-a")).value(QLatin1String("state")).toString(),
            QStringLiteral("active"), 10000);
        const QJsonObject seen = stateOfWorker(QStringLiteral("worker-a"));
        QCOMPARE(seen.value(QLatin1String("health_url")).toString(), a.url().toString());
        QCOMPARE(seen.value(QLatin1String("capacity")).toInt(), 2);
        QCOMPARE(seen.value(QLatin1String("interval_seconds")).toInt(), 1);
        const QByteArray table = listed(false);
        QVERIFY2(table.startsWith("WORKER") && table.contains("worker-b") &&
                     table.contains("active"),
                 table.constData());

        b.process().kill();
        QTRY_COMPARE_WITH_TIMEOUT(
            stateOfWorker(QStringLiteral("worker-b")).value(QLatin1String("state")).toString(),
            QStringLiteral("lost"), 10000);
        a.terminate();
        QVERIFY(a.process().waitForFinished(20000));
        QCOMPARE(stateOfWorker(QStringLiteral("worker-a")).value(QLatin1String("state")).toString(),
                 QStringLiteral("stopped"));
    }

    void aFleetSurvivesKilledWorkers()
    {
        // Six workers on one registry and pool run 60 tasks (real git, real tests, scripted
        // model); two are killed with SIGKILL at different moments and one comes back.
        QTemporaryDir dir;
        auto stack = startStack(dir, 300);
        QVERIFY(stack);
        const QString repoUrl = taskOf(*stack, QStringLiteral("1.1"))
                                    .value(QLatin1String("metadata"))
                                    .toObject()
                                    .value(QLatin1String("repo_url"))
                                    .toString();
        QVERIFY(!repoUrl.isEmpty());
        constexpr int kTasks = 60;
        QJsonArray tasks;
        QStringList ids;
        for (int i = 1; i <= kTasks; ++i) {
            const QString id = QStringLiteral("c%1").arg(i, 2, 10, QLatin1Char('0'));
            ids.append(id);
            tasks.append(QJsonObject{
                {QStringLiteral("id"), id},
                {QStringLiteral("title"), QStringLiteral("Write chaos note %1").arg(i)},
                {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("repo_url"), repoUrl},
                                                         {QStringLiteral("test_commands"),
                                                          QJsonArray{QStringLiteral("true")}}}}});
        }
        QNetworkRequest create(
            QUrl(stack->urls().taskRegistry.toString() + QStringLiteral("/specs/chaos/tasks")));
        create.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *created = m_network.post(
            create, QJsonDocument(QJsonObject{{QStringLiteral("tasks"), tasks}}).toJson());
        QSignalSpy createdSpy(created, &QNetworkReply::finished);
        QVERIFY(createdSpy.wait(10000));
        QCOMPARE(created->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 201);
        created->deleteLater();

        const QString chaos = QStringLiteral("chaos");
        const QStringList options{
            QStringLiteral("--spec"),     QStringLiteral("chaos"),
            QStringLiteral("--parallel"), QStringLiteral("2"),
            QStringLiteral("--set"),      QStringLiteral("task_registry.lease_seconds=3")};
        std::vector<std::unique_ptr<ServeWorkerProcess>> workers;
        for (int i = 1; i <= 6; ++i)
            workers.push_back(std::make_unique<ServeWorkerProcess>(
                stack->urls(), QStringLiteral("chaos-%1").arg(i), options));
        QTRY_VERIFY_WITH_TIMEOUT(!workers[0]->claimed().isEmpty(), 30000);
        workers[0]->process().kill();
        QVERIFY(workers[0]->process().waitForFinished(5000));
        QTRY_VERIFY_WITH_TIMEOUT(!workers[1]->claimed().isEmpty(), 30000);
        QTest::qWait(1500);
        workers[1]->process().kill();
        QVERIFY(workers[1]->process().waitForFinished(5000));
        const QStringList lostFirst = workers[0]->claimed();
        const QStringList lostSecond = workers[1]->claimed();
        workers[0] =
            std::make_unique<ServeWorkerProcess>(stack->urls(), QStringLiteral("chaos-1"), options);

        QTRY_VERIFY_WITH_TIMEOUT(allFinished(*stack, ids, chaos), 400000);
        int requeued = 0;
        for (const QString &id : ids) {
            const QStringList events = eventsOf(*stack, id, chaos);
            QCOMPARE(finishEvents(events), 1);
            requeued += !events.filter(QStringLiteral("TaskRequeued:")).isEmpty();
            // A retried task starts from the base, so the lost attempt's push does not get in
            // its way: every task is done.
            QVERIFY2(stateOf(*stack, id, chaos) == QLatin1String("done"), qPrintable(id));
        }
        qInfo("all %d tasks done, %d requeued after their worker was killed", kTasks, requeued);
        // Every task the killed workers held and did not report was requeued.
        for (const QString &id : lostFirst + lostSecond) {
            const bool reportedBeforeTheKill =
                taskOf(*stack, id, chaos).value(QLatin1String("attempts")).toInt() == 1;
            QVERIFY2(
                reportedBeforeTheKill ||
                    !eventsOf(*stack, id, chaos).filter(QStringLiteral("TaskRequeued:")).isEmpty(),
                qPrintable(id));
        }
        QVERIFY(requeued >= 1);
        QTRY_COMPARE_WITH_TIMEOUT(allocatedSlots(*stack), 0, 15000);
    }

    void theWorkersCommandNamesADeadOrMissingRegistry()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const QString dead = QStringLiteral("http://127.0.0.1:%1").arg(probe.serverPort());
        probe.close();
        QProcess cli;
        cli.start(QStringLiteral(NECROCODE_RUNNER_EXECUTABLE),
                  {QStringLiteral("workers"), QStringLiteral("--task-registry-url"), dead});
        QVERIFY(cli.waitForFinished(20000));
        QCOMPARE(cli.exitCode(), 1);
        const QByteArray error = cli.readAllStandardError();
        QVERIFY2(error.contains(dead.toUtf8()) && error.contains("did not list its workers"),
                 error.constData());

        QProcess missing;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("NECROCODE_TASK_REGISTRY_URL"));
        missing.setProcessEnvironment(environment);
        missing.start(QStringLiteral(NECROCODE_RUNNER_EXECUTABLE), {QStringLiteral("workers")});
        QVERIFY(missing.waitForFinished(20000));
        QCOMPARE(missing.exitCode(), 2);
        QVERIFY(missing.readAllStandardError().contains("--task-registry-url"));
    }

    void sigtermLetsARunningTaskFinishWithinTheGracePeriod()
    {
        QTemporaryDir dir;
        auto stack = startStack(dir, 1500);
        QVERIFY(stack);
        ServeWorkerProcess worker(stack->urls(), QStringLiteral("worker-g"),
                                  {QStringLiteral("--parallel"), QStringLiteral("1"),
                                   QStringLiteral("--grace-seconds"), QStringLiteral("60")});
        QTRY_VERIFY_WITH_TIMEOUT(!worker.claimed().isEmpty(), 20000);
        const QString id = worker.claimed().first();
        worker.terminate();
        // Not ready any more while it drains.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                int status = 0;
                const QJsonObject ready =
                    getJson(m_network, QUrl(worker.url().toString() + QStringLiteral("/readyz")),
                            &status)
                        .object();
                return status == 503 && ready.value(QLatin1String("stopping")).toBool();
            }(),
            5000);
        QVERIFY(worker.process().waitForFinished(60000));
        QCOMPARE(worker.process().exitCode(), 0);
        QCOMPARE(worker.claimed(), QStringList{id});
        QCOMPARE(stateOf(*stack, id), QStringLiteral("done"));
        QCOMPARE(allocatedSlots(*stack), 0);
        stack->stop();
    }

    void sigtermCancelsRunningTasksAfterTheGracePeriodAndReportsThem()
    {
        QTemporaryDir dir;
        auto stack = startStack(dir, 30000);
        QVERIFY(stack);
        ServeWorkerProcess worker(stack->urls(), QStringLiteral("worker-c"),
                                  {QStringLiteral("--parallel"), QStringLiteral("2"),
                                   QStringLiteral("--grace-seconds"), QStringLiteral("0")});
        QTRY_VERIFY_WITH_TIMEOUT(worker.claimed().size() == 2, 20000);
        QElapsedTimer clock;
        clock.start();
        worker.terminate();
        QVERIFY(worker.process().waitForFinished(20000));
        QVERIFY2(clock.elapsed() < 15000, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(worker.process().exitCode(), 0);
        for (const QString &id : worker.claimed()) {
            QCOMPARE(stateOf(*stack, id), QStringLiteral("failed"));
            const QStringList failed = eventsOf(*stack, id).filter(QStringLiteral("TaskFailed:"));
            QCOMPARE(failed.size(), 1);
            QVERIFY2(failed.first().contains(QLatin1String("shutting down")),
                     qPrintable(failed.first()));
        }
        QCOMPARE(allocatedSlots(*stack), 0);
        stack->stop();
    }

    void sigtermInterruptsALocalDemoRunWithoutTakingMoreTasks()
    {
        QTemporaryDir dir;
        QProcess process;
        QByteArray output;
        connect(&process, &QProcess::readyReadStandardOutput, this,
                [&] { output += process.readAllStandardOutput(); });
        process.start(QStringLiteral(NECROCODE_RUNNER_EXECUTABLE),
                      {QStringLiteral("run"), QStringLiteral("--local"), QStringLiteral("--demo"),
                       QStringLiteral("--data-dir"), dir.path()});
        QTRY_VERIFY_WITH_TIMEOUT(output.contains("\"task_started\""), 30000);
        ::kill(pid_t(process.processId()), SIGTERM);
        QVERIFY(process.waitForFinished(20000));
        output += process.readAllStandardOutput();
        QCOMPARE(process.exitCode(), 1); // the interrupted runs failed
        const qsizetype started = output.count("\"task_started\"");
        QVERIFY2(started <= 2, qPrintable(QString::number(started))); // no task after the signal
        qsizetype cancelled = 0;
        for (const QByteArray &line : output.split('\n'))
            cancelled +=
                line.contains("\"task_finished\"") && line.contains("the runner was interrupted");
        QCOMPARE(cancelled, started); // every task it had started was cancelled and reported
    }

    void everyLineReachesAPipeAsItIsLogged()
    {
        // An idle worker (its registry is not there): its first line must not wait for more.
        const QString unused = QStringLiteral("http://127.0.0.1:9");
        QProcess process;
        process.start(QStringLiteral(NECROCODE_RUNNER_EXECUTABLE),
                      {QStringLiteral("serve"), QStringLiteral("--health-port"),
                       QStringLiteral("0"), QStringLiteral("--task-registry-url"), unused,
                       QStringLiteral("--repo-pool-url"), unused,
                       QStringLiteral("--artifact-store-url"), unused,
                       QStringLiteral("--llm-base-url"), unused});
        QVERIFY(process.waitForStarted());
        QElapsedTimer clock;
        clock.start();
        QByteArray seen;
        while (!seen.contains("serving on") && clock.elapsed() < 5000) {
            process.waitForReadyRead(100);
            seen += process.readAllStandardOutput();
        }
        qInfo("the first line was on the pipe after %lld ms", clock.elapsed());
        QVERIFY2(seen.contains("serving on"), seen.constData());
        QVERIFY(clock.elapsed() < 1000);
        // What it logged before a SIGKILL is all on the pipe, as whole lines.
        QTest::qWait(1500);
        seen += process.readAllStandardOutput();
        process.kill();
        process.waitForFinished(5000);
        seen += process.readAllStandardOutput();
        QVERIFY(seen.endsWith('\n'));
        for (const QByteArray &line : seen.split('\n'))
            QVERIFY2(line.isEmpty() || !QJsonDocument::fromJson(line).isNull(), line.constData());
    }

    void aTakenHealthPortIsNamedWithTheWayOut()
    {
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
        const QString unused = QStringLiteral("http://127.0.0.1:9");
        QProcess process;
        process.start(QStringLiteral(NECROCODE_RUNNER_EXECUTABLE),
                      {QStringLiteral("serve"), QStringLiteral("--health-port"),
                       QString::number(taken.serverPort()), QStringLiteral("--task-registry-url"),
                       unused, QStringLiteral("--repo-pool-url"), unused,
                       QStringLiteral("--artifact-store-url"), unused,
                       QStringLiteral("--llm-base-url"), unused});
        QVERIFY(process.waitForFinished(20000));
        QCOMPARE(process.exitCode(), 2);
        const QString error = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(error.contains(QString::number(taken.serverPort())) &&
                     error.contains(QStringLiteral("--health-port")),
                 qPrintable(error));
    }

    void badOptionsExitWithTwoAndAMessage_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("named");
        QTest::newRow("grace") << QStringList{QStringLiteral("--grace-seconds"),
                                              QStringLiteral("soon")}
                               << QStringLiteral("--grace-seconds");
        QTest::newRow("poll") << QStringList{QStringLiteral("--poll-interval"), QStringLiteral("0")}
                              << QStringLiteral("--poll-interval");
        QTest::newRow("no services") << QStringList{} << QStringLiteral("service URLs");
        QTest::newRow("demo without local")
            << QStringList{QStringLiteral("--demo")} << QStringLiteral("--local");
    }

    void badOptionsExitWithTwoAndAMessage()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, named);
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const QString &key : environment.keys())
            if (key.startsWith(QLatin1String("NECROCODE_")))
                environment.remove(key);
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(NECROCODE_RUNNER_EXECUTABLE),
                      QStringList{QStringLiteral("serve")} + arguments);
        QVERIFY(process.waitForFinished(20000));
        QCOMPARE(process.exitCode(), 2);
        const QString error = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(error.contains(named), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestServeWorkers)
#include "test_serve_workers.moc"
