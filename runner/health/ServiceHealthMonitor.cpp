#include "health/ServiceHealthMonitor.h"

#include "health/ServiceHealthTransition.h"

#include <QDateTime>
#include <QPointer>

namespace necrocode {

ServiceHealthMonitor::ServiceHealthMonitor(HealthThresholds thresholds, QObject *parent)
    : QObject(parent), m_thresholds(thresholds), m_interval(this)
{
    m_uptime.start();
    m_interval.setInterval(m_thresholds.checkIntervalMs);
    connect(&m_interval, &QTimer::timeout, this, &ServiceHealthMonitor::checkNow);
}

ServiceHealthMonitor::~ServiceHealthMonitor() = default;

void ServiceHealthMonitor::setThresholds(const HealthThresholds &thresholds)
{
    m_thresholds = thresholds;
    m_interval.setInterval(m_thresholds.checkIntervalMs);
}

void ServiceHealthMonitor::registerService(const QString &name, HealthProbe probe)
{
    Service &service = m_services[name];
    service.probe = std::move(probe);
    service.inFlightCheck = 0;
    if (service.timeout) {
        service.timeout->stop();
        return;
    }
    service.timeout = new QTimer(this);
    service.timeout->setSingleShot(true);
    connect(service.timeout, &QTimer::timeout, this, [this, name] { timeOut(name); });
}

QStringList ServiceHealthMonitor::serviceNames() const
{
    QStringList names;
    for (const auto &entry : m_services)
        names.append(entry.first);
    return names;
}

ServiceHealth ServiceHealthMonitor::serviceHealth(const QString &name) const
{
    const auto it = m_services.find(name);
    return it == m_services.end() ? ServiceHealth{} : it->second.health;
}

bool ServiceHealthMonitor::isCheckInFlight(const QString &name) const
{
    const auto it = m_services.find(name);
    return it != m_services.end() && it->second.inFlightCheck != 0;
}

HealthStatus ServiceHealthMonitor::status() const
{
    HealthStatus status;
    status.uptimeSeconds = double(m_uptime.elapsed()) / 1000.0;
    for (const auto &[name, service] : m_services) {
        status.externalServices.insert(name, service.health);
        if (service.health.state == ServiceState::Down)
            status.healthy = false;
        if (service.health.lastCheck.isValid() &&
            (!status.lastCheck.isValid() || service.health.lastCheck > status.lastCheck))
            status.lastCheck = service.health.lastCheck;
    }
    return status;
}

Readiness ServiceHealthMonitor::readiness(const QStringList &requiredServices) const
{
    Readiness readiness;
    for (const QString &name : requiredServices)
        readiness.required.insert(name, serviceHealth(name).state);
    return readiness;
}

bool ServiceHealthMonitor::isReady(const QStringList &requiredServices) const
{
    return readiness(requiredServices).ready();
}

void ServiceHealthMonitor::start()
{
    if (m_interval.isActive())
        return;
    m_interval.start();
    checkNow();
}

void ServiceHealthMonitor::stop()
{
    m_interval.stop();
    for (auto &entry : m_services) {
        entry.second.inFlightCheck = 0;
        entry.second.timeout->stop();
    }
}

void ServiceHealthMonitor::checkNow()
{
    // By name: a probe that answers at once may run slots that register services.
    const QStringList names = serviceNames();
    for (const QString &name : names)
        startCheck(name);
}

void ServiceHealthMonitor::startCheck(const QString &name)
{
    const auto it = m_services.find(name);
    if (it == m_services.end() || it->second.inFlightCheck != 0 || !it->second.probe)
        return;
    Service &service = it->second;
    const quint64 checkId = ++m_lastCheckId;
    service.inFlightCheck = checkId;
    service.clock.start();
    service.timeout->start(m_thresholds.checkTimeoutMs);
    const HealthProbe probe = service.probe; // the probe may replace itself while running
    probe([self = QPointer<ServiceHealthMonitor>(this), name, checkId](ProbeOutcome outcome) {
        if (self)
            self->finishCheck(name, checkId, std::move(outcome));
    });
}

void ServiceHealthMonitor::timeOut(const QString &name)
{
    const auto it = m_services.find(name);
    if (it == m_services.end() || it->second.inFlightCheck == 0)
        return;
    finishCheck(
        name, it->second.inFlightCheck,
        ProbeOutcome{false, double(m_thresholds.checkTimeoutMs) / 1000.0, 0,
                     QStringLiteral("no answer within %1 ms").arg(m_thresholds.checkTimeoutMs),
                     QStringLiteral("timeout")});
}

void ServiceHealthMonitor::finishCheck(const QString &name, quint64 checkId, ProbeOutcome outcome)
{
    const auto it = m_services.find(name);
    if (it == m_services.end() || it->second.inFlightCheck != checkId)
        return; // a late, repeated or abandoned answer
    Service &service = it->second;
    service.inFlightCheck = 0;
    service.timeout->stop();
    if (!outcome.latencySeconds)
        outcome.latencySeconds = double(service.clock.nsecsElapsed()) / 1e9;
    const ServiceState before = service.health.state;
    service.health =
        nextServiceHealth(service.health, outcome, m_thresholds, QDateTime::currentDateTimeUtc());
    const ServiceHealth health = service.health; // slots may change m_services
    if (health.state != before)
        Q_EMIT serviceHealthChanged(name, health);
    Q_EMIT checked(name, health);
}

} // namespace necrocode
