// The one codec of what a run reports: every event kind reads back as written through a JSON
// line, lines in the format written before the codec read the same, and other entries (a
// request's own entry, a registry event, an unknown phase) are no event.
#include "core/RunEventCodec.h"

#include <QJsonDocument>
#include <QTest>

using namespace necrocode;
using namespace necrocode::run_event;


namespace {

QJsonObject throughALine(const QJsonObject &fields)
{
    return QJsonDocument::fromJson(QJsonDocument(fields).toJson(QJsonDocument::Compact)).object();
}

std::optional<RunEvent> readLine(const QByteArray &line)
{
    return run_event_codec::read(QJsonDocument::fromJson(line).object());
}

LlmCall answeredCall(std::optional<double> timeToFirstToken)
{
    LlmCall call;
    call.requestId = QStringLiteral("chatcmpl-42");
    call.model = QStringLiteral("gpt-test");
    call.promptTokens = 812;
    call.completionTokens = 95;
    call.totalTokens = 907;
    call.durationSeconds = 2.375;
    call.timeToFirstTokenSeconds = timeToFirstToken;
    call.finishReason = QStringLiteral("stop");
    call.responseLength = 20;
    call.attempt = 2;
    return call;
}

} // namespace

class TestRunEventCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyKindReadsBackAsWritten_data()
    {
        QTest::addColumn<RunEvent>("event");
        QTest::newRow("run started") << RunEvent(RunStarted{
            QStringLiteral("Add safe division"), 600, QStringLiteral("feature/task-demo-1.2")});
        QTest::newRow("phase started") << RunEvent(PhaseChanged{RunPhase::TestExecution, true});
        QTest::newRow("phase finished") << RunEvent(PhaseChanged{RunPhase::CommitAndPush, false});
        QTest::newRow("run completed") << RunEvent(RunFinished{true, 2.5, QString(), QString()});
        QTest::newRow("run failed") << RunEvent(
            RunFinished{false, 1.25, QStringLiteral("test command failed with exit code 1"),
                        QStringLiteral("test_failure")});
        QTest::newRow("llm call") << RunEvent(answeredCall(std::nullopt));
        LlmCall streamedAndPriced = answeredCall(0.25);
        streamedAndPriced.costUsd = 0.0123;
        streamedAndPriced.requestId.clear();
        QTest::newRow("streamed, priced llm call") << RunEvent(streamedAndPriced);
        QTest::newRow("answer accepted") << RunEvent(AnswerParsed{true, 3, {}, {}});
        QTest::newRow("answer rejected") << RunEvent(AnswerParsed{
            false, 0, QStringLiteral("parse"), QStringLiteral("no JSON object in the answer")});
        QTest::newRow("service call")
            << RunEvent(ServiceCall{.service = QStringLiteral("repo_pool"),
                                    .operation = QStringLiteral("allocate_slot"),
                                    .statusCode = 200,
                                    .durationSeconds = 0.031});
        QTest::newRow("retried service call")
            << RunEvent(ServiceCall{.service = QStringLiteral("llm"),
                                    .operation = QStringLiteral("chat_completion"),
                                    .statusCode = 429,
                                    .durationSeconds = 0.02,
                                    .errorType = QStringLiteral("rate_limit"),
                                    .error = QStringLiteral("HTTP 429: slow down"),
                                    .retryDelaySeconds = 1.5,
                                    .maxAttempts = 3});
        QTest::newRow("expected 404")
            << RunEvent(ServiceCall{.service = QStringLiteral("task_registry"),
                                    .operation = QStringLiteral("get_task"),
                                    .statusCode = 404,
                                    .durationSeconds = 0.004,
                                    .errorType = QStringLiteral("not_found"),
                                    .error = QStringLiteral("HTTP 404: no such task"),
                                    .expected = true});
        QTest::newRow("git command")
            << RunEvent(GitCommand{QStringLiteral("git_push"), QStringLiteral("git push origin b"),
                                   1, 0.8, false, QStringLiteral("rejected")});
        QTest::newRow("tests finished") << RunEvent(TestsFinished{5, 4, 1, 3.25, false});
    }

    void everyKindReadsBackAsWritten()
    {
        QFETCH(RunEvent, event);
        const auto read = run_event_codec::read(throughALine(run_event_codec::write(event)));
        QVERIFY(read);
        QCOMPARE(read->index(), event.index());
        QVERIFY(*read == event);
    }

    void readsTheEarlierFormat()
    {
        const auto started = readLine(R"({"event":"task_started","title":"Add safe division",)"
                                      R"("timeout_seconds":600,"branch_name":"b"})");
        QVERIFY(started);
        QCOMPARE(std::get<RunStarted>(*started).title, QStringLiteral("Add safe division"));

        const auto phase = readLine(R"({"phase":"test_execution","event":"start"})");
        QVERIFY(phase);
        QCOMPARE(std::get<PhaseChanged>(*phase), (PhaseChanged{RunPhase::TestExecution, true}));

        const auto finished = readLine(R"({"event":"task_finished","duration_seconds":1.5,)"
                                       R"("success":false,"error":"boom","error_type":"parse"})");
        QVERIFY(finished);
        QCOMPARE(std::get<RunFinished>(*finished),
                 (RunFinished{false, 1.5, QStringLiteral("boom"), QStringLiteral("parse")}));

        const auto llm =
            readLine(R"({"service":"llm","operation":"chat_completion","llm_model":"gpt-test",)"
                     R"("tokens_used":907,"prompt_tokens":812,"completion_tokens":95,)"
                     R"("request_duration_seconds":2.375,"response_length":20,)"
                     R"("finish_reason":"stop","attempt":2,"time_to_first_token_seconds":0.25})");
        QVERIFY(llm);
        LlmCall expectedCall = answeredCall(0.25);
        expectedCall.requestId.clear();
        QCOMPARE(std::get<LlmCall>(*llm), expectedCall);

        const auto service =
            readLine(R"({"service":"task_registry","operation":"update_task","attempt":1,)"
                     R"("duration_seconds":0.5,"status_code":503,"error":"HTTP 503: down",)"
                     R"("error_type":"server_error","max_attempts":4,"delay_seconds":0.25})");
        QVERIFY(service);
        const auto &call = std::get<ServiceCall>(*service);
        QCOMPARE(call.statusCode, 503);
        QCOMPARE(call.retryDelaySeconds, std::optional(0.25));
        QCOMPARE(call.maxAttempts, 4);
        QVERIFY(!call.isFinalError());

        const auto git = readLine(R"({"operation":"git_fetch","command":"git fetch origin",)"
                                  R"("exit_code":0,"duration_seconds":0.2,"success":true})");
        QVERIFY(git);
        QCOMPARE(std::get<GitCommand>(*git).command, QStringLiteral("git fetch origin"));
    }

    void finalErrorsAreTheFailuresThatEndACall()
    {
        ServiceCall call{.service = QStringLiteral("artifact_store"),
                         .operation = QStringLiteral("upload"),
                         .statusCode = 500,
                         .durationSeconds = 0.1,
                         .attempt = 3};
        QVERIFY(!call.isFinalError()); // succeeded
        call.errorType = QStringLiteral("server_error");
        QVERIFY(call.isFinalError());
        call.retryDelaySeconds = 1.0;
        QVERIFY(!call.isFinalError());
        call.retryDelaySeconds.reset();
        call.expected = true;
        QVERIFY(!call.isFinalError());
        call.expected = false;
        call.errorType = QStringLiteral("cancelled");
        QVERIFY(!call.isFinalError());
    }

    void otherEntriesAreNoEvent()
    {
        using run_event_codec::read;
        QVERIFY(!read({}));
        QVERIFY(!read(QJsonObject{{QStringLiteral("event"), QStringLiteral("start")}}));
        QVERIFY(!read(QJsonObject{{QStringLiteral("event"), QStringLiteral("start")},
                                  {QStringLiteral("phase"), QStringLiteral("no_such_phase")}}));
        QVERIFY(!read(QJsonObject{{QStringLiteral("event"), QStringLiteral("slot_released")}}));
        // The request entry of an LLM call carries no figures yet.
        QVERIFY(!read(QJsonObject{{QStringLiteral("service"), QStringLiteral("llm")},
                                  {QStringLiteral("operation"), QStringLiteral("chat_completion")},
                                  {QStringLiteral("max_tokens"), 4096}}));
        // Another operation with a token count is not an LLM call.
        QVERIFY(!read(QJsonObject{{QStringLiteral("operation"), QStringLiteral("add_event")},
                                  {QStringLiteral("tokens_used"), 3}}));
        // A service request before its answer has no duration.
        QVERIFY(!read(QJsonObject{{QStringLiteral("service"), QStringLiteral("repo_pool")},
                                  {QStringLiteral("operation"), QStringLiteral("allocate_slot")},
                                  {QStringLiteral("attempt"), 1},
                                  {QStringLiteral("method"), QStringLiteral("POST")}}));
    }
};

QTEST_GUILESS_MAIN(TestRunEventCodec)
#include "test_run_event_codec.moc"
