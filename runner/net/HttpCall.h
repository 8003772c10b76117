// One logical request with its attempts, driven by QNetworkReply signals and retry timers.
// Created and owned by HttpClient::send; deletes itself after reporting.
#pragma once

#include "log/Logger.h"
#include "net/HttpTypes.h"
#include "net/RetryPolicy.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace necrocode {

class RunEventObserver;

class HttpCall : public QObject
{
    Q_OBJECT

public:
    HttpCall(QNetworkAccessManager *network, HttpRequest request, RetryPolicy retry, Logger logger,
             std::shared_ptr<RunEventObserver> events, HttpCallback done, QObject *parent);
    ~HttpCall() override;

    void start();
    void cancel();

private:
    void startAttempt();
    void onAttemptFinished();
    void onAttemptDeadline();
    void finish(HttpOutcome outcome);
    QJsonObject callFields() const;

    QNetworkAccessManager *m_network;
    HttpRequest m_request;
    RetryPolicy m_retry;
    Logger m_logger;
    std::shared_ptr<RunEventObserver> m_events;
    HttpCallback m_done;

    QPointer<QNetworkReply> m_reply;
    QTimer m_deadline;
    QTimer m_backoff;
    QElapsedTimer m_callClock;
    QElapsedTimer m_attemptClock;
    int m_attempt = 0;
    bool m_timedOut = false;
    bool m_cancelled = false;
    bool m_bodyStarted = false;
    bool m_tooLarge = false;           // the answer passed maxResponseBytes and was cut off
    bool m_certificateRefused = false; // the server's certificate was examined and not trusted
    double m_firstByteSeconds = -1;
    bool m_finished = false;
};

} // namespace necrocode
