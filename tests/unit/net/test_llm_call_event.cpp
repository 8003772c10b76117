// An answer of the LLM client becomes the LlmCall the engine reports, and an LlmCall read back
// from a log gives the same figures (not the text) as the answer it came from.
#include "net/LlmCallEvent.h"

#include <QTest>

using namespace necrocode;

class TestLlmCallEvent : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void anAnswersFiguresSurviveTheEvent()
    {
        ChatResponse r;
        r.content = QStringLiteral("{\"code_changes\": []}");
        r.finishReason = QStringLiteral("length");
        r.model = QStringLiteral("gpt-test");
        r.requestId = QStringLiteral("chatcmpl-7");
        r.promptTokens = 812;
        r.completionTokens = 95;
        r.totalTokens = 907;
        r.usageReported = true;
        r.durationSeconds = 2.375;
        r.timeToFirstTokenSeconds = 0.25;
        r.attempts = 2;

        const run_event::LlmCall call = llmCallOf(r);
        QCOMPARE(call.responseLength, r.content.size());
        QCOMPARE(call.requestId, r.requestId);
        const ChatResponse back = chatResponseOf(call);
        QVERIFY(back.content.isEmpty());
        QCOMPARE(back.model, r.model);
        QCOMPARE(back.requestId, r.requestId);
        QCOMPARE(back.finishReason, r.finishReason);
        QCOMPARE(back.promptTokens, r.promptTokens);
        QCOMPARE(back.completionTokens, r.completionTokens);
        QCOMPARE(back.totalTokens, r.totalTokens);
        QCOMPARE(back.durationSeconds, r.durationSeconds);
        QCOMPARE(back.timeToFirstTokenSeconds, r.timeToFirstTokenSeconds);
        QCOMPARE(back.attempts, r.attempts);
        QVERIFY(back.usageReported);
    }
};

QTEST_GUILESS_MAIN(TestLlmCallEvent)
#include "test_llm_call_event.moc"
