// Follows a fleet through its Task Registry's worker list: with "attach to all" on, every
// active worker is attached as it appears (its /logs, /health and /metrics followed), a worker
// the registry declares lost is marked lost (its unfinished runs end as worker_lost, its tasks go
// back to the queue) and one that said goodbye is detached; a worker listed again at another
// address (restarted on a new port) is followed there only, and another registry's fleet
// replaces this one's. A worker the user detached is left alone until "attach to all" is
// switched on again. A lost worker is said once, a registry that
// does not answer is kept as problem() until it answers again, not repeated at every poll.
#pragma once

#include "core/RunnerConfig.h"
#include "remote/FleetWatch.h"
#include "remote/FleetWorker.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QUrl>

#include <functional>

namespace necrocode {

class FleetFollower : public QObject
{
    Q_OBJECT

public:
    // What following does to the console's attachments, by worker label (host:port).
    struct Attachments
    {
        std::function<void(const QUrl &workerUrl)> attach;
        std::function<void(const QString &label)> detach;
        std::function<void(const QString &label, const QString &reason)> markLost;
        std::function<QStringList()> attached;
    };

    explicit FleetFollower(Attachments attachments, QObject *parent = nullptr);

    void setRegistry(const ServiceEndpoint &registry);
    QString registryUrl() const { return m_watch.registry().url; }
    void setAttachToAll(bool on);
    bool attachesToAll() const { return m_attachToAll; }
    void setPollIntervalMs(int intervalMs) { m_watch.setIntervalMs(intervalMs); }

    // The registry's last list.
    const QList<FleetWorker> &workers() const { return m_workers; }
    // Why the list is not current (the registry does not answer), or empty.
    const QString &problem() const { return m_problem; }
    // The label under which a worker's attachment appears, e.g. in the health panel.
    static QString labelOf(const FleetWorker &worker);
    // Where the console reaches the worker: its health URL, with its host name in place of an
    // every-interface address (0.0.0.0, ::).
    static QUrl urlOf(const FleetWorker &worker);

Q_SIGNALS:
    void workersChanged(const QList<necrocode::FleetWorker> &workers);
    void problemChanged(const QString &problem);
    void notice(const QString &text, bool isError);

private:
    void onListed(const QList<FleetWorker> &workers);
    // `before` is the worker as the previous list had it, or null.
    void follow(const FleetWorker &worker, const FleetWorker *before, const QStringList &attached);
    // Detaches the workers attached automatically (switched off).
    void detachFollowed();

    Attachments m_attachments;
    FleetWatch m_watch;
    QList<FleetWorker> m_workers; // the last list: states and addresses are compared with it
    QSet<QString> m_followed;     // labels this follower attached
    QSet<QString> m_declined;     // labels the user detached
    QString m_problem;
    bool m_attachToAll = true;
};

} // namespace necrocode
