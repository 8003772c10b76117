// What a client asks of the HTTP layer and what it gets back.
#pragma once

#include "core/RunnerConfig.h"
#include "core/LogLevel.h"

#include <QByteArray>
#include <QDeadlineTimer>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

#include <functional>
#include <optional>

namespace necrocode {

struct HttpRequest
{
    QString service;   // task_registry, repo_pool, artifact_store, llm
    QString operation; // e.g. update_status, allocate_slot, chat_completion
    QByteArray method = "GET";
    QUrl url;
    QByteArray body;
    QByteArray contentType; // empty: no Content-Type header
    QList<QPair<QByteArray, QByteArray>> headers;
    // Sent as Idempotency-Key; a POST is retried only when it has one.
    QString idempotencyKey;
    QString bearerToken; // sent as "Authorization: Bearer ..." when set
    int timeoutMs = 30000;
    bool retry = true; // false: one attempt only (health checks)
    // Set: this call's own retry policy instead of the client's, and no attempt starts after
    // `retryUntil` (a report that must survive an outage keeps trying for as long as it may).
    std::optional<RetryConfig> retryOverride;
    // > 0: an answer body larger than this is cut off and the call fails with class "limits".
    qint64 maxResponseBytes = 0;
    QDeadlineTimer retryUntil{QDeadlineTimer::Forever};
    // Level of the log entry of a successful attempt: polls that run every second log at DEBUG.
    LogLevel successLogLevel = LogLevel::Info;
    // Level of the entries of failed attempts (retries at most WARNING): a poll whose caller
    // reports the outage itself, once, logs them at DEBUG.
    LogLevel failureLogLevel = LogLevel::Error;
    // Answers the caller expects and handles (a lookup of a task not yet created answers 404):
    // still a failed call for the caller, but logged at INFO and not counted as an error.
    QList<int> expectedStatuses;
    // Streaming: called with each piece of the body as it arrives. A call whose body has started
    // to arrive is not retried.
    std::function<void(const QByteArray &)> onData;

    bool isRetrySafe() const;
};

struct HttpOutcome
{
    bool ok = false;
    int statusCode = 0;
    QByteArray body; // empty when streamed through onData
    QList<QPair<QByteArray, QByteArray>> headers;
    QString errorType; // empty on success
    QString errorMessage;
    int attempts = 0;
    double durationSeconds = 0; // all attempts and waits
    double lastAttemptDurationSeconds = 0;
    double timeToFirstByteSeconds = -1; // of the last attempt; -1 when no byte arrived

    QByteArray header(const QByteArray &name) const;
};

using HttpCallback = std::function<void(const HttpOutcome &)>;

} // namespace necrocode
