#include "EngineHarness.h"

#include "demo/DemoSeeder.h"
#include "engine/TaskFeeder.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QDirIterator>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTimer>

namespace necrocode::test {

void CapturingLogSink::write(const LogEntry &entry)
{
    QMutexLocker lock(&m_mutex);
    m_entries.append(entry);
}

QList<LogEntry> CapturingLogSink::entries() const
{
    QMutexLocker lock(&m_mutex);
    return m_entries;
}

QList<LogEntry> CapturingLogSink::entriesOfTask(const QString &taskId) const
{
    QMutexLocker lock(&m_mutex);
    QList<LogEntry> out;
    for (const LogEntry &e : m_entries)
        if (e.taskId == taskId)
            out.append(e);
    return out;
}

QJsonObject answerRule(const QString &title, const QJsonArray &changes)
{
    return {{QStringLiteral("name"), title},
            {QStringLiteral("match"),
             QJsonObject{{QStringLiteral("title_regex"), QRegularExpression::escape(title)}}},
            {QStringLiteral("answer"),
             QJsonObject{{QStringLiteral("code_changes"), changes},
                         {QStringLiteral("explanation"),
                          QString(QStringLiteral("scripted for ") + title)}}}};
}

QJsonObject rawAnswerRule(const QString &title, const QString &content)
{
    return {{QStringLiteral("name"), title},
            {QStringLiteral("match"),
             QJsonObject{{QStringLiteral("title_regex"), QRegularExpression::escape(title)}}},
            {QStringLiteral("raw_content"), content}};
}

QJsonObject createFile(const QString &path, const QString &content)
{
    return {{QStringLiteral("file_path"), path},
            {QStringLiteral("operation"), QStringLiteral("create")},
            {QStringLiteral("content"), content}};
}

QJsonObject taskDefinition(const QString &id, const QString &title, const QString &repoUrl,
                           const QJsonObject &extraMetadata)
{
    QJsonObject metadata{{QStringLiteral("test_commands"),
                          QJsonArray{QStringLiteral("python3 -m unittest discover")}},
                         {QStringLiteral("complexity"), QStringLiteral("low")}};
    if (!repoUrl.isEmpty())
        metadata.insert(QStringLiteral("repo_url"), repoUrl);
    for (auto it = extraMetadata.begin(); it != extraMetadata.end(); ++it)
        metadata.insert(it.key(), it.value());
    return {{QStringLiteral("id"), id},
            {QStringLiteral("title"), title},
            {QStringLiteral("description"), QString(QStringLiteral("Engine test task: ") + title)},
            {QStringLiteral("acceptance_criteria"), QJsonArray{QStringLiteral("the tests pass")}},
            {QStringLiteral("dependencies"), QJsonArray{}},
            {QStringLiteral("required_skill"), QStringLiteral("python")},
            {QStringLiteral("metadata"), metadata}};
}

QJsonArray passingChange(const QString &stem)
{
    const QString module =
        QStringLiteral(
            "\"\"\"%1 for the demo calculator.\"\"\"\n\n\ndef %1(a):\n    return a * 2\n")
            .arg(stem);
    const QString test =
        QStringLiteral("import unittest\n\nfrom calculator.%1 import %1\n\n\n"
                       "class %1Test(unittest.TestCase):\n    def test_doubles(self):\n"
                       "        self.assertEqual(%1(21), 42)\n")
            .arg(stem);
    return {createFile(QStringLiteral("calculator/%1.py").arg(stem), module),
            createFile(QStringLiteral("tests/test_%1.py").arg(stem), test)};
}

Status runGit(const QStringList &arguments, const QString &directory)
{
    QProcess git;
    if (!directory.isEmpty())
        git.setWorkingDirectory(directory);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("GIT_TERMINAL_PROMPT"), QStringLiteral("0"));
    git.setProcessEnvironment(environment);
    git.start(QStringLiteral("git"), arguments);
    if (!git.waitForFinished(60000) || git.exitStatus() != QProcess::NormalExit ||
        git.exitCode() != 0)
        return makeError(
            QStringLiteral("git %1 failed: %2")
                .arg(arguments.join(u' '), QString::fromUtf8(git.readAllStandardError()).trimmed()),
            QStringLiteral("git"));
    return Ok{};
}

EngineHarness::EngineHarness(QString dataDirectory)
    : m_dataDirectory(std::move(dataDirectory)),
      m_logs(std::make_shared<LogDispatcher>(LogLevel::Debug)),
      m_capture(std::make_shared<CapturingLogSink>())
{
    m_logs->addSink(m_capture);
}

EngineHarness::~EngineHarness()
{
    stop();
}

Status EngineHarness::start(const Options &options)
{
    const QString scenarioPath = QDir(m_dataDirectory).filePath(QStringLiteral("scenario.json"));
    QDir().mkpath(m_dataDirectory);
    QFile scenario(scenarioPath);
    if (!scenario.open(QIODevice::WriteOnly) ||
        scenario.write(
            QJsonDocument(QJsonObject{{QStringLiteral("rules"), options.scenarioRules}}).toJson()) <
            0)
        return makeError(QStringLiteral("cannot write %1").arg(scenarioPath));
    scenario.close();

    ServiceStackConfig config;
    config.dataDirectory = QDir(m_dataDirectory).filePath(QStringLiteral("services"));
    config.slotsPerPool = options.slotsPerPool;
    config.scenarioFile = scenarioPath;
    config.llmLatency = LatencySettings{};
    config.adminFaults = true; // the tests inject faults
    m_config = config;
    m_stack = std::make_unique<LocalServiceStack>(config);
    const Result<ServiceUrls> urls = m_stack->start();
    if (!urls)
        return urls.error();
    m_urls = urls.value();
    return Ok{};
}

Status EngineHarness::restartServices()
{
    stop();
    ServiceStackConfig config = m_config;
    config.taskRegistry.port = quint16(m_urls.taskRegistry.port());
    config.repoPool.port = quint16(m_urls.repoPool.port());
    config.artifactStore.port = quint16(m_urls.artifactStore.port());
    config.llm.port = quint16(m_urls.llm.port());
    m_stack = std::make_unique<LocalServiceStack>(config);
    const Result<ServiceUrls> urls = m_stack->start();
    if (!urls)
        return urls.error();
    return Ok{};
}

void EngineHarness::stop()
{
    if (m_stack)
        m_stack->stop();
    m_stack.reset();
}

Result<QString> EngineHarness::demoOrigin()
{
    return DemoSeeder::ensureOriginRepository(
        QDir(m_dataDirectory).filePath(QStringLiteral("origins")));
}

Result<QString> EngineHarness::copyOfDemoOrigin(const QString &name)
{
    const Result<QString> origin = demoOrigin();
    if (!origin)
        return origin;
    const QString target =
        QDir(m_dataDirectory).filePath(QStringLiteral("origins/") + name + QStringLiteral(".git"));
    if (Status cloned = runGit({QStringLiteral("clone"), QStringLiteral("--quiet"),
                                QStringLiteral("--bare"), *origin, target});
        !cloned)
        return cloned.error();
    return target;
}

RunnerConfig EngineHarness::runnerConfig(const QString &runnerId, int parallelRunners) const
{
    RunnerConfig config;
    config.runnerId = runnerId;
    config.taskRegistry.url = m_urls.taskRegistry.toString();
    config.repoPool.url = m_urls.repoPool.toString();
    config.artifactStore.url = m_urls.artifactStore.toString();
    config.llm.baseUrl = m_urls.llm.toString();
    config.retry.initialDelaySeconds = 0.02;
    config.retry.maxDelaySeconds = 0.05;
    config.maxParallelRunners = parallelRunners;
    config.logLevel = LogLevel::Debug;
    return config;
}

QUrl EngineHarness::taskUrl(const QString &spec, const QString &id, const QString &suffix) const
{
    return urlOf(m_urls.taskRegistry, QStringLiteral("/specs/%1/tasks/%2%3").arg(spec, id, suffix));
}

Status EngineHarness::createTasks(const QString &spec, const QJsonArray &tasks)
{
    const TestResponse r =
        m_http.post(urlOf(m_urls.taskRegistry, QStringLiteral("/specs/%1/tasks").arg(spec)),
                    QJsonObject{{QStringLiteral("tasks"), tasks}});
    if (r.status != 200 && r.status != 201)
        return makeError(QStringLiteral("creating tasks of %1 answered %2: %3")
                             .arg(spec)
                             .arg(r.status)
                             .arg(QString::fromUtf8(r.body)));
    return Ok{};
}

Result<QJsonObject> EngineHarness::task(const QString &spec, const QString &id)
{
    const TestResponse r = m_http.get(taskUrl(spec, id));
    if (r.status != 200)
        return makeError(QStringLiteral("task %1/%2 answered %3").arg(spec, id).arg(r.status));
    return r.json();
}

Result<TaskContext> EngineHarness::taskContext(const QString &spec, const QString &id)
{
    const Result<QJsonObject> found = task(spec, id);
    if (!found)
        return found.error();
    return TaskFeeder::taskFromRegistry(*found);
}

QList<QJsonObject> EngineHarness::events(const QString &spec, const QString &id)
{
    return listOf(spec, id, QStringLiteral("events"));
}

QList<QJsonObject> EngineHarness::artifacts(const QString &spec, const QString &id)
{
    return listOf(spec, id, QStringLiteral("artifacts"));
}

QList<QJsonObject> EngineHarness::listOf(const QString &spec, const QString &id,
                                         const QString &what)
{
    const QJsonDocument doc =
        QJsonDocument::fromJson(m_http.get(taskUrl(spec, id, u'/' + what)).body);
    const QJsonArray array = doc.isArray() ? doc.array() : doc.object().value(what).toArray();
    QList<QJsonObject> out;
    for (const QJsonValue &v : array)
        out.append(v.toObject());
    return out;
}

std::optional<QJsonArray> EngineHarness::poolSummaries()
{
    const TestResponse r = m_http.get(urlOf(m_urls.repoPool, QStringLiteral("/pools")));
    if (r.status != 200)
        return std::nullopt;
    const QJsonDocument doc = QJsonDocument::fromJson(r.body);
    return doc.isArray() ? doc.array() : doc.object().value(QLatin1String("pools")).toArray();
}

int EngineHarness::allocatedSlots()
{
    const std::optional<QJsonArray> pools = poolSummaries();
    if (!pools)
        return -1;
    int allocated = 0;
    for (const QJsonValue &pool : *pools)
        allocated += pool.toObject().value(QLatin1String("allocated_slots")).toInt();
    return allocated;
}

QJsonObject EngineHarness::slot(const QString &slotId)
{
    return m_http.get(urlOf(m_urls.repoPool, QStringLiteral("/slots/") + slotId)).json();
}

bool EngineHarness::waitForIdlePool(int timeoutMs)
{
    return RunRecorder::waitUntil(
        [this] {
            const std::optional<QJsonArray> pools = poolSummaries();
            if (!pools)
                return false;
            for (const QJsonValue &pool : *pools) {
                const QJsonObject p = pool.toObject();
                if (p.value(QLatin1String("allocated_slots")).toInt() != 0 ||
                    p.value(QLatin1String("cleaning_slots")).toInt() != 0)
                    return false;
            }
            return true;
        },
        timeoutMs);
}

QUrl EngineHarness::adminUrl(ServiceKind service) const
{
    const QUrl base = service == ServiceKind::TaskRegistry    ? m_urls.taskRegistry
                      : service == ServiceKind::RepoPool      ? m_urls.repoPool
                      : service == ServiceKind::ArtifactStore ? m_urls.artifactStore
                                                              : m_urls.llm;
    return base.resolved(QUrl(QStringLiteral("/admin/faults")));
}

Status EngineHarness::setFaults(ServiceKind service, const QJsonObject &faults)
{
    const TestResponse r = m_http.put(adminUrl(service), faults);
    if (r.status != 200)
        return makeError(QStringLiteral("PUT /admin/faults answered %1: %2")
                             .arg(r.status)
                             .arg(QString::fromUtf8(r.body)));
    return Ok{};
}

Status EngineHarness::clearFaults(ServiceKind service)
{
    const TestResponse r = m_http.del(adminUrl(service));
    if (r.status != 200 && r.status != 204)
        return makeError(QStringLiteral("DELETE /admin/faults answered %1").arg(r.status));
    return Ok{};
}

QJsonObject EngineHarness::faultStatus(ServiceKind service)
{
    return m_http.get(adminUrl(service)).json();
}

RunRecorder::RunRecorder(RunnerPool &pool)
{
    QObject::connect(&pool, &RunnerPool::runChanged, &m_context,
                     [this, &pool](const RunSnapshot &run) {
                         m_snapshots.append(run);
                         m_maxRunning = std::max(m_maxRunning, pool.runningCount());
                     });
    QObject::connect(&pool, &RunnerPool::runFinished, &m_context,
                     [this](const RunSnapshot &run, const RunnerResult &result,
                            const ExecutionMetrics &metrics) {
                         m_finished.insert(result.taskId, FinishedRun{run, result, metrics});
                     });
}

bool RunRecorder::waitForFinished(int count, int timeoutMs)
{
    return waitUntil([this, count] { return m_finished.size() >= count; }, timeoutMs);
}

bool RunRecorder::waitUntil(const std::function<bool()> &condition, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!condition()) {
        if (deadline.hasExpired())
            return false;
        QEventLoop loop;
        QTimer::singleShot(10, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

QList<qint64> processesRunning(const QStringList &arguments)
{
    const QByteArray wanted = arguments.join(QChar(u'\0')).toUtf8() + '\0';
    QList<qint64> out;
    QDirIterator it(QStringLiteral("/proc"), QDir::Dirs | QDir::NoDotAndDotDot);
    while (it.hasNext()) {
        it.next();
        bool numeric = false;
        const qint64 pid = it.fileName().toLongLong(&numeric);
        if (!numeric)
            continue;
        QFile cmdline(it.filePath() + QStringLiteral("/cmdline"));
        if (!cmdline.open(QIODevice::ReadOnly) || cmdline.readAll() != wanted)
            continue;
        QFile stat(it.filePath() + QStringLiteral("/stat"));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        // "pid (comm) S ...": the state follows the last parenthesis.
        const QByteArray text = stat.readAll();
        const qsizetype close = text.lastIndexOf(')');
        if (close >= 0 && close + 2 < text.size() && text.at(close + 2) == 'Z')
            continue;
        out.append(pid);
    }
    return out;
}

} // namespace necrocode::test
