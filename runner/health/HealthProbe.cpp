#include "health/HealthProbe.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>

namespace necrocode {

namespace {

QString errorTypeForStatus(int statusCode)
{
    if (statusCode == 401 || statusCode == 403)
        return QStringLiteral("auth");
    if (statusCode == 429)
        return QStringLiteral("rate_limit");
    return QStringLiteral("http_%1").arg(statusCode);
}

ProbeOutcome outcomeOf(QNetworkReply &reply, double latencySeconds, int timeoutMs)
{
    ProbeOutcome outcome;
    outcome.latencySeconds = latencySeconds;
    outcome.statusCode = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError error = reply.error();
    if (outcome.statusCode >= 200 && outcome.statusCode < 300 && error == QNetworkReply::NoError) {
        outcome.ok = true;
        return outcome;
    }
    if (outcome.statusCode > 0) {
        const QString reason =
            reply.attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        outcome.error = QStringLiteral("HTTP %1 %2").arg(outcome.statusCode).arg(reason).trimmed();
        outcome.errorType = errorTypeForStatus(outcome.statusCode);
        return outcome;
    }
    // The request is aborted only by its transfer timeout.
    if (error == QNetworkReply::OperationCanceledError || error == QNetworkReply::TimeoutError) {
        outcome.error = QStringLiteral("no answer within %1 ms").arg(timeoutMs);
        outcome.errorType = QStringLiteral("timeout");
        return outcome;
    }
    outcome.error = reply.errorString();
    outcome.errorType = QStringLiteral("connection");
    return outcome;
}

} // namespace

HealthProbe httpProbe(QNetworkAccessManager *network, QUrl url, int timeoutMs, QString bearerToken)
{
    return [network = QPointer<QNetworkAccessManager>(network), url = std::move(url), timeoutMs,
            bearerToken = std::move(bearerToken)](ProbeCompletion done) {
        if (!network) {
            done(ProbeOutcome{false, 0.0, 0, QStringLiteral("network access manager is gone"),
                              QStringLiteral("connection")});
            return;
        }
        QNetworkRequest request(url);
        request.setTransferTimeout(timeoutMs);
        if (!bearerToken.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + bearerToken.toUtf8());
        QElapsedTimer clock;
        clock.start();
        QNetworkReply *reply = network->get(request);
        QObject::connect(reply, &QNetworkReply::finished, reply,
                         [reply, clock, timeoutMs, done = std::move(done)] {
                             reply->deleteLater();
                             const double latency = double(clock.nsecsElapsed()) / 1e9;
                             done(outcomeOf(*reply, latency, timeoutMs));
                         });
    };
}

} // namespace necrocode
