// The one codec of an answered LLM call's log fields: what the client writes reads back the
// same, a line written in the earlier format (before the codec) reads the same figures, and an
// entry that is not an answered call reads as nothing.
#include "net/LlmCallFields.h"

#include <QJsonDocument>
#include <QTest>

using namespace necrocode;

namespace {

ChatResponse answer(std::optional<double> timeToFirstToken)
{
    ChatResponse r;
    r.content = QStringLiteral("{\"code_changes\": []}");
    r.finishReason = QStringLiteral("stop");
    r.model = QStringLiteral("gpt-test");
    r.promptTokens = 812;
    r.completionTokens = 95;
    r.totalTokens = 907;
    r.usageReported = true;
    r.durationSeconds = 2.375;
    r.timeToFirstTokenSeconds = timeToFirstToken;
    r.attempts = 2;
    return r;
}

void compareFigures(const ChatResponse &read, const ChatResponse &written)
{
    QCOMPARE(read.model, written.model);
    QCOMPARE(read.finishReason, written.finishReason);
    QCOMPARE(read.promptTokens, written.promptTokens);
    QCOMPARE(read.completionTokens, written.completionTokens);
    QCOMPARE(read.totalTokens, written.totalTokens);
    QCOMPARE(read.durationSeconds, written.durationSeconds);
    QCOMPARE(read.attempts, written.attempts);
    QCOMPARE(read.timeToFirstTokenSeconds, written.timeToFirstTokenSeconds);
    QVERIFY(read.usageReported);
}

} // namespace

class TestLlmCallFields : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<bool>("streamed");
        QTest::newRow("answered at once") << false;
        QTest::newRow("streamed") << true;
    }

    void roundTrip()
    {
        QFETCH(bool, streamed);
        const ChatResponse written = answer(streamed ? std::optional(0.25) : std::nullopt);
        const QJsonObject fields = llm_call_fields::write(written);
        QCOMPARE(fields.value(QLatin1String("service")).toString(), QStringLiteral("llm"));
        QCOMPARE(fields.value(QLatin1String("response_length")).toInteger(),
                 written.content.size());
        QCOMPARE(fields.contains(QLatin1String("time_to_first_token_seconds")), streamed);
        // Through a JSON line, as a log file or an attached worker's stream carries it.
        const QJsonObject back =
            QJsonDocument::fromJson(QJsonDocument(fields).toJson(QJsonDocument::Compact)).object();
        const auto read = llm_call_fields::read(back);
        QVERIFY(read);
        compareFigures(*read, written);
    }

    void readsTheEarlierFormat()
    {
        const QByteArray line =
            R"({"service":"llm","operation":"chat_completion","llm_model":"gpt-test",)"
            R"("tokens_used":907,"prompt_tokens":812,"completion_tokens":95,)"
            R"("request_duration_seconds":2.375,"response_length":20,"finish_reason":"stop",)"
            R"("attempt":2,"time_to_first_token_seconds":0.25})";
        const auto read = llm_call_fields::read(QJsonDocument::fromJson(line).object());
        QVERIFY(read);
        compareFigures(*read, answer(0.25));
    }

    void otherEntriesAreNoCall()
    {
        QVERIFY(!llm_call_fields::read({}));
        // The request entry of the same call carries no figures yet.
        QVERIFY(!llm_call_fields::read(
            QJsonObject{{QStringLiteral("service"), QStringLiteral("llm")},
                        {QStringLiteral("operation"), QStringLiteral("chat_completion")},
                        {QStringLiteral("max_tokens"), 4096}}));
        // Another service's call with a token count is not an LLM call.
        QVERIFY(!llm_call_fields::read(
            QJsonObject{{QStringLiteral("operation"), QStringLiteral("add_event")},
                        {QStringLiteral("tokens_used"), 3}}));
    }
};

QTEST_GUILESS_MAIN(TestLlmCallFields)
#include "test_llm_call_fields.moc"
