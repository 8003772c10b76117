#include "ScriptedBackend.h"

#include "fleet/WorkerAttachment.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace necrocode {

namespace {

const QString kLogger = QStringLiteral("necrocode.console.scripted_backend");
const QString kLocal = QStringLiteral("local");

bool isActive(const RunSnapshot &run)
{
    return run.outcome == RunOutcome::Running;
}

ScriptedTask taskFromJson(const QJsonObject &object, const QString &specName)
{
    ScriptedTask task;
    task.id = object.value(QStringLiteral("id"))
                  .toString(object.value(QStringLiteral("task_id")).toString());
    task.title = object.value(QStringLiteral("title")).toString(task.id);
    task.specName = object.value(QStringLiteral("spec_name")).toString(specName);
    return task;
}

} // namespace

ScriptedBackend::ScriptedBackend(QObject *parent) : ConsoleBackend(parent)
{
    m_timer.setInterval(kDefaultStepMs);
    connect(&m_timer, &QTimer::timeout, this, &ScriptedBackend::step);
    QTimer::singleShot(0, this, &ScriptedBackend::announce);
}

void ScriptedBackend::announce()
{
    post(LogLevel::Info, QStringLiteral("Scripted console backend started: runs are played from a "
                                        "script, no engine and no service is involved"));
    Q_EMIT healthServerChanged(tr("the scripted backend has none"), false);
    reportHealth();
    Q_EMIT ready();
}

void ScriptedBackend::post(LogLevel level, const QString &message, QJsonObject extra)
{
    m_hub.post(LogEntry::now(level, kLogger, message, std::move(extra)));
}

QList<RunSnapshot> ScriptedBackend::runs() const
{
    QList<RunSnapshot> snapshots;
    for (const ScriptedRun &run : m_runs)
        snapshots.append(run.snapshot);
    return snapshots;
}

void ScriptedBackend::applyConfig(const RunnerConfig &config)
{
    m_config = config;
    post(LogLevel::Info, QStringLiteral("Configuration applied to runs started from now on"),
         {{QStringLiteral("llm_model"), config.llm.model},
          {QStringLiteral("max_parallel"), config.maxParallelRunners}});
    startQueuedRuns();
}

void ScriptedBackend::runDemo()
{
    for (const ScriptedTask &task : ScriptedDemoScript::demoTasks())
        queueRun(task);
    startQueuedRuns();
}

void ScriptedBackend::runTaskFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        Q_EMIT notice(tr("Cannot read the task file %1: %2").arg(path, file.errorString()), true);
        return;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (!document.isObject()) {
        Q_EMIT notice(
            tr("The task file %1 is not a JSON object: %2").arg(path, error.errorString()), true);
        return;
    }
    const QJsonObject root = document.object();
    const QString spec =
        root.value(QStringLiteral("spec_name"))
            .toString(
                root.value(QStringLiteral("spec")).toString(QFileInfo(path).completeBaseName()));
    QList<ScriptedTask> tasks;
    if (root.contains(QStringLiteral("tasks"))) {
        for (const QJsonValue &value : root.value(QStringLiteral("tasks")).toArray())
            tasks.append(taskFromJson(value.toObject(), spec));
    } else {
        tasks.append(taskFromJson(root, spec));
    }
    tasks.removeIf([](const ScriptedTask &task) { return task.id.isEmpty(); });
    if (tasks.isEmpty()) {
        Q_EMIT notice(tr("The task file %1 names no task.").arg(path), true);
        return;
    }
    for (const ScriptedTask &task : std::as_const(tasks))
        queueRun(task);
    Q_EMIT notice(
        tr("Queued %Ln tasks from %1", nullptr, int(tasks.size())).arg(QFileInfo(path).fileName()),
        false);
    startQueuedRuns();
}

void ScriptedBackend::queueRun(const ScriptedTask &task)
{
    ScriptedRun run;
    run.task = task;
    run.snapshot.runId = QStringLiteral("run-%1").arg(++m_runCounter);
    run.snapshot.source = kLocal;
    run.snapshot.taskId = task.id;
    run.snapshot.specName = task.specName;
    run.snapshot.title = task.title;
    run.snapshot.queuedAtMs = QDateTime::currentMSecsSinceEpoch();
    m_runs.push_back(run);
    post(LogLevel::Info, QStringLiteral("Queued task %1: %2").arg(task.id, task.title),
         {{QStringLiteral("run_id"), run.snapshot.runId}});
    Q_EMIT runChanged(run.snapshot);
    if (!m_timer.isActive())
        m_timer.start();
}

QString ScriptedBackend::freeRunnerId() const
{
    for (int slot = 1; slot <= m_config.maxParallelRunners; ++slot) {
        const QString id = QStringLiteral("runner-%1").arg(slot);
        const bool busy = std::any_of(m_runs.begin(), m_runs.end(), [&](const ScriptedRun &run) {
            return isActive(run.snapshot) && run.snapshot.runnerId == id;
        });
        if (!busy)
            return id;
    }
    return {};
}

void ScriptedBackend::startQueuedRuns()
{
    for (ScriptedRun &run : m_runs) {
        if (run.snapshot.outcome != RunOutcome::Pending)
            continue;
        const QString runner = freeRunnerId();
        if (runner.isEmpty())
            return;
        run.snapshot.runnerId = runner;
        run.snapshot.outcome = RunOutcome::Running;
        run.snapshot.phase = RunPhase::Validation;
        run.snapshot.startedAtMs = QDateTime::currentMSecsSinceEpoch();
        Q_EMIT runChanged(run.snapshot);
    }
}

void ScriptedBackend::step()
{
    ++m_steps;
    for (ScriptedRun &run : m_runs) {
        if (isActive(run.snapshot))
            advance(run);
    }
    startQueuedRuns();
    if (m_steps % kHealthEverySteps == 0)
        reportHealth();
    const bool busy = std::any_of(m_runs.begin(), m_runs.end(), [](const ScriptedRun &run) {
        return run.snapshot.outcome == RunOutcome::Pending || isActive(run.snapshot);
    });
    if (!busy)
        m_timer.stop();
}

void ScriptedBackend::advance(ScriptedRun &run)
{
    ScriptedStep step =
        ScriptedDemoScript::step(run.snapshot, run.task, run.step++, m_config.llm.model, m_random);
    for (LogEntry &entry : step.entries)
        m_hub.post(std::move(entry));
    RunSnapshot &snapshot = run.snapshot;
    snapshot.phase = step.phase;
    if (step.exchange) {
        snapshot.llmCalls += 1;
        snapshot.promptTokens += step.exchange->response.promptTokens;
        snapshot.completionTokens += step.exchange->response.completionTokens;
        Q_EMIT llmExchangeRecorded(*step.exchange);
    }
    if (step.finished) {
        snapshot.outcome = step.failed ? RunOutcome::Failed : RunOutcome::Completed;
        snapshot.finishedAtMs = QDateTime::currentMSecsSinceEpoch();
        snapshot.error = step.error;
        snapshot.errorType = step.errorType;
    }
    Q_EMIT runChanged(snapshot);
}

void ScriptedBackend::cancelRun(const QString &runId)
{
    for (ScriptedRun &run : m_runs) {
        RunSnapshot &snapshot = run.snapshot;
        if (snapshot.runId != runId ||
            (snapshot.outcome != RunOutcome::Pending && snapshot.outcome != RunOutcome::Running))
            continue;
        snapshot.outcome = RunOutcome::Cancelled;
        snapshot.phase = RunPhase::Finished;
        snapshot.finishedAtMs = QDateTime::currentMSecsSinceEpoch();
        LogEntry entry = LogEntry::now(LogLevel::Warning, kLogger,
                                       QStringLiteral("Run %1 cancelled by the user").arg(runId));
        entry.runnerId = snapshot.runnerId;
        entry.taskId = snapshot.taskId;
        entry.specName = snapshot.specName;
        m_hub.post(std::move(entry));
        Q_EMIT runChanged(snapshot);
        startQueuedRuns();
        return;
    }
}

void ScriptedBackend::setParallelRunners(int count)
{
    m_config.maxParallelRunners = std::clamp(count, 1, 64);
    post(LogLevel::Info,
         QStringLiteral("Parallel runners set to %1").arg(m_config.maxParallelRunners));
    startQueuedRuns();
}

QString ScriptedBackend::resendPrompt(const ChatRequest &request, const PromptOrigin &origin)
{
    const QString id = QStringLiteral("playground-%1").arg(++m_playgroundCounter);
    const QString answer =
        QStringLiteral("{\"notes\": \"Scripted answer to a prompt of %1 messages\"}")
            .arg(request.messages.size());
    if (request.stream)
        QTimer::singleShot(m_timer.interval() / 2, this, [this, id, answer] {
            Q_EMIT playgroundPartial(id, answer.left(answer.size() / 2));
        });
    QTimer::singleShot(m_timer.interval(), this, [this, id, request, origin, answer] {
        LlmExchange exchange;
        exchange.id = id;
        exchange.source = kLocal;
        exchange.startedAtMs = QDateTime::currentMSecsSinceEpoch();
        exchange.runnerId = PromptChannel::kRunnerId;
        exchange.taskId = origin.taskId;
        exchange.specName = origin.specName;
        exchange.request = request;
        exchange.response.content = answer;
        exchange.response.finishReason = QStringLiteral("stop");
        exchange.response.model = request.model;
        exchange.response.promptTokens = 0;
        for (const ChatMessage &message : request.messages)
            exchange.response.promptTokens += message.content.size() / 4;
        exchange.response.completionTokens = 16;
        exchange.response.totalTokens =
            exchange.response.promptTokens + exchange.response.completionTokens;
        exchange.response.usageReported = true;
        exchange.response.durationSeconds = 0.2;
        exchange.response.attempts = 1;
        Q_EMIT playgroundAnswered(id, exchange);
    });
    return id;
}

void ScriptedBackend::attach(const QUrl &workerUrl)
{
    const QString label = WorkerAttachment::labelFor(workerUrl);
    if (!m_attached.contains(label))
        m_attached.append(label);
    Q_EMIT notice(tr("Scripted backend: %1 is shown but not contacted").arg(label), false);
    ServiceHealth unknown;
    unknown.lastError = tr("not contacted by the scripted backend");
    for (const QString &service : serviceNames())
        Q_EMIT serviceHealthChanged(label, service, unknown);
}

void ScriptedBackend::detach(const QString &label)
{
    if (m_attached.removeAll(label) > 0)
        Q_EMIT workerDetached(label);
}

void ScriptedBackend::reportHealth()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const int cycle = (m_steps / kHealthEverySteps) % 6;
    for (const QString &service : serviceNames()) {
        ServiceHealth health;
        health.lastCheck = now;
        health.latencySeconds = 0.002 + 0.02 * m_random.generateDouble();
        health.state = ServiceState::Up;
        health.consecutiveSuccesses = m_steps / kHealthEverySteps + 1;
        health.lastStatusCode = 200;
        if (service == QLatin1String("llm")) {
            health.latencySeconds = 0.05 + 0.3 * m_random.generateDouble();
            if (cycle == 4) {
                health.state = ServiceState::Degraded;
                health.consecutiveSuccesses = 0;
                health.consecutiveFailures = 1;
                health.lastError = QStringLiteral("GET /models answered 429 Too Many Requests");
                health.lastErrorType = QStringLiteral("rate_limit");
                health.lastStatusCode = 429;
            }
        }
        Q_EMIT serviceHealthChanged(kLocal, service, health);
    }
}

} // namespace necrocode
