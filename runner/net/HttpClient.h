// The one HTTP call helper every service client uses: per-request timeout, bearer token,
// Idempotency-Key, retries through RetryPolicy, error classification, structured log entries and
// metrics for every attempt. Asynchronous; lives in the thread of its QNetworkAccessManager.
#pragma once

#include "log/Logger.h"
#include "net/HttpTypes.h"
#include "net/RetryPolicy.h"

#include <QPointer>

#include <memory>

class QNetworkAccessManager;

namespace necrocode {

class RunEventObserver;
class HttpCall;

// Cancels a call that is still running; harmless once it has finished.
class HttpCallHandle
{
public:
    HttpCallHandle() = default;
    explicit HttpCallHandle(HttpCall *call);
    void cancel();
    bool isRunning() const;

private:
    QPointer<HttpCall> m_call;
};

class HttpClient
{
public:
    HttpClient(QNetworkAccessManager *network, Logger logger, RetryPolicy retry = RetryPolicy());

    void setRetryPolicy(RetryPolicy retry) { m_retry = std::move(retry); }
    void setLogger(Logger logger) { m_logger = std::move(logger); }
    const Logger &logger() const { return m_logger; }
    // What counts the run's events (its metrics collector); every attempt, retry and failure
    // is reported there before it is logged.
    void setRunEventObserver(std::shared_ptr<RunEventObserver> observer);
    const std::shared_ptr<RunEventObserver> &runEventObserver() const { return m_events; }
    QNetworkAccessManager *network() const { return m_network; }

    // `done` runs once, in this thread, unless `context` is destroyed first (which aborts the
    // call).
    HttpCallHandle send(HttpRequest request, QObject *context, HttpCallback done);

private:
    QNetworkAccessManager *m_network;
    Logger m_logger;
    RetryPolicy m_retry;
    std::shared_ptr<RunEventObserver> m_events;
};

} // namespace necrocode
