// Reports a run could not deliver to the Task Registry even after retrying for its whole budget:
// kept in memory and sent again every few seconds until the registry takes them, so that a
// long outage does not leave a finished task 'running' for good. Lives in the thread that
// created it; keep() may be called from any thread.
#pragma once

#include "core/RunnerConfig.h"
#include "log/Logger.h"
#include "net/HttpClient.h"
#include "net/TaskRegistryClient.h"

#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <memory>

class QNetworkAccessManager;

namespace necrocode {

struct PendingReport
{
    QString specName;
    QString taskId;
    QString leaseId; // the run's lease, when the task was claimed: the registry checks it
    QString status;  // empty: only the event is still to be sent
    QJsonObject metadata;
    QString eventType;
    QJsonObject eventData;
};

class ReportOutbox : public QObject
{
    Q_OBJECT

public:
    ReportOutbox(const ServiceEndpoint &registry, Logger logger, QObject *parent = nullptr);
    ~ReportOutbox() override;

    // Thread-safe: queues the report on this object's thread and starts delivering.
    void keep(const PendingReport &report);
    void setRetryIntervalMs(int milliseconds) { m_retry.setInterval(milliseconds); }
    // The registry the reports go to from now on (a changed setting).
    void setRegistry(const ServiceEndpoint &registry);
    int pendingCount() const { return int(m_pending.size()); }

Q_SIGNALS:
    void pendingCountChanged(int count);

private:
    void add(PendingReport report);
    void deliverNext();
    void delivered();
    // A report whose lease the registry refused (409) will never be taken: it is dropped.
    bool isRefusedLease(const Error &error) const;
    // A change the task's state no longer allows (it was done or failed meanwhile): 409 without
    // naming a lease. Sending it again cannot succeed.
    bool isRefusedTransition(const Error &error) const;
    void dropRefused(const QString &reason);

    Logger m_logger;
    QNetworkAccessManager *m_network;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<TaskRegistryClient> m_registry;
    QList<PendingReport> m_pending;
    QTimer m_retry;
    HttpCallHandle m_call;
    bool m_delivering = false;
};

} // namespace necrocode
