// ServiceHealthMonitor with fake probes: asynchronous answers, signals only on change, checks in
// flight not duplicated, late answers after stop ignored, probe timeouts, periodic rounds.
#include "health/ServiceHealthMonitor.h"

#include <QSignalSpy>
#include <QTest>

#include <deque>
#include <memory>

using namespace necrocode;

namespace {

// A probe whose answers the test gives by hand; counts the checks it was asked for.
struct ManualProbe
{
    std::deque<ProbeCompletion> pending;
    int calls = 0;

    HealthProbe probe()
    {
        return [this](ProbeCompletion done) {
            ++calls;
            pending.push_back(std::move(done));
        };
    }

    void answer(ProbeOutcome outcome)
    {
        QVERIFY(!pending.empty());
        ProbeCompletion done = std::move(pending.front());
        pending.pop_front();
        done(std::move(outcome));
    }
};

// A probe that answers after `delayMs` from the event loop with the current `outcome`.
struct DelayedProbe
{
    ProbeOutcome outcome{true, 0.01, 200, {}, {}};
    int delayMs = 5;
    int calls = 0;

    HealthProbe probe()
    {
        return [this](ProbeCompletion done) {
            ++calls;
            QTimer::singleShot(delayMs,
                               [done = std::move(done), outcome = outcome] { done(outcome); });
        };
    }
};

const ProbeOutcome kGood{true, 0.01, 200, {}, {}};
const ProbeOutcome kBad{false, 0.01, 500, QStringLiteral("HTTP 500"), QStringLiteral("http_500")};

HealthThresholds fastThresholds()
{
    HealthThresholds thresholds;
    thresholds.failuresToDown = 2;
    thresholds.successesToUp = 2;
    thresholds.checkIntervalMs = 20;
    thresholds.checkTimeoutMs = 2000;
    return thresholds;
}

} // namespace

class TestServiceHealthMonitor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void servicesAreUnknownUntilChecked()
    {
        ServiceHealthMonitor monitor(fastThresholds());
        DelayedProbe probe;
        monitor.registerService(QStringLiteral("llm"), probe.probe());
        QCOMPARE(monitor.serviceNames(), QStringList{"llm"});
        QCOMPARE(monitor.serviceHealth(QStringLiteral("llm")).state, ServiceState::Unknown);
        QCOMPARE(monitor.serviceHealth(QStringLiteral("not-registered")).state,
                 ServiceState::Unknown);
        QCOMPARE(probe.calls, 0);
    }

    void asynchronousAnswerUpdatesHealth()
    {
        ServiceHealthMonitor monitor(fastThresholds());
        DelayedProbe probe;
        monitor.registerService(QStringLiteral("llm"), probe.probe());
        QSignalSpy checked(&monitor, &ServiceHealthMonitor::checked);
        monitor.checkNow();
        QCOMPARE(probe.calls, 1);
        QVERIFY(monitor.isCheckInFlight(QStringLiteral("llm")));
        QCOMPARE(monitor.serviceHealth(QStringLiteral("llm")).state, ServiceState::Unknown);
        QVERIFY(checked.wait(2000));
        QCOMPARE(checked.count(), 1);
        QCOMPARE(checked.at(0).at(0).toString(), QStringLiteral("llm"));
        const auto health = checked.at(0).at(1).value<ServiceHealth>();
        QCOMPARE(health.state, ServiceState::Up);
        QCOMPARE(health.lastStatusCode, 200);
        QVERIFY(health.lastCheck.isValid());
        QCOMPARE(monitor.serviceHealth(QStringLiteral("llm")), health);
        QVERIFY(!monitor.isCheckInFlight(QStringLiteral("llm")));
    }

    void changeSignalOnlyWhenTheStateChanges()
    {
        ServiceHealthMonitor monitor(fastThresholds());
        DelayedProbe probe;
        monitor.registerService(QStringLiteral("repo_pool"), probe.probe());
        QSignalSpy changed(&monitor, &ServiceHealthMonitor::serviceHealthChanged);
        QSignalSpy checked(&monitor, &ServiceHealthMonitor::checked);
        const auto checkAndWait = [&] {
            const qsizetype before = checked.count();
            monitor.checkNow();
            QTRY_COMPARE(checked.count(), before + 1);
        };
        checkAndWait();
        checkAndWait();
        checkAndWait();
        QCOMPARE(checked.count(), 3);
        QCOMPARE(changed.count(), 1); // UNKNOWN → UP only
        QCOMPARE(changed.at(0).at(1).value<ServiceHealth>().state, ServiceState::Up);

        probe.outcome = kBad;
        checkAndWait(); // DEGRADED
        checkAndWait(); // DOWN
        checkAndWait(); // still DOWN
        QCOMPARE(changed.count(), 3);
        QCOMPARE(changed.at(1).at(1).value<ServiceHealth>().state, ServiceState::Degraded);
        QCOMPARE(changed.at(2).at(1).value<ServiceHealth>().state, ServiceState::Down);
        QCOMPARE(changed.at(2).at(1).value<ServiceHealth>().consecutiveFailures, 2);
    }

    void checkInFlightIsNotStartedTwice()
    {
        ServiceHealthMonitor monitor(fastThresholds());
        ManualProbe probe;
        monitor.registerService(QStringLiteral("llm"), probe.probe());
        monitor.checkNow();
        monitor.checkNow();
        monitor.checkNow();
        QCOMPARE(probe.calls, 1);
        probe.answer(kGood);
        QVERIFY(!monitor.isCheckInFlight(QStringLiteral("llm")));
        monitor.checkNow();
        QCOMPARE(probe.calls, 2);
    }

    void aRepeatedAnswerIsIgnored()
    {
        ServiceHealthMonitor monitor(fastThresholds());
        ProbeCompletion kept;
        monitor.registerService(QStringLiteral("llm"), [&kept](ProbeCompletion done) {
            kept = done;
            done(ProbeOutcome{true, 0.01, 200, {}, {}});
        });
        QSignalSpy checked(&monitor, &ServiceHealthMonitor::checked);
        monitor.checkNow();
        QCOMPARE(checked.count(), 1); // an answer given at once is taken at once
        kept(kBad);
        QCOMPARE(checked.count(), 1);
        QCOMPARE(monitor.serviceHealth(QStringLiteral("llm")).state, ServiceState::Up);
    }

    void startChecksAtOnceThenPeriodically()
    {
        ServiceHealthMonitor monitor(fastThresholds());
        DelayedProbe probe;
        probe.delayMs = 1;
        monitor.registerService(QStringLiteral("llm"), probe.probe());
        monitor.start();
        QVERIFY(monitor.isRunning());
        QCOMPARE(probe.calls, 1);
        QTRY_VERIFY(probe.calls >= 4);
        monitor.stop();
        QVERIFY(!monitor.isRunning());
        const int callsAtStop = probe.calls;
        QTest::qWait(100);
        QCOMPARE(probe.calls, callsAtStop);
    }

    void answerArrivingAfterStopIsIgnored()
    {
        ServiceHealthMonitor monitor(fastThresholds());
        ManualProbe probe;
        monitor.registerService(QStringLiteral("llm"), probe.probe());
        QSignalSpy checked(&monitor, &ServiceHealthMonitor::checked);
        monitor.start();
        QCOMPARE(probe.calls, 1);
        monitor.stop();
        QVERIFY(!monitor.isCheckInFlight(QStringLiteral("llm")));
        probe.answer(kGood);
        QCOMPARE(checked.count(), 0);
        QCOMPARE(monitor.serviceHealth(QStringLiteral("llm")).state, ServiceState::Unknown);

        // A check started after the stop is taken as usual.
        monitor.checkNow();
        QCOMPARE(probe.calls, 2);
        probe.answer(kGood);
        QCOMPARE(checked.count(), 1);
        QCOMPARE(monitor.serviceHealth(QStringLiteral("llm")).state, ServiceState::Up);
    }

    void probeThatNeverAnswersTimesOut()
    {
        HealthThresholds thresholds = fastThresholds();
        thresholds.checkTimeoutMs = 50;
        ServiceHealthMonitor monitor(thresholds);
        ManualProbe probe;
        monitor.registerService(QStringLiteral("artifact_store"), probe.probe());
        QSignalSpy checked(&monitor, &ServiceHealthMonitor::checked);
        monitor.checkNow();
        QVERIFY(checked.wait(2000));
        const auto health = checked.at(0).at(1).value<ServiceHealth>();
        QCOMPARE(health.state, ServiceState::Degraded);
        QCOMPARE(health.lastErrorType, QStringLiteral("timeout"));
        QVERIFY(health.lastError.contains(QStringLiteral("50 ms")));
        QCOMPARE(health.latencySeconds, 0.05);
        QVERIFY(!monitor.isCheckInFlight(QStringLiteral("artifact_store")));

        probe.answer(kGood); // far too late
        QCOMPARE(checked.count(), 1);
        QCOMPARE(monitor.serviceHealth(QStringLiteral("artifact_store")).state,
                 ServiceState::Degraded);
    }

    void stoppedCheckDoesNotTimeOutLater()
    {
        HealthThresholds thresholds = fastThresholds();
        thresholds.checkTimeoutMs = 30;
        ServiceHealthMonitor monitor(thresholds);
        ManualProbe probe;
        monitor.registerService(QStringLiteral("llm"), probe.probe());
        QSignalSpy checked(&monitor, &ServiceHealthMonitor::checked);
        monitor.start();
        monitor.stop();
        QTest::qWait(100);
        QCOMPARE(checked.count(), 0);
    }

    void latencyIsMeasuredWhenTheProbeGivesNone()
    {
        ServiceHealthMonitor monitor(fastThresholds());
        DelayedProbe probe;
        probe.delayMs = 60;
        probe.outcome = ProbeOutcome{true, std::nullopt, 200, {}, {}};
        monitor.registerService(QStringLiteral("llm"), probe.probe());
        QSignalSpy checked(&monitor, &ServiceHealthMonitor::checked);
        monitor.checkNow();
        QVERIFY(checked.wait(2000));
        const double latency = checked.at(0).at(1).value<ServiceHealth>().latencySeconds;
        QVERIFY2(latency >= 0.05 && latency < 1.0, qPrintable(QString::number(latency)));
    }

    void slowAnswersDegradeTheService()
    {
        HealthThresholds thresholds = fastThresholds();
        thresholds.degradedLatencySeconds = 0.5;
        ServiceHealthMonitor monitor(thresholds);
        ManualProbe probe;
        monitor.registerService(QStringLiteral("llm"), probe.probe());
        monitor.checkNow();
        probe.answer(ProbeOutcome{true, 0.9, 200, {}, {}});
        QCOMPARE(monitor.serviceHealth(QStringLiteral("llm")).state, ServiceState::Degraded);
    }

    void readinessNeedsEveryRequiredServiceUp()
    {
        HealthThresholds thresholds = fastThresholds();
        thresholds.failuresToDown = 1;
        ServiceHealthMonitor monitor(thresholds);
        ManualProbe good;
        ManualProbe bad;
        monitor.registerService(QStringLiteral("task_registry"), good.probe());
        monitor.registerService(QStringLiteral("llm"), bad.probe());
        QVERIFY(!monitor.isReady({QStringLiteral("task_registry")})); // UNKNOWN is not ready
        QVERIFY(monitor.isReady({}));

        monitor.checkNow();
        good.answer(kGood);
        bad.answer(kBad);
        QVERIFY(monitor.isReady({QStringLiteral("task_registry")}));
        QVERIFY(!monitor.isReady({QStringLiteral("task_registry"), QStringLiteral("llm")}));
        QVERIFY(!monitor.isReady({QStringLiteral("task_registry"), QStringLiteral("missing")}));
        const Readiness readiness =
            monitor.readiness({QStringLiteral("task_registry"), QStringLiteral("llm")});
        QCOMPARE(readiness.notUp(), QStringList{"llm"});
        QCOMPARE(readiness.required.value(QStringLiteral("llm")), ServiceState::Down);
    }

    void statusSnapshotHasEveryServiceAndIsUnhealthyWhenOneIsDown()
    {
        HealthThresholds thresholds = fastThresholds();
        thresholds.failuresToDown = 1;
        ServiceHealthMonitor monitor(thresholds);
        ManualProbe good;
        ManualProbe bad;
        monitor.registerService(QStringLiteral("task_registry"), good.probe());
        monitor.registerService(QStringLiteral("llm"), bad.probe());

        HealthStatus status = monitor.status();
        QVERIFY(status.healthy);
        QVERIFY(!status.lastCheck.isValid());
        QCOMPARE(status.externalServices.size(), 2);
        QCOMPARE(status.externalServices.value("llm").state, ServiceState::Unknown);

        monitor.checkNow();
        good.answer(kGood);
        QVERIFY(monitor.status().healthy);
        bad.answer(kBad);
        status = monitor.status();
        QVERIFY(!status.healthy);
        QCOMPARE(status.externalServices.value("llm").state, ServiceState::Down);
        QCOMPARE(status.lastCheck, status.externalServices.value("llm").lastCheck);
        QVERIFY(status.uptimeSeconds >= 0.0);
    }

    void reRegisteringForgetsTheOldProbesCheck()
    {
        ServiceHealthMonitor monitor(fastThresholds());
        ManualProbe oldProbe;
        ManualProbe newProbe;
        monitor.registerService(QStringLiteral("llm"), oldProbe.probe());
        monitor.checkNow();
        monitor.registerService(QStringLiteral("llm"), newProbe.probe());
        QVERIFY(!monitor.isCheckInFlight(QStringLiteral("llm")));
        oldProbe.answer(kBad);
        QCOMPARE(monitor.serviceHealth(QStringLiteral("llm")).state, ServiceState::Unknown);
        monitor.checkNow();
        QCOMPARE(newProbe.calls, 1);
        newProbe.answer(kGood);
        QCOMPARE(monitor.serviceHealth(QStringLiteral("llm")).state, ServiceState::Up);
    }

    void answerAfterTheMonitorIsGoneIsHarmless()
    {
        ManualProbe probe;
        {
            ServiceHealthMonitor monitor(fastThresholds());
            monitor.registerService(QStringLiteral("llm"), probe.probe());
            monitor.checkNow();
        }
        probe.answer(kGood);
        QCOMPARE(probe.calls, 1);
    }

    void newIntervalAppliesToARunningMonitor()
    {
        HealthThresholds thresholds = fastThresholds();
        thresholds.checkIntervalMs = 60000;
        ServiceHealthMonitor monitor(thresholds);
        DelayedProbe probe;
        probe.delayMs = 1;
        monitor.registerService(QStringLiteral("llm"), probe.probe());
        monitor.start();
        QTest::qWait(50);
        QCOMPARE(probe.calls, 1);
        thresholds.checkIntervalMs = 10;
        monitor.setThresholds(thresholds);
        QCOMPARE(monitor.thresholds(), thresholds);
        QTRY_VERIFY(probe.calls >= 3);
    }
};

QTEST_GUILESS_MAIN(TestServiceHealthMonitor)
#include "test_service_health_monitor.moc"
