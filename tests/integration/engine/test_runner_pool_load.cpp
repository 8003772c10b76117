// The runner pool under load, end to end: eight registry tasks claimed by the task feeder run on
// four runners against a Repo Pool of three slots. Every task completes, no more than four run
// at once, and no slot is ever held by two runs at the same time.
#include "EngineHarness.h"

#include "engine/TaskFeeder.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <map>

using namespace necrocode;
using namespace necrocode::test;

namespace {

const QString kSpec = QStringLiteral("pool-load");
constexpr int kTasks = 8;
constexpr int kRunners = 4;
constexpr int kSlots = 3; // fewer than runners: runs wait for slots and slots are reused

QString titleOf(int n)
{
    return QStringLiteral("Load task %1 of %2").arg(n).arg(kTasks);
}

// A slot held by one run: from the log entry that its allocation arrived to the log entry of
// the release request. Both entries lie inside the time the Repo Pool had the slot allocated to
// that run, so two holds of one slot may never overlap.
struct SlotHold
{
    QString slotId;
    QString taskId;
    qsizetype allocatedAt = -1; // index in the captured log
    qsizetype releasedAt = -1;
};

} // namespace

class TestRunnerPoolLoad : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<EngineHarness> m_harness;
    QHash<QString, FinishedRun> m_finished;
    int m_maxRunning = 0;
    int m_claimed = 0;
    QList<SlotHold> m_holds;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_harness = std::make_unique<EngineHarness>(m_dir.filePath(QStringLiteral("data")));
        EngineHarness::Options options;
        options.slotsPerPool = kSlots;
        for (int n = 1; n <= kTasks; ++n)
            options.scenarioRules.append(
                answerRule(titleOf(n), passingChange(QStringLiteral("load_%1").arg(n))));
        const Status started = m_harness->start(options);
        QVERIFY2(started, qPrintable(started.errorMessage()));
        const Result<QString> origin = m_harness->demoOrigin();
        QVERIFY2(origin, qPrintable(origin.errorMessage()));
        QJsonArray tasks;
        for (int n = 1; n <= kTasks; ++n)
            tasks.append(taskDefinition(QString::number(n), titleOf(n), *origin));
        const Status created = m_harness->createTasks(kSpec, tasks);
        QVERIFY2(created, qPrintable(created.errorMessage()));

        const RunnerConfig config = m_harness->runnerConfig(QStringLiteral("load"), kRunners);
        RunnerPool pool(config, m_harness->logs());
        RunRecorder recorder(pool);
        TaskFeeder feeder(pool, config, Logger(m_harness->logs(), QStringLiteral("feeder")),
                          QStringLiteral("load-worker"));
        QSignalSpy exhausted(&feeder, &TaskFeeder::exhausted);
        feeder.start(kSpec, 200);
        QVERIFY(recorder.waitForFinished(kTasks, 240000));
        QVERIFY(!exhausted.isEmpty() || exhausted.wait(30000));
        feeder.stop();
        m_finished = recorder.finished();
        m_maxRunning = recorder.maxRunning();
        m_claimed = feeder.claimedCount();
        m_holds = slotHolds(m_harness->logCapture().entries());
    }

    void everyTaskCompletes()
    {
        QCOMPARE(m_claimed, kTasks);
        QCOMPARE(m_finished.size(), kTasks);
        for (int n = 1; n <= kTasks; ++n) {
            const QString id = QString::number(n);
            const FinishedRun run = m_finished.value(id);
            QVERIFY2(run.result.success, qPrintable(id + QStringLiteral(": ") + run.result.error));
            QVERIFY(run.result.push && run.result.push->success);
            QCOMPARE(run.run.outcome, RunOutcome::Completed);
            const Result<QJsonObject> task = m_harness->task(kSpec, id);
            QVERIFY(task);
            QCOMPARE(task->value(QLatin1String("state")).toString(), QStringLiteral("done"));
        }
    }

    void neverMoreThanFourRunAtOnce()
    {
        QVERIFY2(m_maxRunning <= kRunners, qPrintable(QString::number(m_maxRunning)));
        // The pool does fill up: all four runners were busy at some point.
        QCOMPARE(m_maxRunning, kRunners);
        // The runners that reported are at most four distinct ones.
        QSet<QString> runners;
        for (const FinishedRun &run : std::as_const(m_finished))
            runners.insert(run.result.runnerId);
        QVERIFY(runners.size() <= kRunners);
        QVERIFY(runners.size() >= 2);
        // The runners' own log agrees: at no moment were more than four tasks between their
        // start and finish entries.
        std::vector<std::pair<qint64, int>> edges;
        for (const LogEntry &e : m_harness->logCapture().entries()) {
            const QString event = e.extra.value(QLatin1String("event")).toString();
            if (e.specName != kSpec)
                continue;
            if (event == QLatin1String("task_started"))
                edges.emplace_back(e.timestampMs, +1);
            else if (event == QLatin1String("task_finished"))
                edges.emplace_back(e.timestampMs, -1);
        }
        QCOMPARE(int(edges.size()), 2 * kTasks);
        std::sort(edges.begin(), edges.end()); // a finish before a start in the same millisecond
        int running = 0;
        int mostRunning = 0;
        for (const auto &[at, change] : edges)
            mostRunning = std::max(mostRunning, running += change);
        QVERIFY2(mostRunning <= kRunners, qPrintable(QString::number(mostRunning)));
        QVERIFY(mostRunning >= 2);
    }

    void aTaskClaimedWhileStoppingIsHandedBack()
    {
        const QString spec = QStringLiteral("hand-back");
        const Result<QString> origin = m_harness->demoOrigin();
        QVERIFY2(origin, qPrintable(origin.errorMessage()));
        const Status created = m_harness->createTasks(
            spec, QJsonArray{taskDefinition(QStringLiteral("1"), titleOf(1), *origin)});
        QVERIFY2(created, qPrintable(created.errorMessage()));
        const RunnerConfig config = m_harness->runnerConfig(QStringLiteral("hand-back"), 1);
        RunnerPool pool(config, m_harness->logs());
        TaskFeeder feeder(pool, config, Logger(m_harness->logs(), QStringLiteral("feeder")),
                          QStringLiteral("stopping-worker"));
        QSignalSpy settled(&feeder, &TaskFeeder::settled);
        feeder.start(spec, 200); // the claim is on its way ...
        QVERIFY(feeder.isBusy());
        feeder.stop(); // ... when the worker stops
        QVERIFY(settled.wait(10000));
        QVERIFY(!feeder.isBusy());
        QVERIFY(pool.runs().isEmpty());
        const Result<QJsonObject> task = m_harness->task(spec, QStringLiteral("1"));
        QVERIFY2(task, qPrintable(task.errorMessage()));
        QCOMPARE(task->value(QLatin1String("state")).toString(), QStringLiteral("ready"));
    }

    void everyRunHoldsOneSlotAndReleasesItOnce()
    {
        QCOMPARE(m_holds.size(), kTasks);
        QSet<QString> tasks;
        for (const SlotHold &hold : std::as_const(m_holds)) {
            QVERIFY2(hold.allocatedAt >= 0 && hold.releasedAt > hold.allocatedAt,
                     qPrintable(hold.taskId));
            tasks.insert(hold.taskId);
        }
        QCOMPARE(tasks.size(), kTasks);
        QCOMPARE(m_harness->allocatedSlots(), 0);
    }

    void noSlotIsSharedByTwoRuns()
    {
        std::map<QString, QList<SlotHold>> bySlot;
        for (const SlotHold &hold : std::as_const(m_holds))
            bySlot[hold.slotId].append(hold);
        QVERIFY(int(bySlot.size()) <= kSlots);
        int allocations = 0;
        for (auto &[slotId, holds] : bySlot) {
            std::sort(holds.begin(), holds.end(), [](const SlotHold &a, const SlotHold &b) {
                return a.allocatedAt < b.allocatedAt;
            });
            for (qsizetype i = 1; i < holds.size(); ++i)
                QVERIFY2(holds.at(i).allocatedAt > holds.at(i - 1).releasedAt,
                         qPrintable(QStringLiteral("%1 given to task %2 while task %3 held it")
                                        .arg(slotId, holds.at(i).taskId, holds.at(i - 1).taskId)));
            // The pool counted the same allocations.
            allocations += m_harness->slot(slotId).value(QLatin1String("allocation_count")).toInt();
        }
        QCOMPARE(allocations, kTasks);
        // Eight runs on three slots: slots were handed on from one run to the next.
        QVERIFY(std::any_of(bySlot.begin(), bySlot.end(),
                            [](const auto &entry) { return entry.second.size() > 1; }));
    }

    void cleanupTestCase()
    {
        if (m_harness)
            m_harness->stop();
    }

private:
    static QList<SlotHold> slotHolds(const QList<LogEntry> &entries)
    {
        QHash<QString, SlotHold> byTask;
        for (qsizetype i = 0; i < entries.size(); ++i) {
            const LogEntry &e = entries.at(i);
            if (e.specName != kSpec)
                continue;
            if (e.message == u"slot allocated") {
                SlotHold &hold = byTask[e.taskId];
                if (hold.allocatedAt >= 0)
                    hold.allocatedAt = -2; // a second allocation for one run
                else
                    hold.allocatedAt = i;
                hold.taskId = e.taskId;
                hold.slotId = e.extra.value(QLatin1String("slot_id")).toString();
            } else if (e.extra.value(QLatin1String("operation")).toString() == u"release_slot" &&
                       e.extra.value(QLatin1String("attempt")).toInt() == 1 &&
                       e.extra.contains(QLatin1String("method"))) {
                SlotHold &hold = byTask[e.taskId];
                hold.releasedAt = hold.releasedAt >= 0 ? -2 : i; // -2: released twice
                const QString url = e.extra.value(QLatin1String("url")).toString();
                if (!url.contains(QStringLiteral("/slots/") + hold.slotId + u'/'))
                    hold.releasedAt = -3; // released a slot it was not given
            }
        }
        return byTask.values();
    }
};

QTEST_GUILESS_MAIN(TestRunnerPoolLoad)
#include "test_runner_pool_load.moc"
