#include "engine/ReportOutbox.h"

#include "net/ErrorClassifier.h"

#include <QNetworkAccessManager>

namespace necrocode {

namespace {

// One attempt per call: the outbox itself is the retry loop.
RetryPolicy singleAttempt()
{
    RetryConfig config;
    config.maxAttempts = 1;
    return RetryPolicy(config);
}

} // namespace

ReportOutbox::ReportOutbox(const ServiceEndpoint &registry, Logger logger, QObject *parent)
    : QObject(parent), m_logger(std::move(logger)), m_network(new QNetworkAccessManager(this)),
      m_http(std::make_unique<HttpClient>(m_network, m_logger.child(u"http"), singleAttempt())),
      m_registry(std::make_unique<TaskRegistryClient>(*m_http, registry))
{
    m_retry.setInterval(5000);
    connect(&m_retry, &QTimer::timeout, this, &ReportOutbox::deliverNext);
}

ReportOutbox::~ReportOutbox()
{
    m_call.cancel();
    for (const PendingReport &report : m_pending)
        m_logger.error(
            QStringLiteral("the report of task %1 (%2) was never delivered to the task "
                           "registry")
                .arg(report.taskId, report.status.isEmpty() ? report.eventType : report.status),
            {{QStringLiteral("spec_name"), report.specName},
             {QStringLiteral("task_id"), report.taskId},
             {QStringLiteral("status"), report.status},
             {QStringLiteral("event_type"), report.eventType},
             {QStringLiteral("event_data"), report.eventData}});
}

void ReportOutbox::keep(const PendingReport &report)
{
    QMetaObject::invokeMethod(
        this, [this, report] { add(report); }, Qt::QueuedConnection);
}

void ReportOutbox::setRegistry(const ServiceEndpoint &registry)
{
    m_call.cancel();
    m_delivering = false;
    m_registry = std::make_unique<TaskRegistryClient>(*m_http, registry);
}

void ReportOutbox::add(PendingReport report)
{
    m_logger.warning(QStringLiteral("the task registry did not take the report of task %1: it is "
                                    "kept and sent again until it does")
                         .arg(report.taskId),
                     {{QStringLiteral("service"), QStringLiteral("task_registry")},
                      {QStringLiteral("task_id"), report.taskId},
                      {QStringLiteral("spec_name"), report.specName}});
    m_pending.append(std::move(report));
    Q_EMIT pendingCountChanged(pendingCount());
    if (!m_retry.isActive())
        m_retry.start();
}

void ReportOutbox::deliverNext()
{
    if (m_delivering)
        return;
    if (m_pending.isEmpty()) {
        m_retry.stop();
        return;
    }
    m_delivering = true;
    const PendingReport report = m_pending.first();
    m_registry->holdLease(report.specName, report.taskId, report.leaseId);
    const auto sendEvent = [this, report] {
        m_call = m_registry->addEvent(report.specName, report.taskId, report.eventType,
                                      report.eventData, this, [this](const Result<Ok> &sent) {
                                          m_delivering = false;
                                          if (sent)
                                              delivered();
                                          else if (isRefusedLease(sent.error()))
                                              dropRefused(sent.errorMessage());
                                      });
    };
    if (report.status.isEmpty())
        return sendEvent();
    m_call = m_registry->updateStatus(
        report.specName, report.taskId, report.status, report.metadata, this,
        [this, sendEvent](const Result<Ok> &sent) {
            if (!sent) {
                m_delivering = false;
                if (isRefusedLease(sent.error()) || isRefusedTransition(sent.error()))
                    dropRefused(sent.errorMessage());
                return;
            }
            m_pending.first().status.clear(); // a later attempt sends only the event
            sendEvent();
        });
}

bool ReportOutbox::isRefusedLease(const Error &error) const
{
    return !m_pending.isEmpty() && !m_pending.first().leaseId.isEmpty() &&
           TaskRegistryClient::isLeaseRefusal(error);
}

bool ReportOutbox::isRefusedTransition(const Error &error) const
{
    return error.kind == error_type::http(409) && !TaskRegistryClient::isLeaseRefusal(error);
}

void ReportOutbox::dropRefused(const QString &reason)
{
    const PendingReport report = m_pending.takeFirst();
    m_registry->dropLease(report.specName, report.taskId);
    m_logger.warning(QStringLiteral("the kept report of task %1 was dropped: the registry refused "
                                    "it (%2); the task has moved on without it")
                         .arg(report.taskId, reason),
                     {{QStringLiteral("service"), QStringLiteral("task_registry")},
                      {QStringLiteral("task_id"), report.taskId},
                      {QStringLiteral("spec_name"), report.specName}});
    Q_EMIT pendingCountChanged(pendingCount());
    deliverNext();
}

void ReportOutbox::delivered()
{
    const PendingReport report = m_pending.takeFirst();
    m_registry->dropLease(report.specName, report.taskId);
    m_logger.info(QStringLiteral("the kept report of task %1 was delivered").arg(report.taskId),
                  {{QStringLiteral("service"), QStringLiteral("task_registry")},
                   {QStringLiteral("task_id"), report.taskId},
                   {QStringLiteral("spec_name"), report.specName}});
    Q_EMIT pendingCountChanged(pendingCount());
    deliverNext();
}

} // namespace necrocode
