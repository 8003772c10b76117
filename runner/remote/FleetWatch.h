// Watches a fleet through its Task Registry: asks for the worker list (GET /workers) every
// interval and hands it on. A registry that cannot be reached is said once (and its return once),
// not at every poll; the polls themselves are not logged.
#pragma once

#include "core/RunnerConfig.h"
#include "net/HttpClient.h"
#include "net/TaskRegistryClient.h"
#include "remote/FleetWorker.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>

#include <memory>

namespace necrocode {

class FleetWatch : public QObject
{
    Q_OBJECT

public:
    explicit FleetWatch(QObject *parent = nullptr);

    // The registry to ask from now on (an empty URL stops the watch); asks at once.
    void setRegistry(const ServiceEndpoint &registry);
    const ServiceEndpoint &registry() const { return m_endpoint; }
    void setIntervalMs(int intervalMs);
    int intervalMs() const { return m_timer.interval(); }
    // Asks now (unless a request is under way).
    void poll();

Q_SIGNALS:
    // The registry's list, after every answered poll.
    void listed(const QList<necrocode::FleetWorker> &workers);
    // The registry stopped answering (`error` says why) or answers again.
    void reachabilityChanged(bool reachable, const QString &error);

private:
    ServiceEndpoint m_endpoint;
    QNetworkAccessManager m_network;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<TaskRegistryClient> m_client;
    QTimer m_timer;
    HttpCallHandle m_call;
    bool m_reachable = true;
    quint64 m_generation = 0; // of the registry asked
};

} // namespace necrocode
