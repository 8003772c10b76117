// The threshold state machine of SPEC §3.3: sequences of good, slow and failed checks.
#include "health/ServiceHealthTransition.h"

#include <QTest>

using namespace necrocode;

namespace {

const QDateTime kCheckTime = QDateTime::fromMSecsSinceEpoch(1764265321123, Qt::UTC);

ProbeOutcome outcomeFor(const QString &token)
{
    if (token == QLatin1StringView("ok"))
        return ProbeOutcome{true, 0.1, 200, {}, {}};
    if (token == QLatin1StringView("slow"))
        return ProbeOutcome{true, 5.0, 200, {}, {}};
    return ProbeOutcome{false, 0.2, 503, QStringLiteral("HTTP 503"), QStringLiteral("http_503")};
}

} // namespace

class TestServiceHealthTransition : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sequences_data()
    {
        QTest::addColumn<int>("failuresToDown");
        QTest::addColumn<int>("successesToUp");
        QTest::addColumn<double>("degradedLatency");
        QTest::addColumn<QString>("checks");
        QTest::addColumn<QString>("expectedStates");

        QTest::newRow("first good check is UP") << 3 << 2 << 1.0 << "ok"
                                                << "UP";
        QTest::newRow("first failure is DEGRADED") << 3 << 2 << 1.0 << "fail"
                                                   << "DEGRADED";
        QTest::newRow("first slow check is DEGRADED") << 3 << 2 << 1.0 << "slow"
                                                      << "DEGRADED";
        QTest::newRow("failures below N degrade, N-th is DOWN")
            << 3 << 2 << 1.0 << "ok fail fail fail"
            << "UP DEGRADED DEGRADED DOWN";
        QTest::newRow("DOWN stays DOWN on more failures") << 3 << 2 << 1.0 << "fail fail fail fail"
                                                          << "DEGRADED DEGRADED DOWN DOWN";
        QTest::newRow("a good check ends DEGRADED from failures") << 3 << 2 << 1.0 << "ok fail ok"
                                                                  << "UP DEGRADED UP";
        QTest::newRow("a good check resets the failure count")
            << 3 << 2 << 1.0 << "fail fail ok fail fail"
            << "DEGRADED DEGRADED UP DEGRADED DEGRADED";
        QTest::newRow("M good checks bring DOWN back UP") << 3 << 2 << 1.0 << "fail fail fail ok ok"
                                                          << "DEGRADED DEGRADED DOWN DOWN UP";
        QTest::newRow("a failure while recovering keeps DOWN and restarts the count")
            << 3 << 2 << 1.0 << "fail fail fail ok fail ok ok"
            << "DEGRADED DEGRADED DOWN DOWN DOWN DOWN UP";
        QTest::newRow("slow recovery from DOWN is DEGRADED once M is reached")
            << 3 << 2 << 1.0 << "fail fail fail slow slow ok"
            << "DEGRADED DEGRADED DOWN DOWN DEGRADED UP";
        QTest::newRow("slow then fast") << 3 << 2 << 1.0 << "ok slow ok"
                                        << "UP DEGRADED UP";
        QTest::newRow("N=1 and M=1 switch at once") << 1 << 1 << 1.0 << "ok fail ok fail"
                                                    << "UP DOWN UP DOWN";
        QTest::newRow("M=3 needs three good checks") << 1 << 3 << 1.0 << "fail ok ok ok"
                                                     << "DOWN DOWN DOWN UP";
        QTest::newRow("thresholds below 1 count as 1") << 0 << 0 << 1.0 << "fail ok"
                                                       << "DOWN UP";
        QTest::newRow("latency limit 0 disables DEGRADED for slowness")
            << 3 << 2 << 0.0 << "slow slow"
            << "UP UP";
    }

    void sequences()
    {
        QFETCH(int, failuresToDown);
        QFETCH(int, successesToUp);
        QFETCH(double, degradedLatency);
        QFETCH(QString, checks);
        QFETCH(QString, expectedStates);

        HealthThresholds thresholds;
        thresholds.failuresToDown = failuresToDown;
        thresholds.successesToUp = successesToUp;
        thresholds.degradedLatencySeconds = degradedLatency;

        const QStringList tokens = checks.split(u' ');
        const QStringList expected = expectedStates.split(u' ');
        QCOMPARE(tokens.size(), expected.size());
        ServiceHealth health;
        QCOMPARE(health.state, ServiceState::Unknown);
        QStringList actual;
        for (const QString &token : tokens) {
            health = nextServiceHealth(health, outcomeFor(token), thresholds, kCheckTime);
            actual.append(QString(serviceStateName(health.state)));
        }
        QCOMPARE(actual, expected);
    }

    void countsErrorsAndFactsOfTheLastCheck()
    {
        const HealthThresholds thresholds;
        ServiceHealth health;
        health =
            nextServiceHealth(health, outcomeFor(QStringLiteral("fail")), thresholds, kCheckTime);
        health =
            nextServiceHealth(health, outcomeFor(QStringLiteral("fail")), thresholds, kCheckTime);
        QCOMPARE(health.consecutiveFailures, 2);
        QCOMPARE(health.consecutiveSuccesses, 0);
        QCOMPARE(health.lastError, QStringLiteral("HTTP 503"));
        QCOMPARE(health.lastErrorType, QStringLiteral("http_503"));
        QCOMPARE(health.lastStatusCode, 503);
        QCOMPARE(health.latencySeconds, 0.2);
        QCOMPARE(health.lastCheck, kCheckTime);

        const QDateTime later = kCheckTime.addSecs(30);
        health =
            nextServiceHealth(health, ProbeOutcome{true, 0.05, 204, {}, {}}, thresholds, later);
        QCOMPARE(health.consecutiveFailures, 0);
        QCOMPARE(health.consecutiveSuccesses, 1);
        QVERIFY(health.lastError.isEmpty());
        QVERIFY(health.lastErrorType.isEmpty());
        QCOMPARE(health.lastStatusCode, 204);
        QCOMPARE(health.latencySeconds, 0.05);
        QCOMPARE(health.lastCheck, later);
    }

    void failureWithoutMessageStillHasAnError()
    {
        const ServiceHealth health =
            nextServiceHealth(ServiceHealth{}, ProbeOutcome{}, HealthThresholds{}, kCheckTime);
        QVERIFY(!health.lastError.isEmpty());
        QCOMPARE(health.latencySeconds, 0.0);
    }

    void checkTimeIsStoredInUtc()
    {
        const QDateTime local =
            QDateTime::fromMSecsSinceEpoch(1764265321123, Qt::OffsetFromUTC, 3600);
        const ServiceHealth health = nextServiceHealth(
            ServiceHealth{}, outcomeFor(QStringLiteral("ok")), HealthThresholds{}, local);
        QCOMPARE(health.lastCheck.timeSpec(), Qt::UTC);
        QCOMPARE(health.lastCheck, kCheckTime);
    }

    void validationNamesTheField_data()
    {
        QTest::addColumn<int>("field");
        QTest::addColumn<QString>("name");
        QTest::newRow("failures") << 0 << "failures_to_down";
        QTest::newRow("successes") << 1 << "successes_to_up";
        QTest::newRow("interval") << 2 << "check_interval_ms";
        QTest::newRow("timeout") << 3 << "check_timeout_ms";
    }

    void validationNamesTheField()
    {
        QFETCH(int, field);
        QFETCH(QString, name);
        QVERIFY(HealthThresholds{}.validate().ok());
        HealthThresholds thresholds;
        int *fields[] = {&thresholds.failuresToDown, &thresholds.successesToUp,
                         &thresholds.checkIntervalMs, &thresholds.checkTimeoutMs};
        *fields[field] = 0;
        const Status status = thresholds.validate();
        QVERIFY(!status.ok());
        QVERIFY2(status.errorMessage().contains(name), qPrintable(status.errorMessage()));
    }
};

QTEST_GUILESS_MAIN(TestServiceHealthTransition)
#include "test_service_health_transition.moc"
