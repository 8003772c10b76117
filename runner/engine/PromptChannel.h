// Sends prompts that belong to no run (the console's prompt playground) on a thread of its own
// with an LLM client of its own. Each call is logged as runner "playground" under the task and
// spec of the call it replays, never under whatever a runner happened to run last; a streamed
// answer is reported as it grows. Lives in the thread that created it; its signals arrive there.
#pragma once

#include "core/RunnerConfig.h"
#include "engine/LlmExchange.h"

#include <QObject>
#include <QThread>

#include <memory>

namespace necrocode {

class LogDispatcher;

// The recorded call a playground prompt was edited from.
struct PromptOrigin
{
    QString exchangeId; // empty for a prompt written from scratch
    QString runId;
    QString taskId;
    QString specName;

    static PromptOrigin of(const LlmExchange &exchange)
    {
        return {exchange.id, exchange.runId, exchange.taskId, exchange.specName};
    }
};

class PromptChannel : public QObject
{
    Q_OBJECT

public:
    static inline const QString kRunnerId = QStringLiteral("playground");

    PromptChannel(LlmConfig llm, RetryConfig retry, std::shared_ptr<LogDispatcher> logs,
                  QObject *parent = nullptr);
    ~PromptChannel() override; // abandons calls in flight and joins the thread

    // Calls sent from now on use these settings.
    void setConfig(const LlmConfig &llm, const RetryConfig &retry);

    // A new request id ("playground-N"), unique within the channel.
    QString newRequestId();
    // Sends the request; partialAnswer (streamed answers only) and then answered follow with
    // `requestId`.
    void send(const QString &requestId, const ChatRequest &request, const PromptOrigin &origin);

Q_SIGNALS:
    void partialAnswer(const QString &requestId, const QString &textSoFar);
    void answered(const QString &requestId, const necrocode::LlmExchange &exchange);

private:
    class Sender;

    QThread m_thread;
    Sender *m_sender = nullptr; // lives in m_thread
    LlmConfig m_llm;
    RetryConfig m_retry;
    quint64 m_nextRequest = 0;
};

} // namespace necrocode
