// A `serve` worker's heartbeat to the Task Registry: every fleet.heartbeat_seconds it sends who
// and where it is (host, version, health URL), its capacity, the tasks it runs with their phase
// and how many it finished, so that the registry's worker list (and the console's fleet view)
// sees it; goodbye() says it stops. A registry out of reach is logged once, and its return.
#pragma once

#include "core/RunnerConfig.h"
#include "log/Logger.h"
#include "net/HttpClient.h"
#include "net/TaskRegistryClient.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>

namespace necrocode {

class RunnerPool;

class WorkerHeartbeat : public QObject
{
    Q_OBJECT

public:
    WorkerHeartbeat(RunnerPool &pool, const RunnerConfig &config, QString workerId, Logger logger,
                    QObject *parent = nullptr);

    // Beats now and then every interval; `healthUrl` is where the worker serves /health.
    void start(const QUrl &healthUrl);
    // The last heartbeat, marked stopping; `done` runs once it is answered or after a few
    // seconds without an answer.
    void goodbye(std::function<void()> done);

    // What the next heartbeat sends.
    QJsonObject body(bool stopping) const;

private:
    void beat();

    RunnerPool &m_pool;
    QString m_workerId;
    int m_intervalSeconds;
    Logger m_logger;
    QNetworkAccessManager m_network;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<TaskRegistryClient> m_registry;
    QTimer m_timer;
    QUrl m_healthUrl;
    qint64 m_completed = 0;
    bool m_unreachable = false;
    HttpCallHandle m_call;
};

} // namespace necrocode
