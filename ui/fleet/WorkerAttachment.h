// A headless worker (`necrocode-runner serve`) the console follows: its /logs stream goes into
// the console's log hub (entries of the worker itself carry its label as runner), the runs and
// LLM calls rebuilt from that stream go to the runs panel and charts, and its /health, polled,
// to the health panel under the worker's label together with the worker's own reachability; the
// worker's totals from its /metrics (runs, tokens, cost) go into that row's tooltip. A worker that
// stops answering turns its services UNKNOWN (stale, with the time of its last report) and is
// logged once, like its return; a worker restarted on the same address is followed from its
// first entry again. A worker the fleet's registry declares lost (markLost) ends its unfinished
// runs as `worker_lost`: their tasks go back to the registry's queue.
#pragma once

#include "engine/LlmExchange.h"
#include "engine/RunSnapshot.h"
#include "health/ServiceHealth.h"
#include "remote/LogStreamClient.h"
#include "remote/RemoteRunTracker.h"

#include <QDateTime>
#include <QHash>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <memory>

namespace necrocode {

class LogHub;
struct PrometheusSample;

class WorkerAttachment : public QObject
{
    Q_OBJECT

public:
    // The label is host:port of the worker's URL.
    WorkerAttachment(QUrl workerUrl, std::shared_ptr<LogHub> hub, QObject *parent = nullptr);

    // The worker's health.token, sent with every request to it; set before start().
    void setBearerToken(const QString &token);
    // The SHA-256 fingerprint (certificateFingerprint) of a certificate the user trusts for this
    // worker although no authority vouches for it (self-signed): an https worker presenting
    // exactly that certificate is followed; any other untrusted one is refused and reported.
    void setPinnedCertificate(const QString &fingerprint);
    const QString &pinnedCertificate() const { return m_pinnedCertificate; }
    void start(int healthIntervalMs = 2000);
    const QString &label() const { return m_label; }
    QUrl workerUrl() const { return m_url; }
    // The worker's totals from its last /metrics, as shown in the health panel.
    QString metricsSummary() const;

    static QString labelFor(const QUrl &workerUrl);
    // The worker's totals from its /metrics samples; the cost only when a price is configured.
    static QString summarizeMetrics(const QList<PrometheusSample> &samples);
    // The service name under which the worker's own reachability appears in the health panel.
    static QString workerServiceName() { return QStringLiteral("worker"); }

    // The registry stopped hearing from the worker (`reason` says since when): its unfinished
    // runs fail as worker_lost and its services turn stale, said once in the log; what the worker
    // logs if it comes back is followed as before.
    void markLost(const QString &reason);

Q_SIGNALS:
    void runChanged(const necrocode::RunSnapshot &run);
    void llmExchangeRecorded(const necrocode::LlmExchange &exchange);
    void serviceHealthChanged(const QString &source, const QString &service,
                              const necrocode::ServiceHealth &health);
    void notice(const QString &text, bool isError);
    // The worker presents a certificate this console does not trust (once per certificate).
    void certificateUntrusted(const QString &fingerprint, const QString &description);

private:
    void onEntries(const QList<LogEntry> &entries);
    void pollHealth();
    void pollMetrics();
    void reportWorker(ServiceState state, double latencySeconds, const QString &error, int status);
    // The worker stopped answering: its services' last reports are stale (UNKNOWN) from now on.
    void markServicesStale(const QString &error);
    // A log entry of the console about this worker, in the console's log.
    void log(LogLevel level, const QString &message) const;
    QNetworkRequest requestTo(const QString &path) const;

    QUrl m_url;
    QString m_label;
    std::shared_ptr<LogHub> m_hub;
    QNetworkAccessManager m_network;
    LogStreamClient m_stream;
    RemoteRunTracker m_tracker;
    QTimer m_healthPoll;
    QTimer m_metricsPoll;
    bool m_healthInFlight = false;
    bool m_metricsInFlight = false;
    QString m_metricsSummary;
    QByteArray m_bearerToken;
    QString m_pinnedCertificate;
    QString m_untrustedCertificate; // fingerprint of the last refused one
    QString m_certificateProblem;   // why it was refused
    bool m_connected = false;
    bool m_everConnected = false;
    bool m_toldUnreachable = false;
    bool m_reachable = false;                 // the last /health poll was answered
    QDateTime m_lastReportAt;                 // of the last answered /health
    QHash<QString, ServiceHealth> m_services; // the worker's services as last reported
};

} // namespace necrocode
