// A run that cannot hurt its operator, end to end with real bubblewrap and real git: the model's
// test code cannot write outside the workspace, read a secret or plant a hook or a setting that
// runs in a later task or in the pool; a model endpoint that echoes the key leaves no trace of it
// in anything the services store; the diff artifact stays the code that was pushed.
#include "EngineHarness.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;
using namespace necrocode::test;

namespace {

const QString kSpec = QStringLiteral("hostile");
const QString kSecret = QStringLiteral("sk-hostile-0123456789abcdefghijklmnop");
const QString kGitToken = QStringLiteral("ghp_hostileGitToken0123456789abcdefABCD");

const QString kHostileTitle = QStringLiteral("Hostile test code");
const QString kAfterTitle = QStringLiteral("The next task in the same slot");
const QString kPasswordTitle = QStringLiteral("Code with a password-like literal");
const QString kRestartTitle = QStringLiteral("Keep working while the services restart");

// A unit test that tries everything a hostile model could put in a test, then passes.
QString hostileTest(const QString &outside, const QString &marker)
{
    return QStringLiteral(
               "import glob, os, unittest\n\n\n"
               "def attempt(action):\n"
               "    try:\n"
               "        action()\n"
               "    except Exception as error:\n"
               "        print('refused:', error)\n\n\n"
               "def write(path, text, mode=0o644):\n"
               "    with open(path, 'w') as f:\n"
               "        f.write(text)\n"
               "    os.chmod(path, mode)\n\n\n"
               "class Hostile(unittest.TestCase):\n"
               "    def test_everything(self):\n"
               "        hook = '#!/bin/sh\\ntouch %2\\n'\n"
               "        for name in ('pre-commit', 'post-commit', 'pre-push', 'post-checkout',\n"
               "                     'reference-transaction'):\n"
               "            attempt(lambda: write('.git/hooks/' + name, hook, 0o755))\n"
               "        attempt(lambda: open('.git/config', 'a').write(\n"
               "            '[core]\\n\\tfsmonitor = touch %2\\n'))\n"
               "        attempt(lambda: write('%1', 'escaped'))\n"
               "        for path in glob.glob('/proc/*/environ'):\n"
               "            # reversed, so that no masking of the output can hide a leak\n"
               "            attempt(lambda: print('ENV', path, open(path, 'rb').read()[::-1]))\n"
               "        print('OWN', dict(os.environ))\n")
        .arg(outside, marker);
}

// A model endpoint that refuses every key and repeats it, as some providers do.
class EchoingUnauthorizedModel
{
public:
    EchoingUnauthorizedModel()
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                    const QByteArray request = socket->readAll();
                    const qsizetype at = request.indexOf("Bearer ");
                    const QByteArray key =
                        at < 0 ? QByteArray() : request.mid(at + 7).split('\r').first();
                    const QByteArray body = "{\"error\":{\"message\":\"Incorrect API key "
                                            "provided: " +
                                            key + "\",\"type\":\"invalid_request_error\"}}";
                    socket->write("HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n"
                                  "Connection: close\r\nContent-Length: " +
                                  QByteArray::number(body.size()) + "\r\n\r\n" + body);
                    socket->disconnectFromHost();
                });
            }
        });
        m_server.listen(QHostAddress::LocalHost);
    }
    QString baseUrl() const
    {
        return QStringLiteral("http://127.0.0.1:%1/v1").arg(m_server.serverPort());
    }

private:
    QTcpServer m_server;
};

// Every file under `directory` that holds `needle`, in any byte form we know of.
QStringList filesContaining(const QString &directory, const QString &needle)
{
    QStringList found;
    QDirIterator it(directory, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle.toUtf8()))
            found.append(file.fileName());
    }
    return found;
}

} // namespace

class TestEngineHostile : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<EngineHarness> m_harness;
    QString m_origin;
    QString m_outside;
    QString m_marker;

    FinishedRun runTask(const QString &id, const std::function<void(RunnerConfig &)> &adjust = {},
                        const std::function<void(RunnerPool &)> &during = {})
    {
        Result<TaskContext> task = m_harness->taskContext(kSpec, id);
        if (!task) {
            qWarning("%s", qPrintable(task.errorMessage()));
            return {};
        }
        RunnerConfig config = m_harness->runnerConfig(QStringLiteral("hostile-") + id, 1);
        config.llm.apiKey = kSecret;
        config.gitToken = kGitToken;
        if (adjust)
            adjust(config);
        SecretMasker masker;
        masker.addKnownSecrets(config.secrets());
        m_harness->logs()->setMasker(masker);
        RunnerPool pool(config, m_harness->logs());
        RunRecorder recorder(pool);
        pool.enqueue(task.value());
        if (during)
            during(pool);
        if (!recorder.waitForFinished(1, 90000))
            qWarning("task %s did not finish", qPrintable(id));
        return recorder.finishedRun(id);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qputenv("GIT_TOKEN", kGitToken.toUtf8());
        qputenv("LLM_API_KEY", kSecret.toUtf8());
        m_outside = m_dir.filePath(QStringLiteral("outside-the-workspace.txt"));
        m_marker = m_dir.filePath(QStringLiteral("planted-hook-ran"));
        m_harness = std::make_unique<EngineHarness>(m_dir.filePath(QStringLiteral("data")));
        EngineHarness::Options options;
        options.slotsPerPool = 1; // every task gets the same working copy
        options.scenarioRules = {
            answerRule(kHostileTitle, {createFile(QStringLiteral("tests/test_hostile.py"),
                                                  hostileTest(m_outside, m_marker))}),
            answerRule(kAfterTitle, passingChange(QStringLiteral("after"))),
            answerRule(kRestartTitle, passingChange(QStringLiteral("restarted"))),
            answerRule(kPasswordTitle,
                       {createFile(QStringLiteral("settings.py"),
                                   QStringLiteral("DATABASE_PASSWORD = \"hunter2-for-tests\"\n"
                                                  "HEADER = \"Bearer abc.def\"\n"))}),
        };
        const Status started = m_harness->start(options);
        QVERIFY2(started, qPrintable(started.errorMessage()));
        const Result<QString> origin = m_harness->demoOrigin();
        QVERIFY2(origin, qPrintable(origin.errorMessage()));
        m_origin = origin.value();
        const Status created = m_harness->createTasks(
            kSpec,
            {taskDefinition(QStringLiteral("hostile"), kHostileTitle, m_origin),
             taskDefinition(QStringLiteral("after"), kAfterTitle, m_origin),
             taskDefinition(QStringLiteral("password"), kPasswordTitle, m_origin),
             taskDefinition(QStringLiteral("echoed-key"), kAfterTitle, m_origin),
             taskDefinition(
                 QStringLiteral("restart"), kRestartTitle, m_origin,
                 {{QStringLiteral("test_commands"),
                   QJsonArray{QStringLiteral("sleep 3 && python3 -m unittest discover")}}})});
        QVERIFY2(created, qPrintable(created.errorMessage()));
    }

    void hostileTestCodeIsContained()
    {
        // A process of this user with the secrets in its environment from its start (as a
        // worker started with GIT_TOKEN has): /proc/<pid>/environ is the way in.
        QProcess holder;
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("GIT_TOKEN"), kGitToken);
        environment.insert(QStringLiteral("LLM_API_KEY"), kSecret);
        holder.setProcessEnvironment(environment);
        holder.start(QStringLiteral("/bin/sleep"), {QStringLiteral("120")});
        QVERIFY(holder.waitForStarted());
        const FinishedRun hostile = runTask(QStringLiteral("hostile"));
        holder.kill();
        holder.waitForFinished();
        QVERIFY2(hostile.result.success, qPrintable(hostile.result.error));
        QVERIFY(hostile.result.tests);
        const QString output = hostile.result.tests->results.value(0).output;
        QVERIFY2(output.contains(QLatin1String("refused:")), qPrintable(output));
        QVERIFY2(output.contains(QLatin1String("OWN")), qPrintable(output));
        for (QString secret : {kSecret, kGitToken}) {
            QVERIFY2(!output.contains(secret), qPrintable(output));
            std::reverse(secret.begin(), secret.end());
            QVERIFY2(!output.contains(secret), qPrintable(output));
        }
        QVERIFY(!output.contains(QLatin1String("GIT_TOKEN")));
        QVERIFY(!QFile::exists(m_outside));
        QVERIFY(m_harness->waitForIdlePool(30000));

        // The same working copy runs the next task: commit, push and the pool's cleaning ran,
        // none of the planted hooks or settings did.
        const FinishedRun after = runTask(QStringLiteral("after"));
        QVERIFY2(after.result.success, qPrintable(after.result.error));
        QVERIFY(m_harness->waitForIdlePool(30000));
        QVERIFY2(!QFile::exists(m_marker), "a hook planted by test code ran later");
    }

    void anEchoedKeyNeverReachesTheServices()
    {
        EchoingUnauthorizedModel model;
        const FinishedRun run = runTask(QStringLiteral("echoed-key"), [&](RunnerConfig &config) {
            config.llm.baseUrl = model.baseUrl();
        });
        QVERIFY(!run.result.success);
        QCOMPARE(run.result.errorType, QStringLiteral("auth"));
        QVERIFY2(run.result.error.contains(QLatin1String("Incorrect API key")),
                 qPrintable(run.result.error));
        QVERIFY(!run.result.error.contains(kSecret));
        QVERIFY(m_harness->waitForIdlePool(30000));
        const Result<QJsonObject> task = m_harness->task(kSpec, QStringLiteral("echoed-key"));
        QVERIFY(task);
        QCOMPARE(task->value(QLatin1String("state")).toString(), QStringLiteral("failed"));
        // The registry's database, the artifacts and every other file the services keep.
        const QStringList leaked = filesContaining(m_harness->dataDirectory(), kSecret);
        QVERIFY2(leaked.isEmpty(), qPrintable(leaked.join(u", ")));
    }

    void aServicesRestartMidTaskKeepsTheSlotAndTheWork()
    {
        QString slotPath;
        const FinishedRun run = runTask(QStringLiteral("restart"), {}, [&](RunnerPool &pool) {
            QObject context;
            bool testing = false;
            QObject::connect(&pool, &RunnerPool::runChanged, &context,
                             [&testing](const RunSnapshot &snapshot) {
                                 testing = testing || snapshot.phase == RunPhase::TestExecution;
                             });
            QVERIFY(RunRecorder::waitUntil([&] { return testing; }, 60000));
            const Status restarted = m_harness->restartServices();
            QVERIFY2(restarted, qPrintable(restarted.errorMessage()));
        });
        QVERIFY2(run.result.success, qPrintable(run.result.error));
        QVERIFY(run.result.push && run.result.push->success);
        // The work is on the pushed branch of the origin, not only in a reflog.
        QProcess git;
        git.start(QStringLiteral("git"),
                  {QStringLiteral("-C"), m_origin, QStringLiteral("rev-parse"),
                   QStringLiteral("refs/heads/") + run.result.push->branchName});
        QVERIFY(git.waitForFinished(10000));
        QCOMPARE(QString::fromUtf8(git.readAllStandardOutput()).trimmed(),
                 run.result.push->commitHash);
        QProcess show;
        show.start(QStringLiteral("git"), {QStringLiteral("-C"), m_origin, QStringLiteral("show"),
                                           QStringLiteral("--stat"), QStringLiteral("--format=%s"),
                                           run.result.push->commitHash});
        QVERIFY(show.waitForFinished(10000));
        QVERIFY2(show.readAllStandardOutput().contains("restarted"), "the commit lacks the change");
        QVERIFY(m_harness->waitForIdlePool(30000));
        int completed = 0;
        for (const QJsonObject &event : m_harness->events(kSpec, QStringLiteral("restart")))
            completed += event.value(QLatin1String("event_type")).toString() == u"TaskCompleted";
        QCOMPARE(completed, 1);
    }

    void theDiffArtifactIsTheCodeThatWasPushed()
    {
        const FinishedRun run = runTask(QStringLiteral("password"));
        QVERIFY2(run.result.success, qPrintable(run.result.error));
        QVERIFY(run.result.implementation);
        const QString diff = run.result.implementation->diff;
        QVERIFY2(diff.contains(QLatin1String("DATABASE_PASSWORD = \"hunter2-for-tests\"")),
                 qPrintable(diff));
        QVERIFY2(diff.contains(QLatin1String("HEADER = \"Bearer abc.def\"")), qPrintable(diff));
        const auto record = std::find_if(run.result.artifacts.begin(), run.result.artifacts.end(),
                                         [](const ArtifactRecord &a) { return a.type == u"diff"; });
        QVERIFY(record != run.result.artifacts.end());
        HttpTestClient http;
        const TestResponse stored = http.get(QUrl(record->uri));
        QCOMPARE(stored.status, 200);
        QCOMPARE(QString::fromUtf8(stored.body), diff);
    }
};

QTEST_GUILESS_MAIN(TestEngineHostile)
#include "test_engine_hostile.moc"
