// The playground's prompt channel against the scripted model on loopback: a streamed answer is
// reported as it grows, before the call ends; every entry of the call is logged as runner
// "playground" under the task and spec of the call it was edited from; a dead model is a failed
// exchange with the error, not a hang.
#include "RecordingSink.h"
#include "engine/PromptChannel.h"
#include "llm/ScriptedLlmService.h"
#include "log/LogDispatcher.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace necrocode;
using necrocode::test::RecordingSink;

namespace {

ChatRequest streamedRequest()
{
    ChatRequest request;
    request.messages = {{QStringLiteral("user"), QStringLiteral("Say something long.")}};
    request.model = QStringLiteral("necrocode-scripted-offline");
    request.stream = true;
    return request;
}

PromptOrigin originCall()
{
    return PromptOrigin{QStringLiteral("llm-7"), QStringLiteral("run-3"), QStringLiteral("1.2"),
                        QStringLiteral("calculator")};
}

} // namespace

class TestPromptChannel : public QObject
{
    Q_OBJECT

    std::unique_ptr<ScriptedLlmService> m_model;

private Q_SLOTS:
    void init()
    {
        ScriptedLlmService::Settings settings;
        settings.latency.chunkCharacters = 8;
        settings.latency.chunkIntervalMs = 15;
        m_model = std::make_unique<ScriptedLlmService>(settings);
        QVERIFY(m_model->listen().ok());
    }

    void aStreamedAnswerIsReportedAsItGrows()
    {
        LlmConfig llm;
        llm.baseUrl = m_model->baseUrl().toString();
        auto logs = std::make_shared<LogDispatcher>();
        PromptChannel channel(llm, RetryConfig{}, logs);
        QSignalSpy partials(&channel, &PromptChannel::partialAnswer);
        QSignalSpy answered(&channel, &PromptChannel::answered);
        const QString id = channel.newRequestId();
        channel.send(id, streamedRequest(), originCall());
        QVERIFY(answered.wait(10000));

        QVERIFY2(partials.size() >= 3, qPrintable(QString::number(partials.size())));
        const auto exchange = answered.at(0).at(1).value<LlmExchange>();
        QVERIFY2(exchange.error.isEmpty(), qPrintable(exchange.error));
        QString previous;
        for (const QList<QVariant> &partial : partials) {
            QCOMPARE(partial.at(0).toString(), id);
            const QString text = partial.at(1).toString();
            QVERIFY(text.size() > previous.size() && text.startsWith(previous));
            previous = text;
        }
        QCOMPARE(previous, exchange.response.content);
        QVERIFY(exchange.response.timeToFirstTokenSeconds.has_value());
    }

    void itsCallsAreLoggedAsPlaygroundCallsOfTheOriginalCall()
    {
        LlmConfig llm;
        llm.baseUrl = m_model->baseUrl().toString();
        auto logs = std::make_shared<LogDispatcher>();
        auto sink = std::make_shared<RecordingSink>();
        logs->addSink(sink);
        PromptChannel channel(llm, RetryConfig{}, logs);
        QSignalSpy answered(&channel, &PromptChannel::answered);
        const QString id = channel.newRequestId();
        channel.send(id, streamedRequest(), originCall());
        QVERIFY(answered.wait(10000));
        logs->flush();

        const auto entries = sink->entries();
        QVERIFY(entries.size() >= 3); // sent by the playground, request, response
        bool sawRequest = false;
        bool sawResponse = false;
        for (const LogEntry &entry : entries) {
            QCOMPARE(entry.runnerId, PromptChannel::kRunnerId);
            QCOMPARE(entry.taskId, QStringLiteral("1.2"));
            QCOMPARE(entry.specName, QStringLiteral("calculator"));
            sawRequest |= entry.message == QLatin1String("LLM request sent");
            sawResponse |= entry.message == QLatin1String("LLM response received");
        }
        QVERIFY(sawRequest && sawResponse);
        QCOMPARE(entries.front().extra.value(QLatin1String("replay_of")).toString(),
                 QStringLiteral("llm-7"));
        QCOMPARE(entries.front().extra.value(QLatin1String("playground_request")).toString(), id);
        const auto exchange = answered.at(0).at(1).value<LlmExchange>();
        QCOMPARE(exchange.runnerId, PromptChannel::kRunnerId);
        QCOMPARE(exchange.taskId, QStringLiteral("1.2"));
    }

    void aDeadModelGivesAFailedExchange()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        LlmConfig llm;
        llm.baseUrl = QStringLiteral("http://127.0.0.1:%1/v1").arg(port);
        llm.timeoutSeconds = 5;
        RetryConfig once;
        once.maxAttempts = 1;
        PromptChannel channel(llm, once, std::make_shared<LogDispatcher>());
        QSignalSpy answered(&channel, &PromptChannel::answered);
        channel.send(channel.newRequestId(), streamedRequest(), {});
        QVERIFY(answered.wait(10000));
        const auto exchange = answered.at(0).at(1).value<LlmExchange>();
        QVERIFY(!exchange.error.isEmpty());
        QVERIFY(exchange.response.content.isEmpty());
    }

    void settingsChangedApplyToTheNextCall()
    {
        LlmConfig dead;
        dead.baseUrl = QStringLiteral("http://127.0.0.1:9/v1");
        RetryConfig once;
        once.maxAttempts = 1;
        PromptChannel channel(dead, once, std::make_shared<LogDispatcher>());
        LlmConfig live;
        live.baseUrl = m_model->baseUrl().toString();
        channel.setConfig(live, once);
        QSignalSpy answered(&channel, &PromptChannel::answered);
        channel.send(channel.newRequestId(), streamedRequest(), {});
        QVERIFY(answered.wait(10000));
        const auto exchange = answered.at(0).at(1).value<LlmExchange>();
        QVERIFY2(exchange.error.isEmpty(), qPrintable(exchange.error));
    }
};

QTEST_GUILESS_MAIN(TestPromptChannel)
#include "test_prompt_channel.moc"
