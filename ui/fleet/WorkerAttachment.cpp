#include "fleet/WorkerAttachment.h"

#include "common/PanelFormatting.h"
#include "core/AccessToken.h"
#include "log/LogHub.h"
#include "metrics/PrometheusReader.h"
#include "net/ServiceClient.h"
#include "tls/TlsFiles.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QNetworkReply>

#include <algorithm>

namespace necrocode {

WorkerAttachment::WorkerAttachment(QUrl workerUrl, std::shared_ptr<LogHub> hub, QObject *parent)
    : QObject(parent), m_url(std::move(workerUrl)), m_label(labelFor(m_url)), m_hub(std::move(hub)),
      m_stream(&m_network, m_url), m_tracker(m_label)
{
    connect(&m_stream, &LogStreamClient::received, this, &WorkerAttachment::onEntries);
    connect(&m_network, &QNetworkAccessManager::sslErrors, this,
            [this](QNetworkReply *reply, const QList<QSslError> &errors) {
                const QSslCertificate peer = reply->sslConfiguration().peerCertificate();
                const QString fingerprint = certificateFingerprint(peer);
                if (!m_pinnedCertificate.isEmpty() && fingerprint == m_pinnedCertificate) {
                    reply->ignoreSslErrors(errors);
                    return;
                }
                m_certificateProblem = describeCertificateProblem(errors, peer);
                if (std::exchange(m_untrustedCertificate, fingerprint) != fingerprint)
                    Q_EMIT certificateUntrusted(fingerprint, m_certificateProblem);
            });
    connect(&m_stream, &LogStreamClient::gap, this, [this](quint64 missed) {
        Q_EMIT notice(
            tr("%1: %2 log entries were lost before they could be shown.").arg(m_label).arg(missed),
            true);
    });
    connect(&m_stream, &LogStreamClient::connectionChanged, this,
            [this](bool connected, const QString &error) {
                if (!connected && !m_connected && !m_everConnected && !m_toldUnreachable &&
                    m_untrustedCertificate.isEmpty()) {
                    // Said once: the attachment keeps trying in the background.
                    m_toldUnreachable = true;
                    Q_EMIT notice(
                        tr("Cannot reach the worker %1: %2. Still trying…").arg(m_label, error),
                        true);
                    return;
                }
                if (connected == m_connected)
                    return;
                m_connected = connected;
                m_everConnected = m_everConnected || connected;
                if (connected)
                    Q_EMIT notice(tr("Attached to the worker %1.").arg(m_label), false);
                else
                    Q_EMIT notice(tr("Lost the log stream of the worker %1: %2. Reconnecting…")
                                      .arg(m_label, error),
                                  true);
            });
    connect(&m_stream, &LogStreamClient::restarted, this, [this] {
        log(LogLevel::Warning,
            QStringLiteral("the worker %1 restarted: following its new log from the start")
                .arg(m_label));
        Q_EMIT notice(tr("The worker %1 restarted; following it again.").arg(m_label), false);
    });
    connect(&m_healthPoll, &QTimer::timeout, this, &WorkerAttachment::pollHealth);
    connect(&m_metricsPoll, &QTimer::timeout, this, &WorkerAttachment::pollMetrics);
}

QString WorkerAttachment::labelFor(const QUrl &workerUrl)
{
    return workerUrl.host() + u':' + QString::number(workerUrl.port(80));
}

void WorkerAttachment::setBearerToken(const QString &token)
{
    m_bearerToken = token.toUtf8();
    m_stream.setBearerToken(token);
}

void WorkerAttachment::setPinnedCertificate(const QString &fingerprint)
{
    m_pinnedCertificate = fingerprint;
    if (fingerprint == m_untrustedCertificate) {
        m_untrustedCertificate.clear();
        pollHealth();
    }
}

QNetworkRequest WorkerAttachment::requestTo(const QString &path) const
{
    QNetworkRequest request(ServiceClient::joinUrl(m_url.toString(), path));
    if (!m_bearerToken.isEmpty())
        request.setRawHeader("Authorization", bearerAuthorization(m_bearerToken));
    return request;
}

void WorkerAttachment::start(int healthIntervalMs)
{
    m_stream.start(0);
    m_healthPoll.start(healthIntervalMs);
    m_metricsPoll.start(std::max(healthIntervalMs, 5000));
    pollHealth();
    pollMetrics();
}

void WorkerAttachment::onEntries(const QList<LogEntry> &entries)
{
    for (LogEntry entry : entries) {
        const auto update = m_tracker.consume(entry);
        if (update.run)
            Q_EMIT runChanged(*update.run);
        if (update.exchange)
            Q_EMIT llmExchangeRecorded(*update.exchange);
        if (entry.runnerId.isEmpty())
            entry.runnerId = m_label;
        entry.extra.insert(QStringLiteral("source"), m_label);
        m_hub->post(std::move(entry));
    }
}

void WorkerAttachment::pollHealth()
{
    if (m_healthInFlight)
        return;
    m_healthInFlight = true;
    QNetworkRequest request = requestTo(QStringLiteral("/health"));
    request.setTransferTimeout(std::max(1000, m_healthPoll.interval()));
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    QNetworkReply *reply = m_network.get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, clock] {
        reply->deleteLater();
        m_healthInFlight = false;
        const double seconds = double(clock->nsecsElapsed()) / 1e9;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
        // 503 is a worker that answers but finds a service DOWN: still reachable.
        if ((status != 200 && status != 503) || body.isEmpty()) {
            const QString error =
                reply->error() == QNetworkReply::SslHandshakeFailedError &&
                        !m_untrustedCertificate.isEmpty()
                    ? tr("the worker's certificate is not trusted: %1").arg(m_certificateProblem)
                : status == 0   ? reply->errorString()
                : status == 401 ? tr("the worker asks for a token: start the console with "
                                     "NECROCODE_HEALTH_TOKEN_FILE naming the fleet's token file")
                                : tr("HTTP %1 from /health").arg(status);
            reportWorker(ServiceState::Down, seconds, error, status);
            if (std::exchange(m_reachable, false)) {
                log(LogLevel::Warning,
                    QStringLiteral("lost contact with the worker %1: %2").arg(m_label, error));
                markServicesStale(error);
            }
            return;
        }
        if (!std::exchange(m_reachable, true) && m_lastReportAt.isValid())
            log(LogLevel::Info, QStringLiteral("the worker %1 answers again").arg(m_label));
        m_lastReportAt = QDateTime::currentDateTimeUtc();
        reportWorker(ServiceState::Up, seconds, {}, status);
        const QJsonObject services = body.value(QLatin1String("external_services")).toObject();
        for (auto it = services.begin(); it != services.end(); ++it) {
            const auto health = ServiceHealth::fromJson(it.value().toObject());
            if (!health)
                continue;
            m_services.insert(it.key(), health.value());
            Q_EMIT serviceHealthChanged(m_label, it.key(), health.value());
        }
    });
}

void WorkerAttachment::reportWorker(ServiceState state, double latencySeconds, const QString &error,
                                    int status)
{
    ServiceHealth health;
    health.state = state;
    health.latencySeconds = latencySeconds;
    health.lastCheck = QDateTime::currentDateTimeUtc();
    health.lastError = error;
    health.lastStatusCode = status;
    health.details = m_metricsSummary;
    Q_EMIT serviceHealthChanged(m_label, workerServiceName(), health);
}

void WorkerAttachment::markServicesStale(const QString &error)
{
    for (auto it = m_services.begin(); it != m_services.end(); ++it) {
        ServiceHealth stale = it.value();
        stale.state = ServiceState::Unknown;
        stale.lastCheck = m_lastReportAt; // the time of the last report, not of a new check
        stale.lastError =
            tr("no report since %1: the worker does not answer (%2)")
                .arg(QLocale().toString(m_lastReportAt.toLocalTime(), QLocale::ShortFormat), error);
        stale.lastErrorType = QStringLiteral("stale");
        it.value() = stale;
        Q_EMIT serviceHealthChanged(m_label, it.key(), stale);
    }
}

void WorkerAttachment::markLost(const QString &reason)
{
    const auto abandoned =
        m_tracker.abandonOpenRuns(reason, QDateTime::currentDateTimeUtc().toMSecsSinceEpoch());
    QStringList tasks;
    for (const RunSnapshot &run : abandoned) {
        tasks.append(run.taskId);
        Q_EMIT runChanged(run);
    }
    log(LogLevel::Warning,
        tasks.isEmpty()
            ? QStringLiteral("the worker %1 was lost: %2").arg(m_label, reason)
            : QStringLiteral("the worker %1 was lost: %2; its tasks %3 go back to the queue")
                  .arg(m_label, reason, tasks.join(QStringLiteral(", "))));
    if (std::exchange(m_reachable, false))
        markServicesStale(reason);
}

void WorkerAttachment::log(LogLevel level, const QString &message) const
{
    LogEntry entry = LogEntry::now(
        level, QStringLiteral("necrocode.console.attach"), message,
        {{QStringLiteral("source"), m_label}, {QStringLiteral("worker_url"), m_url.toString()}});
    m_hub->post(std::move(entry));
}

void WorkerAttachment::pollMetrics()
{
    if (m_metricsInFlight)
        return;
    m_metricsInFlight = true;
    QNetworkRequest request = requestTo(QStringLiteral("/metrics"));
    request.setTransferTimeout(5000);
    QNetworkReply *reply = m_network.get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        m_metricsInFlight = false;
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
            return;
        const auto samples = parsePrometheusText(reply->readAll());
        if (!samples) {
            m_metricsSummary = tr("Metrics unreadable: %1").arg(samples.errorMessage());
            return;
        }
        m_metricsSummary = summarizeMetrics(*samples);
    });
}

QString WorkerAttachment::summarizeMetrics(const QList<PrometheusSample> &samples)
{
    const QLocale locale;
    const QString runs = QStringLiteral("necrocode_runs_total");
    const QString tokens = QStringLiteral("gen_ai_client_token_usage_sum");
    const QString tokenType = QStringLiteral("gen_ai_token_type");
    const QString costName = QStringLiteral("necrocode_llm_cost_usd_total");
    const auto count = [&](const QString &name, const QMap<QString, QString> &match) {
        return locale.toString(qint64(sumSamples(samples, name, match)));
    };
    // A cost sample exists only for calls to a model with a price.
    const bool priced = std::any_of(samples.cbegin(), samples.cend(),
                                    [&](const PrometheusSample &s) { return s.name == costName; });
    const QString cost =
        priced ? tr("cost %1").arg(PanelFormatting::costUsd(sumSamples(samples, costName)))
               : tr("no price configured");
    return tr("Runs: %1 completed, %2 failed; %3 running now\nLLM tokens: %4 in, %5 out; %6")
        .arg(count(runs, {{QStringLiteral("outcome"), QStringLiteral("completed")}}),
             count(runs, {{QStringLiteral("outcome"), QStringLiteral("failed")}}),
             count(QStringLiteral("necrocode_active_runners"), {}),
             count(tokens, {{tokenType, QStringLiteral("input")}}),
             count(tokens, {{tokenType, QStringLiteral("output")}}), cost);
}

QString WorkerAttachment::metricsSummary() const
{
    return m_metricsSummary;
}

} // namespace necrocode
