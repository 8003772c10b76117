// Support for the engine's end-to-end tests and benchmark: the local services on a temporary data
// directory with a scripted-model scenario of the test's own, blocking helpers for the Task
// Registry, the Repo Pool and fault injection, origin repositories, a log sink that keeps every
// entry, and a recorder of what a runner pool reports.
#pragma once

#include "HttpTestClient.h"
#include "core/RunnerConfig.h"
#include "core/TaskContext.h"
#include "engine/RunnerPool.h"
#include "log/LogDispatcher.h"
#include "stack/LocalServiceStack.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QMutex>

#include <memory>
#include <optional>

namespace necrocode::test {

// Keeps every entry it is given, from any thread, in the order they arrived.
class CapturingLogSink final : public LogSink
{
public:
    void write(const LogEntry &entry) override;
    void flush() override {}

    QList<LogEntry> entries() const;
    QList<LogEntry> entriesOfTask(const QString &taskId) const;

private:
    mutable QMutex m_mutex;
    QList<LogEntry> m_entries;
};

// One rule of the scripted model's scenario: the prompt of a task titled `title` gets `changes`.
QJsonObject answerRule(const QString &title, const QJsonArray &changes);
// A rule whose answer is `content` as it is (not a JSON code-change answer).
QJsonObject rawAnswerRule(const QString &title, const QString &content);
QJsonObject createFile(const QString &path, const QString &content);

// A task of a registry task set: the demo calculator's test command, `extraMetadata` merged in.
QJsonObject taskDefinition(const QString &id, const QString &title, const QString &repoUrl,
                           const QJsonObject &extraMetadata = {});

// A passing change for the demo calculator project: a module and its unit test named `stem`.
QJsonArray passingChange(const QString &stem);

// Runs `git` in `directory`; the error carries git's stderr.
Status runGit(const QStringList &arguments, const QString &directory = {});

enum class ServiceKind { TaskRegistry, RepoPool, ArtifactStore, Llm };

class EngineHarness
{
public:
    struct Options
    {
        int slotsPerPool = 2;
        QJsonArray scenarioRules;
    };

    // `dataDirectory` holds the services' data, the scenario and the origin repositories.
    explicit EngineHarness(QString dataDirectory);
    ~EngineHarness();

    Status start(const Options &options);
    void stop();
    // Stops the services and starts them again on the same ports and data: a crash and a
    // restart as a runner sees them.
    Status restartServices();

    const ServiceUrls &urls() const { return m_urls; }
    const QString &dataDirectory() const { return m_dataDirectory; }
    std::shared_ptr<LogDispatcher> logs() const { return m_logs; }
    CapturingLogSink &logCapture() { return *m_capture; }

    // The demo calculator project as a bare origin repository (created once).
    Result<QString> demoOrigin();
    // A bare copy of the demo origin under the data directory.
    Result<QString> copyOfDemoOrigin(const QString &name);

    // Local services, debug logs, fast retries.
    RunnerConfig runnerConfig(const QString &runnerId, int parallelRunners) const;

    Status createTasks(const QString &spec, const QJsonArray &tasks);
    Result<QJsonObject> task(const QString &spec, const QString &id);
    Result<TaskContext> taskContext(const QString &spec, const QString &id);
    QList<QJsonObject> events(const QString &spec, const QString &id);
    // The artifact records the registry holds for the task.
    QList<QJsonObject> artifacts(const QString &spec, const QString &id);
    // Allocated slots over every pool of the Repo Pool; -1 when the pool did not answer.
    int allocatedSlots();
    // GET /slots/{id} of the Repo Pool (empty when it did not answer).
    QJsonObject slot(const QString &slotId);
    // Waits until the Repo Pool has no allocated and no cleaning slot.
    bool waitForIdlePool(int timeoutMs);

    Status setFaults(ServiceKind service, const QJsonObject &faults);
    Status clearFaults(ServiceKind service);
    QJsonObject faultStatus(ServiceKind service);

private:
    QUrl adminUrl(ServiceKind service) const;
    QUrl taskUrl(const QString &spec, const QString &id, const QString &suffix = {}) const;
    std::optional<QJsonArray> poolSummaries();
    QList<QJsonObject> listOf(const QString &spec, const QString &id, const QString &what);

    QString m_dataDirectory;
    std::unique_ptr<LocalServiceStack> m_stack;
    ServiceStackConfig m_config;
    ServiceUrls m_urls;
    std::shared_ptr<LogDispatcher> m_logs;
    std::shared_ptr<CapturingLogSink> m_capture;
    HttpTestClient m_http;
};

// What a runner pool reported about one run.
struct FinishedRun
{
    RunSnapshot run;
    RunnerResult result;
    ExecutionMetrics metrics;
};

// Records what a runner pool reports: every finished run by task id, and the most runs it had
// at once (runningCount() on every runChanged).
class RunRecorder
{
public:
    explicit RunRecorder(RunnerPool &pool);

    // Runs the event loop until `count` runs have finished or `timeoutMs` has passed.
    bool waitForFinished(int count, int timeoutMs);
    // Runs the event loop until `condition` holds or `timeoutMs` has passed.
    static bool waitUntil(const std::function<bool()> &condition, int timeoutMs);

    const QHash<QString, FinishedRun> &finished() const { return m_finished; }
    FinishedRun finishedRun(const QString &taskId) const { return m_finished.value(taskId); }
    int maxRunning() const { return m_maxRunning; }
    QList<RunSnapshot> snapshots() const { return m_snapshots; }

private:
    QObject m_context;
    QHash<QString, FinishedRun> m_finished;
    QList<RunSnapshot> m_snapshots;
    int m_maxRunning = 0;
};

// The ids of processes (not zombies) whose command line is exactly `arguments`.
QList<qint64> processesRunning(const QStringList &arguments);

} // namespace necrocode::test
