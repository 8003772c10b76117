// Checks registered external services periodically or on demand, without blocking, and keeps
// their health with the thresholds. Lives in the thread that created it; probes answer there.
#pragma once

#include "health/HealthProbe.h"
#include "health/HealthStatus.h"
#include "health/HealthThresholds.h"
#include "health/Readiness.h"
#include "health/ServiceHealth.h"

#include <QElapsedTimer>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <map>

namespace necrocode {

class ServiceHealthMonitor : public QObject
{
    Q_OBJECT

public:
    explicit ServiceHealthMonitor(HealthThresholds thresholds = {}, QObject *parent = nullptr);
    ~ServiceHealthMonitor() override;

    const HealthThresholds &thresholds() const { return m_thresholds; }
    // A new interval takes effect at once: a running periodic timer restarts with it.
    void setThresholds(const HealthThresholds &thresholds);

    // Adds a service (UNKNOWN until checked) or replaces its probe; a check of the old probe
    // still in flight is forgotten.
    void registerService(const QString &name, HealthProbe probe);
    QStringList serviceNames() const;
    // UNKNOWN for a service that is not registered.
    ServiceHealth serviceHealth(const QString &name) const;
    bool isCheckInFlight(const QString &name) const;
    bool isRunning() const { return m_interval.isActive(); }

    // Snapshot: every service, the uptime of the monitor, the latest check time, and healthy
    // unless a service is DOWN. The caller adds the runner's identity and state.
    HealthStatus status() const;
    // A service that is not registered counts as UNKNOWN, hence not ready.
    Readiness readiness(const QStringList &requiredServices) const;
    bool isReady(const QStringList &requiredServices) const;

public Q_SLOTS:
    // Checks every service at once, then every checkIntervalMs until stop().
    void start();
    // Stops the periodic checks; outcomes of checks still in flight are ignored.
    void stop();
    // Checks every service that has no check in flight.
    void checkNow();

Q_SIGNALS:
    // The state of a service changed (UNKNOWN → UP, UP → DEGRADED, ...).
    void serviceHealthChanged(const QString &name, const necrocode::ServiceHealth &health);
    // A check of a service finished (after serviceHealthChanged when the state changed).
    void checked(const QString &name, const necrocode::ServiceHealth &health);

private:
    struct Service
    {
        HealthProbe probe;
        ServiceHealth health;
        quint64 inFlightCheck = 0; // id of the running check; 0 when none
        QElapsedTimer clock;       // started with the running check
        QTimer *timeout = nullptr; // child of the monitor
    };

    void startCheck(const QString &name);
    void finishCheck(const QString &name, quint64 checkId, ProbeOutcome outcome);
    void timeOut(const QString &name);

    HealthThresholds m_thresholds;
    std::map<QString, Service> m_services;
    QTimer m_interval;
    QElapsedTimer m_uptime;
    quint64 m_lastCheckId = 0;
};

} // namespace necrocode
