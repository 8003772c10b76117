// The four clients against the local services on loopback, and the retry layer under fault
// injection: Retry-After is honoured, 503 is retried with backoff then classified, 400 is never
// retried, a retried POST with an idempotency key is recorded once, a timeout is "timeout".
#include "demo/DemoSeeder.h"
#include "metrics/MetricsCollector.h"
#include "net/ArtifactStoreClient.h"
#include "net/LlmClient.h"
#include "net/RepoPoolClient.h"
#include "net/TaskRegistryClient.h"
#include "stack/LocalServiceStack.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;

namespace {

// Waits for an asynchronous Reply<T> and returns its result.
template <typename T, typename Start> Result<T> await(Start start)
{
    std::optional<Result<T>> out;
    QObject context;
    start(&context, [&out](Result<T> r) { out = std::move(r); });
    QElapsedTimer clock;
    clock.start();
    while (!out && clock.elapsed() < 30000)
        QTest::qWait(5);
    if (!out)
        return makeError(QStringLiteral("no answer within 30 s"), QStringLiteral("test"));
    return *out;
}

} // namespace

class TestClientsAgainstServices : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<LocalServiceStack> m_stack;
    ServiceUrls m_urls;
    QNetworkAccessManager m_network;
    std::unique_ptr<HttpClient> m_http;
    std::shared_ptr<MetricsCollector> m_collector;

    ServiceEndpoint endpoint(const QUrl &url, int timeoutSeconds = 10) const
    {
        return ServiceEndpoint{url.toString(), QString(), timeoutSeconds};
    }

    void setFaults(const QUrl &service, const QJsonObject &faults)
    {
        QNetworkRequest request(QUrl(service.toString().remove(QStringLiteral("/v1")) +
                                     QStringLiteral("/admin/faults")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QNetworkReply *reply = m_network.put(request, QJsonDocument(faults).toJson());
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(done.wait(5000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() / 100, 2);
        reply->deleteLater();
    }

    int countEvents(const QString &type)
    {
        QNetworkReply *reply = m_network.get(QNetworkRequest(
            QUrl(m_urls.taskRegistry.toString() + QStringLiteral("/specs/idem/tasks/1/events"))));
        QSignalSpy done(reply, &QNetworkReply::finished);
        done.wait(5000);
        const QJsonDocument doc = QJsonDocument::fromJson(reply->readAll());
        reply->deleteLater();
        const QJsonArray events =
            doc.isArray() ? doc.array() : doc.object().value(QLatin1String("events")).toArray();
        int count = 0;
        for (const QJsonValue &e : events)
            count += e.toObject().value(QLatin1String("event_type")).toString() == type;
        return count;
    }

private Q_SLOTS:
    void initTestCase()
    {
        ServiceStackConfig config;
        config.dataDirectory = m_dir.filePath(QStringLiteral("services"));
        config.demo = true;
        config.llmLatency = LatencySettings{};
        m_stack = std::make_unique<LocalServiceStack>(config);
        const auto urls = m_stack->start();
        QVERIFY2(urls.ok(), qPrintable(urls.errorMessage()));
        m_urls = urls.value();
        m_http = std::make_unique<HttpClient>(&m_network, Logger(),
                                              RetryPolicy(RetryConfig{3, 0.05, 2.0, 1.0, 0.0}));
        m_collector = std::make_shared<MetricsCollector>(QStringLiteral("r"), QStringLiteral("t"),
                                                         QStringLiteral("s"));
        m_http->setRunEventObserver(m_collector);
    }

    void taskRegistryContract()
    {
        TaskRegistryClient registry(*m_http, endpoint(m_urls.taskRegistry));
        const QJsonArray tasks{
            QJsonObject{{QStringLiteral("id"), QStringLiteral("1")},
                        {QStringLiteral("title"), QStringLiteral("First")}},
            QJsonObject{{QStringLiteral("id"), QStringLiteral("2")},
                        {QStringLiteral("title"), QStringLiteral("Second")},
                        {QStringLiteral("dependencies"), QJsonArray{QStringLiteral("1")}}}};
        QVERIFY(await<QJsonObject>([&](QObject *c, auto done) {
                    registry.createTasks(QStringLiteral("contract"), tasks, c, done);
                }).ok());
        const auto ready = await<QJsonArray>([&](QObject *c, auto done) {
            registry.listTasks(QStringLiteral("contract"), QStringLiteral("ready"), c, done);
        });
        QVERIFY2(ready.ok(), qPrintable(ready.errorMessage()));
        QCOMPARE(ready->size(), 1);
        QVERIFY(await<Ok>([&](QObject *c, auto done) {
                    registry.updateStatus(QStringLiteral("contract"), QStringLiteral("1"),
                                          QStringLiteral("running"), {}, c, done);
                }).ok());
        QVERIFY(await<Ok>([&](QObject *c, auto done) {
                    registry.addEvent(QStringLiteral("contract"), QStringLiteral("1"),
                                      QStringLiteral("TaskAssigned"), {}, c, done);
                }).ok());
        QVERIFY(await<Ok>([&](QObject *c, auto done) {
                    registry.addArtifact(
                        QStringLiteral("contract"), QStringLiteral("1"),
                        ArtifactRecord{QStringLiteral("log"), QStringLiteral("http://x/1"), 3, {}},
                        c, done);
                }).ok());
        const auto task = await<QJsonObject>([&](QObject *c, auto done) {
            registry.getTask(QStringLiteral("contract"), QStringLiteral("1"), c, done);
        });
        QCOMPARE(task->value(QLatin1String("state")).toString(), QStringLiteral("running"));
        // An invalid transition is refused with its class.
        const auto invalid = await<Ok>([&](QObject *c, auto done) {
            registry.updateStatus(QStringLiteral("contract"), QStringLiteral("2"),
                                  QStringLiteral("done"), {}, c, done);
        });
        QVERIFY(!invalid.ok());
        QCOMPARE(invalid.error().kind, QStringLiteral("http_409"));
        const auto specs =
            await<QJsonArray>([&](QObject *c, auto done) { registry.listSpecs(c, done); });
        QVERIFY(specs.ok() && specs->size() >= 2);
    }

    void repoPoolAndArtifactStoreContract()
    {
        TaskRegistryClient registry(*m_http, endpoint(m_urls.taskRegistry));
        const auto demoTask = await<QJsonObject>([&](QObject *c, auto done) {
            registry.getTask(DemoSeeder::specName(), QStringLiteral("1.1"), c, done);
        });
        const QString origin = demoTask->value(QLatin1String("metadata"))
                                   .toObject()
                                   .value(QLatin1String("repo_url"))
                                   .toString();
        RepoPoolClient pool(*m_http, endpoint(m_urls.repoPool));
        const auto slot = await<SlotAllocation>([&](QObject *c, auto done) {
            pool.allocate(origin, QStringLiteral("contract"), 5, 0, QString(), c, done);
        });
        QVERIFY2(slot.ok(), qPrintable(slot.errorMessage()));
        QVERIFY(QFileInfo(slot->slotPath + QStringLiteral("/.git")).exists());
        // An allocation asked for again with its key is the same allocation, and withdrawing
        // the key gives its slot back.
        const QString key = QStringLiteral("contract-allocation-key");
        const auto keyed = await<SlotAllocation>([&](QObject *c, auto done) {
            pool.allocate(origin, QStringLiteral("contract"), 5, 0, key, c, done);
        });
        QVERIFY2(keyed.ok(), qPrintable(keyed.errorMessage()));
        QVERIFY(keyed->slotId != slot->slotId);
        const auto again = await<SlotAllocation>([&](QObject *c, auto done) {
            pool.allocate(origin, QStringLiteral("contract"), 5, 0, key, c, done);
        });
        QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
        QCOMPARE(again->slotId, keyed->slotId);
        QCOMPARE(again->leaseId, keyed->leaseId);
        const auto withdrawn =
            await<QString>([&](QObject *c, auto done) { pool.withdraw(key, c, done); });
        QVERIFY2(withdrawn.ok(), qPrintable(withdrawn.errorMessage()));
        QCOMPARE(*withdrawn, keyed->slotId);
        const auto withdrawnAgain =
            await<QString>([&](QObject *c, auto done) { pool.withdraw(key, c, done); });
        QVERIFY2(withdrawnAgain.ok(), qPrintable(withdrawnAgain.errorMessage()));
        QCOMPARE(*withdrawnAgain, QString());
        QVERIFY(await<Ok>([&](QObject *c, auto done) {
                    pool.release(slot->slotId, slot->leaseId, c, done);
                }).ok());
        const auto pools =
            await<QJsonArray>([&](QObject *c, auto done) { pool.listPools(c, done); });
        QVERIFY(pools.ok() && !pools->isEmpty());

        ArtifactStoreClient store(*m_http, endpoint(m_urls.artifactStore));
        QByteArray content(3 * 1024 * 1024, '\0');
        for (qsizetype i = 0; i < content.size(); ++i)
            content[i] = char(i * 7);
        const auto uri = await<QString>([&](QObject *c, auto done) {
            store.upload(ArtifactUpload{QStringLiteral("diff"),
                                        {{QStringLiteral("k"), 1}},
                                        content,
                                        QStringLiteral("a.bin")},
                         c, done);
        });
        QVERIFY2(uri.ok(), qPrintable(uri.errorMessage()));
        const auto back =
            await<QByteArray>([&](QObject *c, auto done) { store.download(uri.value(), c, done); });
        QVERIFY(back.ok());
        QCOMPARE(back.value(), content);
        const auto metadata = await<QJsonObject>(
            [&](QObject *c, auto done) { store.metadata(uri.value(), c, done); });
        QVERIFY2(metadata.ok(), qPrintable(metadata.errorMessage()));
        QCOMPARE(metadata->value(QLatin1String("size_bytes"))
                     .toInteger(metadata->value(QLatin1String("size")).toInteger()),
                 content.size());
    }

    void llmNonStreamingAndStreaming()
    {
        LlmConfig config;
        config.baseUrl = m_urls.llm.toString();
        for (bool stream : {false, true}) {
            config.stream = stream;
            LlmClient llm(*m_http, config);
            const auto answer = await<ChatResponse>([&](QObject *c, auto done) {
                llm.chat(llm.makeRequest(
                             {{QStringLiteral("user"),
                               QStringLiteral("# Task 1.1: Add subtraction and multiplication")}}),
                         c, done);
            });
            QVERIFY2(answer.ok(), qPrintable(answer.errorMessage()));
            QVERIFY(answer->content.contains(QStringLiteral("code_changes")));
            QVERIFY(answer->usageReported);
            QVERIFY(answer->promptTokens > 0 && answer->completionTokens > 0);
            QCOMPARE(answer->timeToFirstTokenSeconds.has_value(), stream);
        }
        LlmClient llm(*m_http, config);
        const auto models =
            await<QStringList>([&](QObject *c, auto done) { llm.listModels(c, done); });
        QVERIFY(models.ok() && models->contains(QStringLiteral("necrocode-scripted-offline")));
        QVERIFY(await<double>([&](QObject *c, auto done) { llm.checkHealth(c, done); }).ok());
    }

    void retryAfterIsHonoured()
    {
        setFaults(m_urls.taskRegistry,
                  {{QStringLiteral("fail_next"),
                    QJsonObject{{QStringLiteral("count"), 1},
                                {QStringLiteral("kind"), QStringLiteral("rate_limit")}}},
                   {QStringLiteral("retry_after_seconds"), 1}});
        TaskRegistryClient registry(*m_http, endpoint(m_urls.taskRegistry));
        QElapsedTimer clock;
        clock.start();
        const auto specs =
            await<QJsonArray>([&](QObject *c, auto done) { registry.listSpecs(c, done); });
        QVERIFY2(specs.ok(), qPrintable(specs.errorMessage()));
        QVERIFY2(clock.elapsed() >= 950 && clock.elapsed() < 5000,
                 qPrintable(QString::number(clock.elapsed())));
    }

    void unavailableIsRetriedThenClassified()
    {
        setFaults(m_urls.taskRegistry,
                  {{QStringLiteral("fail_next"),
                    QJsonObject{{QStringLiteral("count"), 5},
                                {QStringLiteral("kind"), QStringLiteral("error")},
                                {QStringLiteral("status"), 503}}},
                   {QStringLiteral("retry_after_seconds"), 0}});
        TaskRegistryClient registry(*m_http, endpoint(m_urls.taskRegistry));
        const double retriesBefore = m_collector->snapshot().retriesAttempted;
        const auto specs =
            await<QJsonArray>([&](QObject *c, auto done) { registry.listSpecs(c, done); });
        QVERIFY(!specs.ok());
        QCOMPARE(specs.error().kind, QStringLiteral("http_503"));
        QCOMPARE(m_collector->snapshot().retriesAttempted - retriesBefore, 2.0); // 3 attempts
        setFaults(m_urls.taskRegistry, {});
    }

    void badRequestsAreNotRetried()
    {
        setFaults(m_urls.taskRegistry,
                  {{QStringLiteral("fail_next"),
                    QJsonObject{{QStringLiteral("count"), 2},
                                {QStringLiteral("kind"), QStringLiteral("error")},
                                {QStringLiteral("status"), 400}}}});
        TaskRegistryClient registry(*m_http, endpoint(m_urls.taskRegistry));
        const double retriesBefore = m_collector->snapshot().retriesAttempted;
        const auto specs =
            await<QJsonArray>([&](QObject *c, auto done) { registry.listSpecs(c, done); });
        QCOMPARE(specs.error().kind, QStringLiteral("http_400"));
        QCOMPARE(m_collector->snapshot().retriesAttempted, retriesBefore);
        setFaults(m_urls.taskRegistry, {});
    }

    void retriedPostWithKeyIsRecordedOnce()
    {
        TaskRegistryClient registry(*m_http, endpoint(m_urls.taskRegistry));
        QVERIFY(await<QJsonObject>([&](QObject *c, auto done) {
                    registry.createTasks(
                        QStringLiteral("idem"),
                        QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("1")},
                                               {QStringLiteral("title"), QStringLiteral("x")}}},
                        c, done);
                }).ok());
        // A dropped connection is retried (the POST carries an Idempotency-Key).
        setFaults(m_urls.taskRegistry,
                  {{QStringLiteral("fail_next"),
                    QJsonObject{{QStringLiteral("count"), 1},
                                {QStringLiteral("kind"), QStringLiteral("drop")}}},
                   {QStringLiteral("path_prefix"), QStringLiteral("/specs/idem/tasks/1/events")}});
        QVERIFY(await<Ok>([&](QObject *c, auto done) {
                    registry.addEvent(QStringLiteral("idem"), QStringLiteral("1"),
                                      QStringLiteral("TaskUpdated"), {{QStringLiteral("n"), 1}}, c,
                                      done);
                }).ok());
        QCOMPARE(countEvents(QStringLiteral("TaskUpdated")), 1);
        // The same request sent twice with one key (as a retry after a lost answer would) is
        // recorded once.
        HttpRequest request;
        request.service = QStringLiteral("task_registry");
        request.operation = QStringLiteral("add_event");
        request.method = "POST";
        request.url =
            QUrl(m_urls.taskRegistry.toString() + QStringLiteral("/specs/idem/tasks/1/events"));
        request.contentType = "application/json";
        request.body = "{\"event_type\":\"RunnerFinished\",\"data\":{},\"timestamp\":1700000000.5}";
        request.idempotencyKey = QStringLiteral("fixed-key-1");
        for (int i = 0; i < 2; ++i) {
            std::optional<HttpOutcome> outcome;
            QObject context;
            m_http->send(request, &context, [&outcome](const HttpOutcome &o) { outcome = o; });
            QTRY_VERIFY(outcome.has_value());
            QVERIFY(outcome->ok);
        }
        QCOMPARE(countEvents(QStringLiteral("RunnerFinished")), 1);
        setFaults(m_urls.taskRegistry, {});
    }

    void timeoutIsClassified()
    {
        setFaults(m_urls.artifactStore, {{QStringLiteral("latency_ms"), 3000}});
        HttpClient once(&m_network, Logger(), RetryPolicy(RetryConfig{1, 0.05, 2.0, 1.0, 0.0}));
        ArtifactStoreClient store(once,
                                  ServiceEndpoint{m_urls.artifactStore.toString(), QString(), 1});
        const auto health =
            await<double>([&](QObject *c, auto done) { store.healthCheck(c, done); });
        QVERIFY(!health.ok());
        QCOMPARE(health.error().kind, QStringLiteral("timeout"));
        setFaults(m_urls.artifactStore, {});
    }

    void cleanupTestCase()
    {
        if (m_stack)
            m_stack->stop();
    }
};

QTEST_GUILESS_MAIN(TestClientsAgainstServices)
#include "test_clients_against_services.moc"
