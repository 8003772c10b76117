// The scripted OpenAI-compatible model: answer shape, server-sent events, scenario matching,
// the harmless fallback, token counts, max_tokens, latency, models listing and API keys.
#include "HttpTestClient.h"
#include "llm/ScriptedLlmService.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace necrocode;
using namespace necrocode::test;

namespace {

QByteArray scenarioJson()
{
    return "{\"rules\":["
           "{\"name\":\"models\",\"match\":{\"task_id\":\"1.1\"},"
           " \"answer\":{\"code_changes\":[{\"file_path\":\"src/"
           "models.py\",\"operation\":\"create\","
           "  \"content\":\"class User: pass\\n\"}],\"explanation\":\"Adds the models.\"}},"
           "{\"name\":\"broken\",\"match\":{\"title_regex\":\"make it FAIL\"},"
           " \"raw_content\":\"I cannot answer in JSON today.\"}"
           "]}";
}

QJsonObject chat(const QString &user, bool stream = false, bool includeUsage = false)
{
    QJsonObject body{
        {QStringLiteral("model"), QStringLiteral("anything")},
        {QStringLiteral("messages"),
         QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("system")},
                                {QStringLiteral("content"), QStringLiteral("You write code.")}},
                    QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                {QStringLiteral("content"), user}}}},
        {QStringLiteral("max_tokens"), 4000},
        {QStringLiteral("temperature"), 0.2}};
    if (stream) {
        body.insert(QStringLiteral("stream"), true);
        if (includeUsage)
            body.insert(QStringLiteral("stream_options"),
                        QJsonObject{{QStringLiteral("include_usage"), true}});
    }
    return body;
}

QString contentOf(const TestResponse &r)
{
    return r.json()
        .value(QStringLiteral("choices"))
        .toArray()
        .at(0)
        .toObject()
        .value(QStringLiteral("message"))
        .toObject()
        .value(QStringLiteral("content"))
        .toString();
}

int ceilQuarter(qsizetype n)
{
    return int((n + 3) / 4);
}

// The "data:" payloads of a server-sent event stream, in order.
QList<QByteArray> sseData(const QByteArray &body)
{
    QList<QByteArray> data;
    for (const QByteArray &event : body.split('\n')) {
        if (event.startsWith("data: "))
            data.append(event.mid(6));
    }
    return data;
}

} // namespace

class TestScriptedLlmService : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScriptedLlmService> m_service;
    HttpTestClient m_http;

    void startService(const LatencySettings &latency = {}, const QString &apiKey = {})
    {
        Result<ScriptedScenario> scenario = ScriptedScenario::fromJson(scenarioJson(), {});
        QVERIFY2(scenario.ok(), qPrintable(scenario.errorMessage()));
        ScriptedLlmService::Settings settings;
        settings.scenario = std::move(scenario).value();
        settings.latency = latency;
        settings.apiKey = apiKey;
        m_service = std::make_unique<ScriptedLlmService>(std::move(settings));
        QVERIFY(m_service->listen().ok());
    }

    QUrl url(const QString &path) const { return urlOf(m_service->baseUrl(), path); }

private Q_SLOTS:
    void init() { startService(); }
    void cleanup() { m_service.reset(); }

    void baseUrlEndsInV1()
    {
        QVERIFY(m_service->baseUrl().toString().endsWith(QStringLiteral("/v1")));
    }

    void answersInTheChatCompletionShape()
    {
        const QString prompt = QStringLiteral("Task ID: 1.1\nTitle: Create the User model");
        const TestResponse r = m_http.post(url(QStringLiteral("/chat/completions")), chat(prompt));
        QCOMPARE(r.status, 200);
        const QJsonObject body = r.json();
        QCOMPARE(body.value(QStringLiteral("object")).toString(),
                 QStringLiteral("chat.completion"));
        QCOMPARE(body.value(QStringLiteral("model")).toString(),
                 QStringLiteral("necrocode-scripted-offline"));
        const QJsonObject choice = body.value(QStringLiteral("choices")).toArray().at(0).toObject();
        QCOMPARE(choice.value(QStringLiteral("finish_reason")).toString(), QStringLiteral("stop"));
        QCOMPARE(choice.value(QStringLiteral("message"))
                     .toObject()
                     .value(QStringLiteral("role"))
                     .toString(),
                 QStringLiteral("assistant"));
        const QString content = contentOf(r);
        const QJsonObject answer = QJsonDocument::fromJson(content.toUtf8()).object();
        const QJsonObject change =
            answer.value(QStringLiteral("code_changes")).toArray().at(0).toObject();
        QCOMPARE(change.value(QStringLiteral("file_path")).toString(),
                 QStringLiteral("src/models.py"));
        QCOMPARE(change.value(QStringLiteral("operation")).toString(), QStringLiteral("create"));
        QCOMPARE(change.value(QStringLiteral("content")).toString(),
                 QStringLiteral("class User: pass\n"));
        QCOMPARE(answer.value(QStringLiteral("explanation")).toString(),
                 QStringLiteral("Adds the models."));

        const QJsonObject usage = body.value(QStringLiteral("usage")).toObject();
        const int expectedPrompt = ceilQuarter(QStringLiteral("You write code.").size()) + 4 +
                                   ceilQuarter(prompt.size()) + 4;
        QCOMPARE(usage.value(QStringLiteral("prompt_tokens")).toInt(), expectedPrompt);
        QCOMPARE(usage.value(QStringLiteral("completion_tokens")).toInt(),
                 ceilQuarter(content.size()));
        QCOMPARE(usage.value(QStringLiteral("total_tokens")).toInt(),
                 expectedPrompt + ceilQuarter(content.size()));
    }

    void streamsServerSentEventsWithUsageLast()
    {
        const QString prompt = QStringLiteral("task 1.1: models");
        const QString whole =
            contentOf(m_http.post(url(QStringLiteral("/chat/completions")), chat(prompt)));
        const TestResponse r =
            m_http.post(url(QStringLiteral("/chat/completions")), chat(prompt, true, true));
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("Content-Type").startsWith("text/event-stream"));
        const QList<QByteArray> data = sseData(r.body);
        QVERIFY(data.size() > 4);
        QCOMPARE(data.last(), QByteArray("[DONE]"));
        QString streamed;
        QString finishReason;
        for (qsizetype i = 0; i + 1 < data.size(); ++i) {
            const QJsonObject chunk = QJsonDocument::fromJson(data.at(i)).object();
            QCOMPARE(chunk.value(QStringLiteral("object")).toString(),
                     QStringLiteral("chat.completion.chunk"));
            const QJsonArray choices = chunk.value(QStringLiteral("choices")).toArray();
            if (choices.isEmpty())
                continue;
            const QJsonObject choice = choices.at(0).toObject();
            streamed += choice.value(QStringLiteral("delta"))
                            .toObject()
                            .value(QStringLiteral("content"))
                            .toString();
            if (choice.value(QStringLiteral("finish_reason")).isString())
                finishReason = choice.value(QStringLiteral("finish_reason")).toString();
        }
        QCOMPARE(streamed, whole);
        QCOMPARE(finishReason, QStringLiteral("stop"));
        const QJsonObject usageChunk = QJsonDocument::fromJson(data.at(data.size() - 2)).object();
        QVERIFY(usageChunk.value(QStringLiteral("choices")).toArray().isEmpty());
        QCOMPARE(usageChunk.value(QStringLiteral("usage"))
                     .toObject()
                     .value(QStringLiteral("completion_tokens"))
                     .toInt(),
                 ceilQuarter(whole.size()));
    }

    void streamsWithoutUsageUnlessAskedFor()
    {
        const TestResponse r = m_http.post(url(QStringLiteral("/chat/completions")),
                                           chat(QStringLiteral("task 1.1"), true));
        for (const QByteArray &data : sseData(r.body))
            QVERIFY(!data.contains("\"usage\""));
    }

    void streamedChunksArriveOverTime()
    {
        LatencySettings latency;
        latency.chunkIntervalMs = 20;
        latency.chunkCharacters = 8;
        startService(latency);
        QNetworkReply *reply = m_http.start("POST", url(QStringLiteral("/chat/completions")),
                                            jsonBytes(chat(QStringLiteral("task 1.1"), true)));
        QElapsedTimer timer;
        timer.start();
        qint64 firstBytesMs = -1;
        connect(reply, &QNetworkReply::readyRead, this, [&] {
            if (firstBytesMs < 0)
                firstBytesMs = timer.elapsed();
        });
        const TestResponse r = HttpTestClient::finish(reply);
        const qint64 totalMs = timer.elapsed();
        QCOMPARE(r.status, 200);
        QVERIFY(firstBytesMs >= 0);
        QVERIFY2(
            totalMs - firstBytesMs >= 200,
            qPrintable(QStringLiteral("first %1 ms, total %2 ms").arg(firstBytesMs).arg(totalMs)));
    }

    void latencyDelaysTheAnswer()
    {
        LatencySettings latency;
        latency.medianMs = 300;
        startService(latency);
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(
            m_http.post(url(QStringLiteral("/chat/completions")), chat(QStringLiteral("x"))).status,
            200);
        QVERIFY(timer.elapsed() >= 280);
    }

    void logNormalLatencySpreadsAroundTheMedian()
    {
        LatencySettings settings;
        settings.medianMs = 100;
        settings.spread = 0.5;
        settings.seed = 3;
        LatencyModel model(settings);
        QList<int> samples;
        for (int i = 0; i < 2001; ++i)
            samples.append(model.sampleFirstTokenMs());
        std::sort(samples.begin(), samples.end());
        QVERIFY(samples.at(1000) >= 90 && samples.at(1000) <= 110);
        QVERIFY(samples.first() < 60);
        QVERIFY(samples.last() > 180);
    }

    void scenarioRulesMatchTitlesAndTaskIds_data()
    {
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<QString>("expected");
        QTest::newRow("task id label") << "Task ID: 1.1"
                                       << "src/models.py";
        QTest::newRow("json task_id") << "{\"task_id\": \"1.1\"}"
                                      << "src/models.py";
        QTest::newRow("a longer id does not match") << "Task 1.10"
                                                    << "NOTES.md";
        QTest::newRow("title regex ignores case") << "Title: Make It Fail please"
                                                  << "I cannot answer in JSON today.";
        QTest::newRow("unmatched prompt") << "Paint the fence"
                                          << "NOTES.md";
    }

    void scenarioRulesMatchTitlesAndTaskIds()
    {
        QFETCH(QString, prompt);
        QFETCH(QString, expected);
        const QString content =
            contentOf(m_http.post(url(QStringLiteral("/chat/completions")), chat(prompt)));
        QVERIFY2(content.contains(expected), qPrintable(content));
    }

    void anUnmatchedPromptGetsAHarmlessValidAnswer()
    {
        const QString content = contentOf(
            m_http.post(url(QStringLiteral("/chat/completions")), chat(QStringLiteral("?"))));
        const QJsonObject answer = QJsonDocument::fromJson(content.toUtf8()).object();
        const QJsonArray changes = answer.value(QStringLiteral("code_changes")).toArray();
        QCOMPARE(changes.size(), 1);
        QCOMPARE(changes.at(0).toObject().value(QStringLiteral("file_path")).toString(),
                 QStringLiteral("NOTES.md"));
        QCOMPARE(changes.at(0).toObject().value(QStringLiteral("operation")).toString(),
                 QStringLiteral("create"));
        QVERIFY(answer.value(QStringLiteral("explanation"))
                    .toString()
                    .contains(QStringLiteral("Scripted offline model")));
    }

    void maxTokensCutsTheAnswerWithFinishReasonLength()
    {
        QJsonObject body = chat(QStringLiteral("Task 1.1"));
        body.insert(QStringLiteral("max_tokens"), 5);
        const TestResponse r = m_http.post(url(QStringLiteral("/chat/completions")), body);
        QCOMPARE(contentOf(r).size(), 20);
        const QJsonObject choice =
            r.json().value(QStringLiteral("choices")).toArray().at(0).toObject();
        QCOMPARE(choice.value(QStringLiteral("finish_reason")).toString(),
                 QStringLiteral("length"));
        QCOMPARE(r.json()
                     .value(QStringLiteral("usage"))
                     .toObject()
                     .value(QStringLiteral("completion_tokens"))
                     .toInt(),
                 5);
    }

    void listsOneClearlyLabelledModel()
    {
        const TestResponse r = m_http.get(url(QStringLiteral("/models")));
        QCOMPARE(r.status, 200);
        const QJsonArray models = r.json().value(QStringLiteral("data")).toArray();
        QCOMPARE(models.size(), 1);
        const QJsonObject model = models.at(0).toObject();
        QCOMPARE(model.value(QStringLiteral("id")).toString(),
                 QStringLiteral("necrocode-scripted-offline"));
        const QString description = model.value(QStringLiteral("description")).toString();
        QVERIFY(description.contains(QStringLiteral("Scripted offline model")));
        QCOMPARE(m_http.get(url(QStringLiteral("/models/necrocode-scripted-offline"))).status, 200);
        QCOMPARE(m_http.get(url(QStringLiteral("/models/gpt-unknown"))).status, 404);
    }

    void invalidRequestsGetOpenAiErrors_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("param");
        QTest::newRow("no messages") << QByteArray("{\"model\":\"m\"}") << "messages";
        QTest::newRow("empty messages") << QByteArray("{\"messages\":[]}") << "messages";
        QTest::newRow("message without role")
            << QByteArray("{\"messages\":[{\"content\":\"x\"}]}") << "messages[0].role";
        QTest::newRow("bad max_tokens")
            << QByteArray("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":0}")
            << "max_tokens";
    }

    void invalidRequestsGetOpenAiErrors()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, param);
        const TestResponse r = m_http.send("POST", url(QStringLiteral("/chat/completions")), body);
        QCOMPARE(r.status, 400);
        const QJsonObject error = r.json().value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("param")).toString(), param);
        QCOMPARE(error.value(QStringLiteral("type")).toString(),
                 QStringLiteral("invalid_request_error"));
    }

    void aConfiguredApiKeyIsRequired()
    {
        startService({}, QStringLiteral("sk-local"));
        QCOMPARE(
            m_http.post(url(QStringLiteral("/chat/completions")), chat(QStringLiteral("x"))).status,
            401);
        QCOMPARE(m_http.get(url(QStringLiteral("/models"))).status, 401);
        QCOMPARE(m_http
                     .post(url(QStringLiteral("/chat/completions")), chat(QStringLiteral("x")),
                           {{"Authorization", "Bearer sk-local"}})
                     .status,
                 200);
    }
};

QTEST_GUILESS_MAIN(TestScriptedLlmService)
#include "test_scripted_llm_service.moc"
