#include "engine/PromptChannel.h"

#include "core/ThreadHandOff.h"
#include "log/LogDispatcher.h"
#include "log/Logger.h"
#include "net/HttpClient.h"
#include "net/LlmClient.h"

#include <QDateTime>
#include <QNetworkAccessManager>

#include <map>

namespace necrocode {

// The half that lives in the channel's thread: the network access manager and one client per
// call in flight (each call logs under its own origin's context).
class PromptChannel::Sender : public QObject
{
public:
    explicit Sender(std::shared_ptr<LogDispatcher> logs) : m_logs(std::move(logs)) {}

    // `channel` outlives this thread: its destructor joins the thread before it goes.
    void send(const QString &requestId, const ChatRequest &request, const PromptOrigin &origin,
              const LlmConfig &llm, const RetryConfig &retry, PromptChannel *channel)
    {
        if (!m_network)
            m_network = new QNetworkAccessManager(this);
        const Logger logger(m_logs, QStringLiteral("necrocode.playground"),
                            LogContext{kRunnerId, origin.taskId, origin.specName});
        QJsonObject fields{{QStringLiteral("playground_request"), requestId}};
        if (!origin.exchangeId.isEmpty())
            fields.insert(QStringLiteral("replay_of"), origin.exchangeId);
        if (!origin.runId.isEmpty())
            fields.insert(QStringLiteral("run_id"), origin.runId);
        logger.info(origin.exchangeId.isEmpty()
                        ? QStringLiteral("playground prompt %1 sent").arg(requestId)
                        : QStringLiteral("playground prompt %1 sent, edited from LLM call %2")
                              .arg(requestId, origin.exchangeId),
                    fields);

        Call &call = m_calls[requestId];
        call.http =
            std::make_unique<HttpClient>(m_network, logger.child(u"http"), RetryPolicy(retry));
        call.llm = std::make_unique<LlmClient>(*call.http, llm);

        LlmExchange exchange;
        exchange.id = requestId;
        exchange.source = QStringLiteral("local");
        exchange.runnerId = kRunnerId;
        exchange.taskId = origin.taskId;
        exchange.specName = origin.specName;
        exchange.startedAtMs = QDateTime::currentMSecsSinceEpoch();
        exchange.request = request;

        auto onPartial = [channel, requestId](const QString &textSoFar) {
            QMetaObject::invokeMethod(
                channel, ThreadHandOff::crossThreadCall([channel, requestId, textSoFar] {
                    Q_EMIT channel->partialAnswer(requestId, textSoFar);
                }),
                Qt::QueuedConnection);
        };
        call.llm->chat(
            request, this,
            [this, channel, requestId, exchange](Result<ChatResponse> answer) mutable {
                if (answer) {
                    exchange.response = answer.value();
                } else {
                    exchange.error = answer.errorMessage();
                    exchange.errorType = answer.error().kind;
                }
                // The client is still on the stack of this callback: drop it afterwards.
                QMetaObject::invokeMethod(
                    this, [this, requestId] { m_calls.erase(requestId); }, Qt::QueuedConnection);
                QMetaObject::invokeMethod(
                    channel, ThreadHandOff::crossThreadCall([channel, requestId, exchange] {
                        Q_EMIT channel->answered(requestId, exchange);
                    }),
                    Qt::QueuedConnection);
            },
            onPartial);
    }

private:
    struct Call
    {
        std::unique_ptr<HttpClient> http;
        std::unique_ptr<LlmClient> llm;
    };

    std::shared_ptr<LogDispatcher> m_logs;
    QNetworkAccessManager *m_network = nullptr;
    std::map<QString, Call> m_calls;
};

PromptChannel::PromptChannel(LlmConfig llm, RetryConfig retry, std::shared_ptr<LogDispatcher> logs,
                             QObject *parent)
    : QObject(parent), m_sender(new Sender(std::move(logs))), m_llm(std::move(llm)), m_retry(retry)
{
    qRegisterMetaType<LlmExchange>();
    m_thread.setObjectName(QStringLiteral("necrocode-playground"));
    m_sender->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_sender, &QObject::deleteLater);
    m_thread.start();
}

PromptChannel::~PromptChannel()
{
    m_thread.quit();
    m_thread.wait();
}

void PromptChannel::setConfig(const LlmConfig &llm, const RetryConfig &retry)
{
    m_llm = llm;
    m_retry = retry;
}

QString PromptChannel::newRequestId()
{
    return QStringLiteral("playground-%1").arg(++m_nextRequest);
}

void PromptChannel::send(const QString &requestId, const ChatRequest &request,
                         const PromptOrigin &origin)
{
    QMetaObject::invokeMethod(
        m_sender,
        ThreadHandOff::crossThreadCall(
            [sender = m_sender, requestId, request, origin, llm = m_llm, retry = m_retry,
             channel = this] { sender->send(requestId, request, origin, llm, retry, channel); }),
        Qt::QueuedConnection);
}

} // namespace necrocode
