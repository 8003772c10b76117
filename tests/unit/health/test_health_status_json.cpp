// The JSON of HealthStatus, ServiceHealth and Readiness: the earlier to_dict keys, extended with
// the richer per-service object, with states as names.
#include "health/HealthStatus.h"
#include "health/Readiness.h"

#include <QJsonArray>
#include <QTest>

using namespace necrocode;

namespace {

const QDateTime kCheckTime = QDateTime::fromMSecsSinceEpoch(1764265321123, Qt::UTC);

QStringList sortedKeys(const QJsonObject &object)
{
    QStringList keys = object.keys();
    keys.sort();
    return keys;
}

} // namespace

class TestHealthStatusJson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void statusHasTheEarlierKeysAndTheSpecName()
    {
        HealthStatus status;
        status.healthy = false;
        status.runnerState = QStringLiteral("running");
        status.runnerId = QStringLiteral("runner-1");
        status.currentTaskId = QStringLiteral("1.1");
        status.currentSpecName = QStringLiteral("chat-app");
        status.uptimeSeconds = 12.5;
        status.lastCheck = kCheckTime;
        status.details.insert(QStringLiteral("pid"), 42);
        const QJsonObject json = status.toJson();

        QCOMPARE(sortedKeys(json), (QStringList{"current_spec_name", "current_task_id", "details",
                                                "external_services", "healthy", "last_check",
                                                "runner_id", "state", "uptime_seconds"}));
        QCOMPARE(json.value("healthy"), QJsonValue(false));
        QCOMPARE(json.value("state"), QJsonValue("running"));
        QCOMPARE(json.value("runner_id"), QJsonValue("runner-1"));
        QCOMPARE(json.value("current_task_id"), QJsonValue("1.1"));
        QCOMPARE(json.value("current_spec_name"), QJsonValue("chat-app"));
        QCOMPARE(json.value("uptime_seconds"), QJsonValue(12.5));
        QCOMPARE(json.value("last_check"), QJsonValue("2025-11-27T17:42:01.123+00:00"));
        QCOMPARE(json.value("details").toObject().value("pid"), QJsonValue(42));
        QVERIFY(json.value("external_services").toObject().isEmpty());
    }

    void unknownIdsAndTimesAreNull()
    {
        const QJsonObject json = HealthStatus{}.toJson();
        QCOMPARE(json.value("healthy"), QJsonValue(true));
        QCOMPARE(json.value("state"), QJsonValue("idle"));
        for (const char *key : {"runner_id", "current_task_id", "current_spec_name", "last_check"})
            QVERIFY2(json.value(QLatin1StringView(key)).isNull(), key);
    }

    void serviceObjectIsTheRicherShape()
    {
        ServiceHealth health;
        health.state = ServiceState::Degraded;
        health.latencySeconds = 0.25;
        health.lastCheck = kCheckTime;
        health.consecutiveFailures = 1;
        health.lastError = QStringLiteral("HTTP 503 Service Unavailable");
        health.lastErrorType = QStringLiteral("http_503");
        health.lastStatusCode = 503;
        HealthStatus status;
        status.externalServices.insert(QStringLiteral("repo_pool"), health);
        const QJsonObject service =
            status.toJson().value("external_services").toObject().value("repo_pool").toObject();

        QCOMPARE(sortedKeys(service),
                 (QStringList{"consecutive_failures", "consecutive_successes", "last_check",
                              "last_error", "last_error_type", "last_status_code",
                              "latency_seconds", "state"}));
        QCOMPARE(service.value("state"), QJsonValue("DEGRADED"));
        QCOMPARE(service.value("latency_seconds"), QJsonValue(0.25));
        QCOMPARE(service.value("last_check"), QJsonValue("2025-11-27T17:42:01.123+00:00"));
        QCOMPARE(service.value("consecutive_failures"), QJsonValue(1));
        QCOMPARE(service.value("consecutive_successes"), QJsonValue(0));
        QCOMPARE(service.value("last_error"), QJsonValue("HTTP 503 Service Unavailable"));
        QCOMPARE(service.value("last_error_type"), QJsonValue("http_503"));
        QCOMPARE(service.value("last_status_code"), QJsonValue(503));
    }

    void uncheckedServiceIsUnknownWithNulls()
    {
        const QJsonObject json = ServiceHealth{}.toJson();
        QCOMPARE(json.value("state"), QJsonValue("UNKNOWN"));
        for (const char *key :
             {"latency_seconds", "last_check", "last_error", "last_error_type", "last_status_code"})
            QVERIFY2(json.value(QLatin1StringView(key)).isNull(), key);
        QCOMPARE(json.value("consecutive_failures"), QJsonValue(0));
    }

    void stateNamesRoundTrip_data()
    {
        QTest::addColumn<ServiceState>("state");
        QTest::addColumn<QString>("name");
        QTest::newRow("up") << ServiceState::Up << "UP";
        QTest::newRow("degraded") << ServiceState::Degraded << "DEGRADED";
        QTest::newRow("down") << ServiceState::Down << "DOWN";
        QTest::newRow("unknown") << ServiceState::Unknown << "UNKNOWN";
    }

    void stateNamesRoundTrip()
    {
        QFETCH(ServiceState, state);
        QFETCH(QString, name);
        QCOMPARE(QString(serviceStateName(state)), name);
        QCOMPARE(parseServiceState(name), std::optional(state));
        QCOMPARE(parseServiceState(name.toLower()), std::optional(state));
    }

    void unknownStateNameIsRejected()
    {
        QCOMPARE(parseServiceState(u"SIDEWAYS"), std::nullopt);
        QCOMPARE(parseServiceState(u""), std::nullopt);
    }

    void updateServiceStatusAppliesThresholds()
    {
        HealthStatus status;
        status.updateServiceStatus(QStringLiteral("llm"), true, 0.1);
        QCOMPARE(status.externalServices.value("llm").state, ServiceState::Up);
        QVERIFY(status.lastCheck.isValid());
        QCOMPARE(status.lastCheck, status.externalServices.value("llm").lastCheck);

        const QString error = QStringLiteral("connection refused");
        status.updateServiceStatus(QStringLiteral("llm"), false, 0.0, error);
        QCOMPARE(status.externalServices.value("llm").state, ServiceState::Degraded);
        status.updateServiceStatus(QStringLiteral("llm"), false, 0.0, error);
        const ServiceHealth &down =
            status.updateServiceStatus(QStringLiteral("llm"), false, 0.0, error);
        QCOMPARE(down.state, ServiceState::Down); // default N = 3
        QCOMPARE(down.lastError, error);

        HealthThresholds strict;
        strict.failuresToDown = 1;
        status.updateServiceStatus(QStringLiteral("repo_pool"), false, 0.0, error, strict);
        QCOMPARE(status.externalServices.value("repo_pool").state, ServiceState::Down);
    }

    void updateServiceStatusRecordsTheGivenTime()
    {
        HealthStatus status;
        status.updateServiceStatus(QStringLiteral("task_registry"),
                                   ProbeOutcome{true, 0.01, 200, {}, {}}, HealthThresholds{},
                                   kCheckTime);
        QCOMPARE(status.lastCheck, kCheckTime);
        QCOMPARE(status.toJson()
                     .value("external_services")
                     .toObject()
                     .value("task_registry")
                     .toObject()
                     .value("last_status_code"),
                 QJsonValue(200));
    }

    void readinessJsonNamesServicesThatAreNotUp()
    {
        Readiness readiness;
        readiness.required.insert(QStringLiteral("task_registry"), ServiceState::Up);
        readiness.required.insert(QStringLiteral("llm"), ServiceState::Down);
        readiness.required.insert(QStringLiteral("repo_pool"), ServiceState::Unknown);
        QVERIFY(!readiness.ready());
        QCOMPARE(readiness.notUp(), (QStringList{"llm", "repo_pool"}));
        const QJsonObject json = readiness.toJson();
        QCOMPARE(json.value("ready"), QJsonValue(false));
        QCOMPARE(json.value("not_up").toArray(), (QJsonArray{"llm", "repo_pool"}));
        QCOMPARE(json.value("services").toObject().value("llm"), QJsonValue("DOWN"));
        QCOMPARE(json.value("services").toObject().value("task_registry"), QJsonValue("UP"));
    }

    void readinessWithAllUpOrNoneRequiredIsReady()
    {
        QVERIFY(Readiness{}.ready());
        Readiness readiness;
        readiness.required.insert(QStringLiteral("llm"), ServiceState::Up);
        QVERIFY(readiness.ready());
        QCOMPARE(readiness.toJson().value("ready"), QJsonValue(true));
        QVERIFY(readiness.toJson().value("not_up").toArray().isEmpty());
        readiness.required.insert(QStringLiteral("repo_pool"), ServiceState::Degraded);
        QVERIFY(!readiness.ready());
    }

    void serviceHealthReadsBackWhatItWrote()
    {
        ServiceHealth health;
        health.state = ServiceState::Degraded;
        health.latencySeconds = 2.5;
        health.lastCheck = QDateTime::fromMSecsSinceEpoch(1'790'000'000'123, Qt::UTC);
        health.consecutiveFailures = 0;
        health.consecutiveSuccesses = 4;
        health.lastError = QStringLiteral("slow");
        health.lastErrorType = QStringLiteral("timeout");
        health.lastStatusCode = 200;
        const auto read = ServiceHealth::fromJson(health.toJson());
        QVERIFY2(read.ok(), qPrintable(read.errorMessage()));
        QCOMPARE(read.value(), health);
        QCOMPARE(ServiceHealth::fromJson(ServiceHealth{}.toJson()).value(), ServiceHealth{});
    }

    void serviceHealthWithABadStateIsRejectedByName()
    {
        const auto read = ServiceHealth::fromJson(QJsonObject{{"state", "SLEEPY"}});
        QVERIFY(!read.ok());
        QVERIFY2(read.errorMessage().contains("state"), qPrintable(read.errorMessage()));
        const auto badTime =
            ServiceHealth::fromJson(QJsonObject{{"state", "UP"}, {"last_check", "yesterday"}});
        QVERIFY(!badTime.ok());
        QVERIFY(badTime.errorMessage().contains("last_check"));
    }

    void aStoppingWorkerIsNotReadyEvenWithAllServicesUp()
    {
        Readiness readiness;
        readiness.required.insert(QStringLiteral("llm"), ServiceState::Up);
        QVERIFY(!readiness.toJson().contains("stopping"));
        readiness.stopping = true;
        QVERIFY(!readiness.ready());
        QCOMPARE(readiness.toJson().value("ready"), QJsonValue(false));
        QCOMPARE(readiness.toJson().value("stopping"), QJsonValue(true));
        QVERIFY(readiness.toJson().value("not_up").toArray().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestHealthStatusJson)
#include "test_health_status_json.moc"
