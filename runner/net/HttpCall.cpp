#include "net/HttpCall.h"

#include "core/AccessToken.h"
#include "log/LogDispatcher.h"

#include "core/RunEventObserver.h"
#include "log/RunEventReport.h"
#include "net/ErrorClassifier.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslError>

namespace necrocode {

namespace {

// A short reason from an error body: its "error"/"message"/"detail" field, or its first line.
QString reasonFromBody(const QByteArray &body)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    for (const char *key : {"error", "message", "detail"}) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isString())
            return v.toString();
        if (v.isObject() && v.toObject().value(QLatin1String("message")).isString())
            return v.toObject().value(QLatin1String("message")).toString();
    }
    QString text = QString::fromUtf8(body.left(300)).simplified();
    return text;
}

double secondsOf(const QElapsedTimer &clock)
{
    return clock.nsecsElapsed() / 1e9;
}

} // namespace

HttpCall::HttpCall(QNetworkAccessManager *network, HttpRequest request, RetryPolicy retry,
                   Logger logger, std::shared_ptr<RunEventObserver> events, HttpCallback done,
                   QObject *parent)
    : QObject(parent), m_network(network), m_request(std::move(request)), m_retry(std::move(retry)),
      m_logger(std::move(logger)), m_events(std::move(events)), m_done(std::move(done))
{
    m_deadline.setSingleShot(true);
    m_backoff.setSingleShot(true);
    // A server's Retry-After is a minimum; a coarse timer may fire up to 5 % early.
    m_backoff.setTimerType(Qt::PreciseTimer);
    connect(&m_deadline, &QTimer::timeout, this, &HttpCall::onAttemptDeadline);
    connect(&m_backoff, &QTimer::timeout, this, &HttpCall::startAttempt);
}

HttpCall::~HttpCall()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

QJsonObject HttpCall::callFields() const
{
    return {{QStringLiteral("service"), m_request.service},
            {QStringLiteral("operation"), m_request.operation},
            {QStringLiteral("attempt"), m_attempt}};
}

void HttpCall::start()
{
    m_callClock.start();
    startAttempt();
}

void HttpCall::cancel()
{
    if (m_finished)
        return;
    m_cancelled = true;
    m_backoff.stop();
    if (m_reply) {
        m_reply->abort(); // finished() follows and reports the cancellation
        return;
    }
    HttpOutcome outcome;
    outcome.errorType = error_type::Cancelled;
    outcome.errorMessage = QStringLiteral("cancelled");
    outcome.attempts = m_attempt;
    finish(outcome);
}

void HttpCall::startAttempt()
{
    ++m_attempt;
    m_timedOut = false;
    m_firstByteSeconds = -1;
    QNetworkRequest request(m_request.url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::NoLessSafeRedirectPolicy);
    if (!m_request.contentType.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, m_request.contentType);
    if (!m_request.bearerToken.isEmpty())
        request.setRawHeader("Authorization", bearerAuthorization(m_request.bearerToken.toUtf8()));
    if (!m_request.idempotencyKey.isEmpty())
        request.setRawHeader("Idempotency-Key", m_request.idempotencyKey.toUtf8());
    for (const auto &[name, value] : m_request.headers)
        request.setRawHeader(name, value);

    QJsonObject fields = callFields();
    fields.insert(QStringLiteral("method"), QString::fromLatin1(m_request.method));
    fields.insert(QStringLiteral("url"), m_request.url.toString());
    m_logger.debug(QStringLiteral("%1 %2 request").arg(m_request.service, m_request.operation),
                   fields);

    m_attemptClock.start();
    m_reply = m_network->sendCustomRequest(request, m_request.method, m_request.body);
    connect(m_reply, &QNetworkReply::finished, this, &HttpCall::onAttemptFinished);
    m_tooLarge = false;
    m_certificateRefused = false;
    connect(m_reply, &QNetworkReply::sslErrors, this,
            [this](const QList<QSslError> &) { m_certificateRefused = true; });
    if (m_request.maxResponseBytes > 0)
        connect(m_reply, &QNetworkReply::downloadProgress, this, [this](qint64 received, qint64) {
            if (received <= m_request.maxResponseBytes || !m_reply || m_tooLarge)
                return;
            m_tooLarge = true;
            m_reply->abort();
        });
    connect(m_reply, &QNetworkReply::readyRead, this, [this] {
        if (m_firstByteSeconds < 0)
            m_firstByteSeconds = secondsOf(m_attemptClock);
        if (m_request.onData && m_reply) {
            const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status >= 200 && status < 300) {
                m_bodyStarted = true;
                m_request.onData(m_reply->readAll());
            }
        }
    });
    m_deadline.start(m_request.timeoutMs);
}

void HttpCall::onAttemptDeadline()
{
    if (!m_reply)
        return;
    m_timedOut = true;
    m_reply->abort();
}

void HttpCall::onAttemptFinished()
{
    m_deadline.stop();
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    if (!reply)
        return;
    reply->deleteLater();
    reply->disconnect(this);

    const double attemptSeconds = secondsOf(m_attemptClock);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    HttpOutcome outcome;
    outcome.statusCode = status;
    outcome.headers = reply->rawHeaderPairs();
    outcome.attempts = m_attempt;
    outcome.lastAttemptDurationSeconds = attemptSeconds;
    outcome.timeToFirstByteSeconds = m_firstByteSeconds;
    // An aborted reply (cancelled, timed out) is closed: reading it would only print a warning.
    const QByteArray rest = reply->isOpen() ? reply->readAll() : QByteArray();
    if (m_request.onData && m_bodyStarted && !rest.isEmpty())
        m_request.onData(rest);
    else
        outcome.body = rest;

    const bool transportOk = !m_tooLarge && (reply->error() == QNetworkReply::NoError ||
                                             (status >= 400 && !m_timedOut && !m_cancelled));
    const bool ok = transportOk && status >= 200 && status < 300;
    run_event::ServiceCall call{.service = m_request.service,
                                .operation = m_request.operation,
                                .statusCode = status,
                                .durationSeconds = attemptSeconds,
                                .attempt = m_attempt};
    if (ok) {
        outcome.ok = true;
        outcome.durationSeconds = secondsOf(m_callClock);
        reportRunEvent(
            m_logger, m_events.get(), m_request.successLogLevel,
            QStringLiteral("%1 %2 succeeded").arg(m_request.service, m_request.operation), call);
        finish(std::move(outcome));
        return;
    }

    outcome.errorType =
        m_cancelled ? error_type::Cancelled : classifyError(reply->error(), status, m_timedOut);
    // A handshake cut off (a restarting server, a dropped connection) is a connection problem,
    // retried as one; only a certificate that was examined and refused is tls_certificate.
    if (outcome.errorType == error_type::Certificate && !m_certificateRefused)
        outcome.errorType = error_type::Connection;
    if (m_tooLarge) {
        outcome.errorType = error_type::Limits;
        outcome.errorMessage = QStringLiteral("the answer is larger than the limit of %1 bytes")
                                   .arg(m_request.maxResponseBytes);
    } else if (m_timedOut)
        outcome.errorMessage = QStringLiteral("no answer within %1 ms").arg(m_request.timeoutMs);
    else if (m_cancelled)
        outcome.errorMessage = QStringLiteral("cancelled");
    else if (status >= 400)
        outcome.errorMessage =
            QStringLiteral("HTTP %1: %2").arg(status).arg(reasonFromBody(outcome.body));
    else
        outcome.errorMessage = reply->errorString();
    // A service may echo what it was sent (a key in a 401 body): the error text is masked
    // before it goes anywhere, a registry report or a health row included.
    if (const auto &dispatcher = m_logger.dispatcher())
        outcome.errorMessage = dispatcher->masker().mask(outcome.errorMessage);
    call.errorType = outcome.errorType;
    call.error = outcome.errorMessage;

    AttemptFailure failure{outcome.errorType,
                           RetryPolicy::parseRetryAfter(outcome.header("Retry-After"))};
    const bool retrySafe =
        m_request.retry && m_request.isRetrySafe() && !m_bodyStarted && !m_cancelled;
    std::optional<double> delay = m_retry.nextDelay(m_attempt, failure, retrySafe);
    if (delay && !m_request.retryUntil.isForever() &&
        m_request.retryUntil.remainingTime() < qint64(*delay * 1000))
        delay.reset();
    if (delay) {
        call.retryDelaySeconds = *delay;
        call.maxAttempts = m_retry.maxAttempts();
        reportRunEvent(m_logger, m_events.get(),
                       std::min(LogLevel::Warning, m_request.failureLogLevel),
                       QStringLiteral("%1 %2 failed (%3), retrying in %4 s")
                           .arg(m_request.service, m_request.operation, outcome.errorType)
                           .arg(*delay, 0, 'f', 2),
                       call);
        m_backoff.start(int(*delay * 1000));
        return;
    }
    outcome.durationSeconds = secondsOf(m_callClock);
    if (m_request.expectedStatuses.contains(status) && !m_cancelled) {
        call.expected = true;
        reportRunEvent(m_logger, m_events.get(),
                       std::min(LogLevel::Info, m_request.failureLogLevel),
                       QStringLiteral("%1 %2 answered %3 (expected): %4")
                           .arg(m_request.service, m_request.operation)
                           .arg(status)
                           .arg(outcome.errorMessage),
                       call);
        return finish(std::move(outcome));
    }
    reportRunEvent(m_logger, m_events.get(),
                   m_cancelled ? std::min(LogLevel::Warning, m_request.failureLogLevel)
                               : m_request.failureLogLevel,
                   QStringLiteral("%1 %2 failed: %3")
                       .arg(m_request.service, m_request.operation, outcome.errorMessage),
                   call);
    finish(std::move(outcome));
}

void HttpCall::finish(HttpOutcome outcome)
{
    if (m_finished)
        return;
    m_finished = true;
    if (outcome.durationSeconds == 0 && m_callClock.isValid())
        outcome.durationSeconds = secondsOf(m_callClock);
    HttpCallback done = std::move(m_done);
    deleteLater();
    if (done)
        done(outcome);
}

} // namespace necrocode
