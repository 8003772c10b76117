#include "fleet/FleetFollower.h"

#include "common/PanelFormatting.h"
#include "fleet/WorkerAttachment.h"

#include <QDateTime>

namespace necrocode {

FleetFollower::FleetFollower(Attachments attachments, QObject *parent)
    : QObject(parent), m_attachments(std::move(attachments))
{
    connect(&m_watch, &FleetWatch::listed, this, &FleetFollower::onListed);
    // Shown above the fleet's table, not as a notice: the task intake already tells the user
    // once when the registry cannot be reached.
    connect(&m_watch, &FleetWatch::reachabilityChanged, this,
            [this](bool reachable, const QString &error) {
                m_problem = reachable ? QString()
                                      : tr("The Task Registry at %1 does not list its workers: %2")
                                            .arg(m_watch.registry().url, error);
                Q_EMIT problemChanged(m_problem);
            });
}

QUrl FleetFollower::urlOf(const FleetWorker &worker)
{
    QUrl url = worker.healthUrl;
    if (!url.isValid() || url.host().isEmpty())
        return {};
    // A worker that listens on every interface names no address of its own: reach it at its
    // host name.
    const QString host = url.host();
    if ((host == QLatin1String("0.0.0.0") || host == QLatin1String("::")) && !worker.host.isEmpty())
        url.setHost(worker.host);
    return url;
}

QString FleetFollower::labelOf(const FleetWorker &worker)
{
    const QUrl url = urlOf(worker);
    return url.isValid() ? WorkerAttachment::labelFor(url) : QString();
}

void FleetFollower::setRegistry(const ServiceEndpoint &registry)
{
    if (registry == m_watch.registry())
        return;
    detachFollowed(); // what this follower attached belongs to the previous registry's fleet
    m_declined.clear();
    m_workers.clear();
    if (!m_problem.isEmpty()) {
        m_problem.clear();
        Q_EMIT problemChanged(m_problem);
    }
    Q_EMIT workersChanged(m_workers);
    m_watch.setRegistry(registry);
}

void FleetFollower::setAttachToAll(bool on)
{
    if (on == m_attachToAll)
        return;
    m_attachToAll = on;
    m_declined.clear();
    if (on)
        onListed(m_workers);
    else
        detachFollowed();
}

void FleetFollower::onListed(const QList<FleetWorker> &workers)
{
    const QStringList attached = m_attachments.attached();
    // A worker this follower attached that is attached no more was detached by the user.
    m_followed.removeIf([&](const QString &label) {
        if (attached.contains(label))
            return false;
        m_declined.insert(label);
        return true;
    });
    QHash<QString, const FleetWorker *> listedBefore;
    for (const FleetWorker &worker : std::as_const(m_workers))
        listedBefore.insert(worker.id, &worker);
    for (const FleetWorker &worker : workers)
        follow(worker, listedBefore.value(worker.id), attached);
    m_workers = workers;
    Q_EMIT workersChanged(m_workers);
}

void FleetFollower::follow(const FleetWorker &worker, const FleetWorker *before,
                           const QStringList &attached)
{
    const QString label = labelOf(worker);
    if (label.isEmpty())
        return;
    const QString previous = before ? labelOf(*before) : QString();
    if (!previous.isEmpty() && previous != label) {
        // The same worker came back on another address (a restart on a new port): what was
        // followed at the old one ends there.
        if (m_followed.remove(previous) && attached.contains(previous)) {
            m_attachments.markLost(previous,
                                   QStringLiteral("the worker restarted at %1").arg(label));
            m_attachments.detach(previous);
        }
    }
    const bool changed = !before || before->state != worker.state;
    const bool isAttached = attached.contains(label);
    switch (worker.state) {
    case FleetWorkerState::Active:
        if (m_attachToAll && !isAttached && !m_declined.contains(label)) {
            m_followed.insert(label);
            m_attachments.attach(urlOf(worker));
        }
        break;
    case FleetWorkerState::Lost:
        if (!changed || !before)
            break; // lost before this console saw it, or already marked
        Q_EMIT notice(tr("The worker %1 (%2) was lost: no heartbeat since %3.")
                          .arg(worker.id, label, PanelFormatting::clockTime(worker.lastSeenMs)),
                      true);
        if (isAttached)
            // The reason goes into the log and the run's error, both in English.
            m_attachments.markLost(
                label, QStringLiteral("no heartbeat since %1; the registry puts its tasks back "
                                      "in the queue")
                           .arg(QDateTime::fromMSecsSinceEpoch(worker.lastSeenMs, Qt::UTC)
                                    .toString(Qt::ISODate)));
        break;
    case FleetWorkerState::Stopped:
        if (changed && m_followed.remove(label) && isAttached)
            m_attachments.detach(label);
        break;
    }
}

void FleetFollower::detachFollowed()
{
    const QStringList attached = m_attachments.attached();
    for (const QString &label : std::as_const(m_followed))
        if (attached.contains(label))
            m_attachments.detach(label);
    m_followed.clear();
}

} // namespace necrocode
