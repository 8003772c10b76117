#include "health/HealthProbe.h"

#include "core/AccessToken.h"
#include "net/ErrorClassifier.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>

namespace necrocode {

namespace {

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
        outcome.errorType = classifyError(error, outcome.statusCode, false);
        return outcome;
    }
    // The request is aborted only by its transfer timeout.
    const bool timedOut = error == QNetworkReply::OperationCanceledError;
    outcome.errorType = classifyError(error, 0, timedOut);
    outcome.error = outcome.errorType == error_type::Timeout
                        ? QStringLiteral("no answer within %1 ms").arg(timeoutMs)
                        : reply.errorString();
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
            request.setRawHeader("Authorization", bearerAuthorization(bearerToken.toUtf8()));
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
