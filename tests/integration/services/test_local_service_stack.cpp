// The whole local stack: four services on their own threads with one data directory, the demo
// repository and task set (idempotent), asynchronous start, clean stop, and start failures.
#include "HttpTestClient.h"
#include "stack/LocalServiceStack.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;
using namespace necrocode::test;

namespace {

ServiceStackConfig quickConfig(const QString &dataDirectory, bool demo)
{
    ServiceStackConfig config;
    config.dataDirectory = dataDirectory;
    config.demo = demo;
    config.llmLatency = LatencySettings{};
    return config;
}

QJsonObject chatAbout(const QString &title)
{
    return QJsonObject{{QStringLiteral("model"), QStringLiteral("necrocode-scripted-offline")},
                       {QStringLiteral("messages"),
                        QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                               {QStringLiteral("content"),
                                                QString(QStringLiteral("Title: ") + title)}}}}};
}

QString answerOf(const TestResponse &r)
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

} // namespace

class TestLocalServiceStack : public QObject
{
    Q_OBJECT

private:
    HttpTestClient m_http;

private Q_SLOTS:
    void startsFourServicesWithTheDemoAndStopsCleanly()
    {
        QTemporaryDir dir;
        LocalServiceStack stack(quickConfig(dir.path(), true));
        const Result<ServiceUrls> urls = stack.start();
        QVERIFY2(urls.ok(), qPrintable(urls.errorMessage()));
        QVERIFY(stack.isRunning());
        QVERIFY(urls->llm.toString().endsWith(QStringLiteral("/v1")));
        for (const QUrl &base : {urls->taskRegistry, urls->repoPool, urls->artifactStore})
            QCOMPARE(m_http.get(urlOf(base, QStringLiteral("/health"))).status, 200);
        QCOMPARE(m_http.get(urlOf(urls->llm, QStringLiteral("/models"))).status, 200);

        const QJsonObject specs =
            m_http.get(urlOf(urls->taskRegistry, QStringLiteral("/specs"))).json();
        QCOMPARE(specs.value(QStringLiteral("specs"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
                 QStringLiteral("demo-calculator"));
        const QJsonArray ready =
            m_http
                .get(urlOf(urls->taskRegistry,
                           QStringLiteral("/specs/demo-calculator/tasks?state=ready")))
                .json()
                .value(QStringLiteral("tasks"))
                .toArray();
        QStringList readyIds;
        for (const QJsonValue &t : ready)
            readyIds.append(t.toObject().value(QStringLiteral("id")).toString());
        QCOMPARE(readyIds, (QStringList{QStringLiteral("1.1"), QStringLiteral("1.2"),
                                        QStringLiteral("4.2")}));

        const QString repoUrl = ready.at(0)
                                    .toObject()
                                    .value(QStringLiteral("metadata"))
                                    .toObject()
                                    .value(QStringLiteral("repo_url"))
                                    .toString();
        const TestResponse slot =
            m_http.post(urlOf(urls->repoPool, QStringLiteral("/slots/allocate")),
                        {{QStringLiteral("repo_url"), repoUrl},
                         {QStringLiteral("required_by"), QStringLiteral("test")}});
        QCOMPARE(slot.status, 200);
        const QString slotPath = slot.json().value(QStringLiteral("slot_path")).toString();
        QVERIFY(slotPath.startsWith(dir.path()));
        QProcess tests;
        tests.setWorkingDirectory(slotPath);
        tests.start(QStringLiteral("python3"),
                    {QStringLiteral("-m"), QStringLiteral("unittest"), QStringLiteral("discover")});
        QVERIFY(tests.waitForFinished(30000));
        QVERIFY2(tests.exitCode() == 0, tests.readAllStandardError().constData());

        const QString division =
            answerOf(m_http.post(urlOf(urls->llm, QStringLiteral("/chat/completions")),
                                 chatAbout(QStringLiteral("Add safe division"))));
        QVERIFY(division.contains(QStringLiteral("calculator/division.py")));
        QVERIFY(division.contains(QStringLiteral("def divide(a, b)")));
        const QString outside = answerOf(
            m_http.post(urlOf(urls->llm, QStringLiteral("/chat/completions")),
                        chatAbout(QStringLiteral("Write release notes next to the repository"))));
        QVERIFY(outside.contains(QStringLiteral("../RELEASE_NOTES.txt")));

        stack.stop();
        QVERIFY(!stack.isRunning());
        QCOMPARE(m_http.get(urlOf(urls->taskRegistry, QStringLiteral("/health"))).status, 0);
    }

    void theDemoIsIdempotent()
    {
        QTemporaryDir dir;
        QByteArray tasksBefore;
        QByteArray eventsBefore;
        {
            LocalServiceStack stack(quickConfig(dir.path(), true));
            const Result<ServiceUrls> urls = stack.start();
            QVERIFY(urls.ok());
            tasksBefore =
                m_http
                    .get(urlOf(urls->taskRegistry, QStringLiteral("/specs/demo-calculator/tasks")))
                    .body;
            eventsBefore =
                m_http
                    .get(urlOf(urls->taskRegistry,
                               QStringLiteral("/specs/demo-calculator/tasks/1.1/events")))
                    .body;
        }
        LocalServiceStack again(quickConfig(dir.path(), true));
        const Result<ServiceUrls> urls = again.start();
        QVERIFY2(urls.ok(), qPrintable(urls.errorMessage()));
        QCOMPARE(
            m_http.get(urlOf(urls->taskRegistry, QStringLiteral("/specs/demo-calculator/tasks")))
                .body,
            tasksBefore);
        QCOMPARE(m_http
                     .get(urlOf(urls->taskRegistry,
                                QStringLiteral("/specs/demo-calculator/tasks/1.1/events")))
                     .body,
                 eventsBefore);
        QCOMPARE(m_http.get(urlOf(urls->taskRegistry, QStringLiteral("/specs")))
                     .json()
                     .value(QStringLiteral("specs"))
                     .toArray()
                     .size(),
                 1);
    }

    void servicesKeepAnsweringWhileTheCallerThreadIsBlocked()
    {
        QTemporaryDir dir;
        LocalServiceStack stack(quickConfig(dir.path(), false));
        const Result<ServiceUrls> urls = stack.start();
        QVERIFY(urls.ok());
        QTcpSocket socket; // blocking calls: this thread's event loop does not run meanwhile
        socket.connectToHost(QHostAddress::LocalHost, quint16(urls->taskRegistry.port()));
        QVERIFY(socket.waitForConnected(5000));
        socket.write("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        QVERIFY(socket.waitForBytesWritten(5000));
        QByteArray answer;
        while (socket.waitForReadyRead(5000))
            answer += socket.readAll();
        QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.constData());
    }

    void startAsyncReportsTheUrls()
    {
        QTemporaryDir dir;
        LocalServiceStack stack(quickConfig(dir.path(), false));
        QSignalSpy started(&stack, &LocalServiceStack::started);
        QSignalSpy failed(&stack, &LocalServiceStack::startFailed);
        stack.startAsync();
        QVERIFY(started.wait(10000));
        QCOMPARE(failed.count(), 0);
        const ServiceUrls urls = started.at(0).at(0).value<ServiceUrls>();
        QCOMPARE(urls, stack.urls());
        QVERIFY(stack.isRunning());
        QCOMPARE(m_http.get(urlOf(urls.artifactStore, QStringLiteral("/health"))).status, 200);
    }

    void aPortInUseFailsTheStartAndStopsTheOthers()
    {
        QTcpServer occupied;
        QVERIFY(occupied.listen(QHostAddress::LocalHost, 0));
        QTemporaryDir dir;
        ServiceStackConfig config = quickConfig(dir.path(), false);
        config.llm.port = occupied.serverPort();
        LocalServiceStack stack(config);
        const Result<ServiceUrls> urls = stack.start();
        QVERIFY(!urls.ok());
        QVERIFY2(urls.errorMessage().contains(QString::number(occupied.serverPort())),
                 qPrintable(urls.errorMessage()));
        QVERIFY(!stack.isRunning());
    }

    void configFilesAreValidatedByKey()
    {
        const QJsonObject good{
            {QStringLiteral("repo_pool"), QJsonObject{{QStringLiteral("slots_per_pool"), 4}}},
            {QStringLiteral("llm"),
             QJsonObject{
                 {QStringLiteral("latency"), QJsonObject{{QStringLiteral("median_ms"), 0}}},
                 {QStringLiteral("faults"), QJsonObject{{QStringLiteral("error_rate"), 0.1}}}}}};
        const Result<ServiceStackConfig> config = ServiceStackConfig::fromJson(good);
        QVERIFY2(config.ok(), qPrintable(config.errorMessage()));
        QCOMPARE(config->slotsPerPool, 4);
        QCOMPARE(config->llm.faults.errorRate, 0.1);
        QCOMPARE(config->llmLatency.medianMs, 0.0);

        const Result<ServiceStackConfig> typo = ServiceStackConfig::fromJson(
            {{QStringLiteral("repo_pool"), QJsonObject{{QStringLiteral("slots"), 4}}}});
        QVERIFY(!typo.ok());
        QVERIFY2(typo.errorMessage().contains(QStringLiteral("'repo_pool.slots'")),
                 qPrintable(typo.errorMessage()));
        const Result<ServiceStackConfig> badFault = ServiceStackConfig::fromJson(
            {{QStringLiteral("task_registry"),
              QJsonObject{
                  {QStringLiteral("faults"), QJsonObject{{QStringLiteral("drop_rate"), -1}}}}}});
        QVERIFY(
            badFault.errorMessage().contains(QStringLiteral("'task_registry.faults.drop_rate'")));
    }

    void theRegistryDatabaseIsReadFromTheConfig()
    {
        QTemporaryDir dir;
        QFile password(dir.filePath(QStringLiteral("db-password")));
        QVERIFY(password.open(QIODevice::WriteOnly));
        password.write("from-a-file\n");
        password.close();
        const Result<ServiceStackConfig> config = ServiceStackConfig::fromJson(
            {{QStringLiteral("task_registry"),
              QJsonObject{
                  {QStringLiteral("database"),
                   QStringLiteral("postgresql://reg@db.internal:6432/necro?sslmode=verify-"
                                  "full&connect_timeout=3")},
                  {QStringLiteral("database_password_file"), QStringLiteral("db-password")}}}},
            dir.path());
        QVERIFY2(config.ok(), qPrintable(config.errorMessage()));
        const Result<RegistryDatabase> database = config->registryDatabase(dir.path());
        QVERIFY(database.ok());
        QCOMPARE(database->kind, RegistryDatabase::Kind::PostgreSQL);
        const PostgresConnection c = postgresConnection(*database);
        QCOMPARE(c.host, QStringLiteral("db.internal"));
        QCOMPARE(c.port, 6432);
        QCOMPARE(c.user, QStringLiteral("reg"));
        QCOMPARE(c.database, QStringLiteral("necro"));
        QCOMPARE(c.password, QStringLiteral("from-a-file"));
        QCOMPARE(c.options, QStringLiteral("sslmode=verify-full;connect_timeout=3;"
                                           "application_name=necrocode-task-registry"));
        QVERIFY(!database->displayName().contains(QStringLiteral("from-a-file")));

        // A socket directory, and a password in the URL that is never shown.
        const Result<RegistryDatabase> socket = RegistryDatabase::postgresql(
            QStringLiteral("postgres://reg:hunter2@localhost/necro?host=/run/postgresql"));
        QVERIFY(socket.ok());
        QCOMPARE(postgresConnection(*socket).host, QStringLiteral("/run/postgresql"));
        QCOMPARE(postgresConnection(*socket).password, QStringLiteral("hunter2"));
        QVERIFY(!socket->displayName().contains(QStringLiteral("hunter2")));

        // Without one: the SQLite file under the data directory.
        const Result<RegistryDatabase> embedded = ServiceStackConfig().registryDatabase(dir.path());
        QCOMPARE(embedded->kind, RegistryDatabase::Kind::SQLite);
        QVERIFY(
            embedded->displayName().endsWith(QStringLiteral("task-registry/task-registry.sqlite")));

        const QList<QPair<QString, QString>> wrong{
            {QStringLiteral("mysql://u@h/db"), QStringLiteral("not a postgresql://")},
            {QStringLiteral("postgresql://u@h/"), QStringLiteral("names no database")},
            {QStringLiteral("postgresql://u@h/db?sslmode=require;x=1"), QStringLiteral("';'")},
            {QStringLiteral("postgresql://u@h/db?sslmode=require%3Bx%3D1"), QStringLiteral("';'")},
            {QStringLiteral("postgresql://u@h/db?sslrootcert=/my%20certs/ca.pem"),
             QStringLiteral("spaces")},
            {QStringLiteral("postgresql://u@h/db?password=pw@"),
             QStringLiteral("unknown connection setting 'password'")},
            {QStringLiteral("postgresql://u:pw@h/db?pool=3"),
             QStringLiteral("unknown connection setting 'pool'")}};
        for (const auto &[url, says] : wrong) {
            const Result<ServiceStackConfig> bad =
                ServiceStackConfig::fromJson({{QStringLiteral("task_registry"),
                                               QJsonObject{{QStringLiteral("database"), url}}}});
            QVERIFY2(!bad.ok(), qPrintable(url));
            QVERIFY2(bad.errorMessage().contains(QStringLiteral("'task_registry.database'")) &&
                         bad.errorMessage().contains(says),
                     qPrintable(bad.errorMessage()));
            QVERIFY2(!bad.errorMessage().contains(QStringLiteral("pw@")),
                     qPrintable(bad.errorMessage()));
        }
        const Result<ServiceStackConfig> noFile =
            ServiceStackConfig::fromJson({{QStringLiteral("task_registry"),
                                           QJsonObject{{QStringLiteral("database_password_file"),
                                                        QStringLiteral("/nonexistent/pw")}}}});
        QVERIFY(!noFile.ok());
        QVERIFY2(noFile.errorMessage().contains(QStringLiteral("database_password_file")),
                 qPrintable(noFile.errorMessage()));
    }

    void configuredFaultsApplyFromTheStart()
    {
        QTemporaryDir dir;
        ServiceStackConfig config = quickConfig(dir.path(), false);
        config.artifactStore.faults.failNextCount = 1;
        config.artifactStore.faults.failNextStatus = 500;
        LocalServiceStack stack(config);
        const Result<ServiceUrls> urls = stack.start();
        QVERIFY(urls.ok());
        QCOMPARE(m_http.get(urlOf(urls->artifactStore, QStringLiteral("/health"))).status, 500);
        QCOMPARE(m_http.get(urlOf(urls->artifactStore, QStringLiteral("/health"))).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestLocalServiceStack)
#include "test_local_service_stack.moc"
