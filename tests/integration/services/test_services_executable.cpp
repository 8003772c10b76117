// necrocode-services as a process: one JSON line with the four URLs once all listen, the demo
// data, and a clean exit on SIGTERM.
#include "HttpTestClient.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace necrocode::test;

class TestServicesExecutable : public QObject
{
    Q_OBJECT

private:
    HttpTestClient m_http;

private Q_SLOTS:
    void printsTheUrlsAndStopsOnSigterm()
    {
        QTemporaryDir dir;
        const QString configPath = dir.filePath(QStringLiteral("config.json"));
        QFile config(configPath);
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("{\"llm\":{\"latency\":{\"median_ms\":0,\"chunk_interval_ms\":0}}}");
        config.close();

        QProcess process;
        process.start(QStringLiteral(NECROCODE_SERVICES_EXECUTABLE),
                      {QStringLiteral("--data-dir"), dir.filePath(QStringLiteral("data")),
                       QStringLiteral("--config"), configPath, QStringLiteral("--demo")});
        QVERIFY(process.waitForStarted(10000));
        QVERIFY(QTest::qWaitFor(
            [&] { return process.canReadLine() || process.state() != QProcess::Running; }, 30000));
        const QByteArray line = process.readLine();
        const QJsonObject urls = QJsonDocument::fromJson(line).object();
        QVERIFY2(urls.size() == 4, QByteArray(line + process.readAllStandardError()).constData());
        QVERIFY(urls.value(QStringLiteral("llm")).toString().endsWith(QStringLiteral("/v1")));
        for (const QString &key : {QStringLiteral("task_registry"), QStringLiteral("repo_pool"),
                                   QStringLiteral("artifact_store")}) {
            const QUrl base(urls.value(key).toString());
            QCOMPARE(base.host(), QStringLiteral("127.0.0.1"));
            QCOMPARE(m_http.get(urlOf(base, QStringLiteral("/health"))).status, 200);
        }
        const QJsonArray specs =
            m_http
                .get(urlOf(QUrl(urls.value(QStringLiteral("task_registry")).toString()),
                           QStringLiteral("/specs")))
                .json()
                .value(QStringLiteral("specs"))
                .toArray();
        QCOMPARE(specs.at(0).toObject().value(QStringLiteral("task_count")).toInt(), 6);

        ::kill(pid_t(process.processId()), SIGTERM);
        QVERIFY(process.waitForFinished(15000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        QVERIFY(
            QFile::exists(dir.filePath(QStringLiteral("data/task-registry/task-registry.sqlite"))));
    }

    void aBadConfigurationExitsWithItsMessage()
    {
        QTemporaryDir dir;
        const QString configPath = dir.filePath(QStringLiteral("config.json"));
        QFile config(configPath);
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("{\"repo_pool\":{\"slots_per_pool\":0}}");
        config.close();
        QProcess process;
        process.start(QStringLiteral(NECROCODE_SERVICES_EXECUTABLE),
                      {QStringLiteral("--config"), configPath});
        QVERIFY(process.waitForFinished(15000));
        QCOMPARE(process.exitCode(), 2);
        QVERIFY(process.readAllStandardError().contains("'repo_pool.slots_per_pool'"));
    }
};

QTEST_GUILESS_MAIN(TestServicesExecutable)
#include "test_services_executable.moc"
