// Who may use the services: with a token, every service path answers 401 (with
// WWW-Authenticate) without it and with a wrong one, and as before with it, while /livez and
// /readyz stay open; /admin/faults is 404 unless enabled (admin_faults or --demo); the stack and
// `necrocode-services` refuse an address other machines can reach without a token (exit 2 with
// a message naming token_file), and `necrocode-runner serve` likewise for its health server; the
// demo runs end to end through a worker that holds the tokens, none of which appears in its log.
#include "HttpTestClient.h"
#include "ServeWorkerProcess.h"
#include "stack/LocalServiceStack.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;
using namespace necrocode::test;

namespace {

const QString kToken = QStringLiteral("stack-token-4f1c9a");

struct Probe
{
    const char *verb;
    QUrl url;
};

} // namespace

class TestServiceAccess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        ServiceStackConfig config;
        config.dataDirectory = m_dir.filePath(QStringLiteral("services"));
        config.demo = false;
        config.token = kToken;
        m_stack = std::make_unique<LocalServiceStack>(config);
        const auto urls = m_stack->start();
        QVERIFY2(urls, qPrintable(urls.errorMessage()));
        m_urls = *urls;
    }

    void everyServicePathNeedsTheToken()
    {
        const QUrl llmBase(m_urls.llm.toString().chopped(3)); // without /v1
        const QList<Probe> probes{
            {"GET", urlOf(m_urls.taskRegistry, QStringLiteral("/health"))},
            {"GET", urlOf(m_urls.taskRegistry, QStringLiteral("/specs"))},
            {"GET", urlOf(m_urls.taskRegistry, QStringLiteral("/workers"))},
            {"GET", urlOf(m_urls.repoPool, QStringLiteral("/health"))},
            {"GET", urlOf(m_urls.repoPool, QStringLiteral("/pools"))},
            {"GET", urlOf(m_urls.artifactStore, QStringLiteral("/health"))},
            {"GET", urlOf(llmBase, QStringLiteral("/health"))},
            {"GET", urlOf(llmBase, QStringLiteral("/v1/models"))},
        };
        const Headers wrong{{"Authorization", "Bearer not-the-token"}};
        const Headers right{{"Authorization", "Bearer " + kToken.toUtf8()}};
        for (const Probe &probe : probes) {
            const QString what = QString::fromLatin1(probe.verb) + u' ' + probe.url.toString();
            const TestResponse none = m_http.send(probe.verb, probe.url, {});
            QVERIFY2(none.status == 401, qPrintable(what));
            QCOMPARE(none.header("WWW-Authenticate"), QByteArray("Bearer realm=\"necrocode\""));
            QVERIFY(!none.body.contains(kToken.toUtf8()));
            QVERIFY2(m_http.send(probe.verb, probe.url, {}, wrong).status == 401, qPrintable(what));
            QVERIFY2(m_http.send(probe.verb, probe.url, {}, right).status == 200, qPrintable(what));
        }
        // The scripted model answers its API's way, as OpenAI does, on every /v1 path.
        for (const QString &path : {QStringLiteral("/v1/models"),
                                    QStringLiteral("/v1/models/necrocode-scripted-offline")}) {
            const TestResponse refused = m_http.get(urlOf(llmBase, path));
            QCOMPARE(refused.status, 401);
            const QJsonObject error = refused.json().value(QLatin1String("error")).toObject();
            QCOMPARE(error.value(QLatin1String("code")).toString(),
                     QStringLiteral("invalid_api_key"));
            QCOMPARE(m_http.get(urlOf(llmBase, path), right).status, 200);
        }
        // A write without the token changes nothing.
        const QUrl tasks = urlOf(m_urls.taskRegistry, QStringLiteral("/specs/s/tasks"));
        QCOMPARE(m_http.post(tasks, {{"id", "1"}, {"title", "t"}}).status, 401);
        QCOMPARE(m_http.get(tasks, right).json().value(QLatin1String("tasks")).toArray().size(), 0);
    }

    void probesStayOpen()
    {
        for (const QUrl &base : {m_urls.taskRegistry, m_urls.repoPool, m_urls.artifactStore}) {
            QCOMPARE(m_http.get(urlOf(base, QStringLiteral("/livez"))).status, 200);
            QCOMPARE(m_http.get(urlOf(base, QStringLiteral("/readyz"))).status, 200);
        }
    }

    void faultInjectionIsOffUnlessEnabled()
    {
        const Headers right{{"Authorization", "Bearer " + kToken.toUtf8()}};
        const TestResponse off =
            m_http.get(urlOf(m_urls.repoPool, QStringLiteral("/admin/faults")), right);
        QCOMPARE(off.status, 404);
        QCOMPARE(m_http.get(urlOf(m_urls.repoPool, QStringLiteral("//admin/faults")), right).status,
                 404);
        QVERIFY(off.json()
                    .value(QLatin1String("error"))
                    .toString()
                    .contains(QStringLiteral("fault injection is off")));

        QTemporaryDir dir;
        ServiceStackConfig demo;
        demo.dataDirectory = dir.filePath(QStringLiteral("services"));
        demo.demo = true;
        LocalServiceStack stack(demo);
        const auto urls = stack.start();
        QVERIFY2(urls, qPrintable(urls.errorMessage()));
        QCOMPARE(m_http.get(urlOf(urls->repoPool, QStringLiteral("/admin/faults"))).status, 200);
        stack.stop();
    }

    void anOpenAddressWithoutATokenIsRefused()
    {
        QTemporaryDir dir;
        ServiceStackConfig open;
        open.dataDirectory = dir.filePath(QStringLiteral("services"));
        open.bindAddress = QHostAddress(QHostAddress::AnyIPv4);
        LocalServiceStack stack(open);
        const auto refused = stack.start();
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, QStringLiteral("config"));
        QVERIFY(refused.errorMessage().contains(QStringLiteral("token_file")));

        const QString configPath = dir.filePath(QStringLiteral("services.json"));
        QFile file(configPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"bind_address": "0.0.0.0"})");
        file.close();
        // Without the operator's NECROCODE_* settings (a token file there would let them start).
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const QString &key : environment.keys())
            if (key.startsWith(QLatin1String("NECROCODE_")))
                environment.remove(key);
        QProcess services;
        services.setProcessEnvironment(environment);
        services.start(QStringLiteral(NECROCODE_SERVICES_EXECUTABLE),
                       {QStringLiteral("--config"), configPath, QStringLiteral("--data-dir"),
                        dir.filePath(QStringLiteral("data"))});
        QVERIFY(services.waitForFinished(20000));
        QCOMPARE(services.exitCode(), 2);
        const QByteArray said = services.readAllStandardError();
        QVERIFY2(said.contains("without a token") && said.contains("token_file"), said.constData());

        QProcess worker;
        worker.setProcessEnvironment(environment);
        worker.start(QStringLiteral(NECROCODE_RUNNER_EXECUTABLE),
                     {QStringLiteral("serve"), QStringLiteral("--health-port"), QStringLiteral("0"),
                      QStringLiteral("--set"), QStringLiteral("health.address=0.0.0.0"),
                      QStringLiteral("--task-registry-url"), m_urls.taskRegistry.toString(),
                      QStringLiteral("--repo-pool-url"), m_urls.repoPool.toString(),
                      QStringLiteral("--artifact-store-url"), m_urls.artifactStore.toString(),
                      QStringLiteral("--llm-base-url"), m_urls.llm.toString()});
        QVERIFY(worker.waitForFinished(20000));
        QCOMPARE(worker.exitCode(), 2);
        const QByteArray workerSaid =
            worker.readAllStandardError() + worker.readAllStandardOutput();
        QVERIFY2(workerSaid.contains("health.token_file"), workerSaid.constData());
    }

    void aWorkerWithTheTokensRunsATask()
    {
        QTemporaryDir dir;
        const QString tokenPath = dir.filePath(QStringLiteral("token"));
        QFile file(tokenPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(kToken.toUtf8() + '\n');
        file.close();
        ServiceStackConfig config;
        config.dataDirectory = dir.filePath(QStringLiteral("services"));
        config.demo = true;
        config.token = kToken;
        config.llmLatency = LatencySettings{20.0, 0.0, 0, 24, std::nullopt};
        LocalServiceStack stack(config);
        const auto urls = stack.start();
        QVERIFY2(urls, qPrintable(urls.errorMessage()));
        QStringList tokens;
        for (const char *key : {"task_registry.token_file", "repo_pool.token_file",
                                "artifact_store.token_file", "health.token_file"})
            tokens << QStringLiteral("--set") << QLatin1String(key) + u'=' + tokenPath;
        // The scripted model takes the stack's token as its API key.
        ServeWorkerProcess worker(
            *urls, QStringLiteral("worker-t"),
            tokens + QStringList{QStringLiteral("--set"), QStringLiteral("llm.api_key=") + kToken});
        const auto completed = [&] {
            for (const QJsonObject &line : worker.lines())
                if (line.value(QLatin1String("message"))
                        .toString()
                        .startsWith(QLatin1String("task 1.1 completed")))
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(completed(), 60000);
        for (const QJsonObject &line : worker.lines())
            QVERIFY(!QJsonDocument(line).toJson().contains(kToken.toUtf8()));
        // Its health server asks for the token too.
        QCOMPARE(m_http.get(urlOf(worker.url(), QStringLiteral("/health"))).status, 401);
        QCOMPARE(m_http
                     .get(urlOf(worker.url(), QStringLiteral("/health")),
                          {{"Authorization", "Bearer " + kToken.toUtf8()}})
                     .status,
                 200);
    }

    void cleanupTestCase() { m_stack->stop(); }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<LocalServiceStack> m_stack;
    ServiceUrls m_urls;
    HttpTestClient m_http;
};

QTEST_GUILESS_MAIN(TestServiceAccess)
#include "test_service_access.moc"
