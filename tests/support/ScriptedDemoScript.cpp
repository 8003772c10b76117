#include "ScriptedDemoScript.h"

#include "core/RunEventCodec.h"
#include "net/LlmCallEvent.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace necrocode {

namespace {

const QString kOrchestrator = QStringLiteral("necrocode.runner.orchestrator");
const QString kRegistryClient = QStringLiteral("necrocode.runner.task_registry_client");
const QString kRepoPoolClient = QStringLiteral("necrocode.runner.repo_pool_client");
const QString kArtifactClient = QStringLiteral("necrocode.runner.artifact_store_client");
const QString kLlmClient = QStringLiteral("necrocode.runner.llm_client");
const QString kGit = QStringLiteral("necrocode.workspace.git");
const QString kTestRunner = QStringLiteral("necrocode.runner.test_runner");

class StepWriter
{
public:
    StepWriter(const RunSnapshot &run, QRandomGenerator &random) : m_run(run), m_random(random) {}

    LogEntry &add(LogLevel level, const QString &logger, const QString &message,
                  QJsonObject extra = {})
    {
        LogEntry entry = LogEntry::now(level, logger, message, std::move(extra));
        entry.runnerId = m_run.runnerId;
        entry.taskId = m_run.taskId;
        entry.specName = m_run.specName;
        m_step.entries.push_back(std::move(entry));
        return m_step.entries.back();
    }

    void phase(RunPhase phase, const char *edge)
    {
        m_step.phase = phase;
        add(LogLevel::Info, kOrchestrator,
            QStringLiteral("Phase %1 %2").arg(runPhaseName(phase), QString::fromLatin1(edge)),
            run_event_codec::write(run_event::PhaseChanged{phase, qstrcmp(edge, "started") == 0}));
    }

    // A request to a service as the engine reports it, with the entry's own fields added.
    void call(LogLevel level, const QString &logger, const QString &service,
              const QString &operation, const QString &message, const QJsonObject &extra = {},
              int statusCode = 200)
    {
        QJsonObject fields = run_event_codec::write(
            run_event::ServiceCall{.service = service,
                                   .operation = operation,
                                   .statusCode = statusCode,
                                   .durationSeconds = seconds(0.004, 0.180)});
        for (auto it = extra.begin(); it != extra.end(); ++it)
            fields.insert(it.key(), it.value());
        add(level, logger, message, std::move(fields));
    }

    double seconds(double low, double high)
    {
        return low + (high - low) * m_random.generateDouble();
    }
    int between(int low, int high) { return int(m_random.bounded(low, high + 1)); }

    ScriptedStep &result() { return m_step; }
    const RunSnapshot &run() const { return m_run; }

private:
    const RunSnapshot &m_run;
    QRandomGenerator &m_random;
    ScriptedStep m_step;
};

LlmExchange makeExchange(const RunSnapshot &run, const ScriptedTask &task, const QString &model,
                         StepWriter &writer)
{
    LlmExchange exchange;
    exchange.id = run.runId + QStringLiteral("-llm-1");
    exchange.source = run.source;
    exchange.runId = run.runId;
    exchange.runnerId = run.runnerId;
    exchange.taskId = run.taskId;
    exchange.specName = run.specName;
    exchange.startedAtMs = QDateTime::currentMSecsSinceEpoch();
    exchange.request.model = model;
    exchange.request.jsonMode = true;
    exchange.request.stream = true;
    exchange.request.messages = {
        {QStringLiteral("system"),
         QStringLiteral("You are the implementation agent of NecroCode. Answer with one JSON "
                        "object: {\"files\": [{\"path\", \"action\", \"content\"}], \"notes\"}.")},
        {QStringLiteral("user"), QStringLiteral("Task %1 of spec %2: %3\nRepository files: "
                                                "calculator/core.py, tests/test_core.py")
                                     .arg(task.id, task.specName, task.title)},
    };
    const QJsonObject answer{
        {QStringLiteral("files"),
         QJsonArray{QJsonObject{
             {QStringLiteral("path"), QStringLiteral("calculator/core.py")},
             {QStringLiteral("action"), QStringLiteral("modify")},
             {QStringLiteral("content"), QStringLiteral("def add(a, b):\n    return a + b\n")}}}},
        {QStringLiteral("notes"), QStringLiteral("Implemented: %1").arg(task.title)}};
    exchange.response.content =
        QString::fromUtf8(QJsonDocument(answer).toJson(QJsonDocument::Indented));
    exchange.response.finishReason = QStringLiteral("stop");
    exchange.response.model = model;
    exchange.response.promptTokens = writer.between(900, 2400);
    exchange.response.completionTokens = writer.between(200, 900);
    exchange.response.totalTokens =
        exchange.response.promptTokens + exchange.response.completionTokens;
    exchange.response.usageReported = true;
    exchange.response.durationSeconds = writer.seconds(0.8, 3.5);
    exchange.response.timeToFirstTokenSeconds = writer.seconds(0.15, 0.6);
    exchange.response.attempts = task.hitsRateLimit ? 2 : 1;
    return exchange;
}

} // namespace

QList<ScriptedTask> ScriptedDemoScript::demoTasks()
{
    const QString spec = QStringLiteral("demo-calculator");
    return {
        {QStringLiteral("1.1"), QStringLiteral("Add subtraction and multiplication"), spec},
        {QStringLiteral("1.2"), QStringLiteral("Add safe division"), spec},
        {QStringLiteral("2.1"), QStringLiteral("Evaluate arithmetic expressions"), spec, false,
         true},
        {QStringLiteral("3.1"), QStringLiteral("Add a command-line interface"), spec, true},
        {QStringLiteral("4.1"), QStringLiteral("Add exponentiation"), spec},
        {QStringLiteral("4.2"), QStringLiteral("Write release notes next to the repository"), spec},
    };
}

ScriptedStep ScriptedDemoScript::step(const RunSnapshot &run, const ScriptedTask &task, int step,
                                      const QString &model, QRandomGenerator &random)
{
    StepWriter w(run, random);
    const QJsonObject slot{{QStringLiteral("slot_id"), QStringLiteral("slot-%1").arg(run.runnerId)},
                           {QStringLiteral("slot_path"),
                            QStringLiteral("/var/lib/necrocode/slots/%1").arg(run.runnerId)},
                           {QStringLiteral("repo_url"), QStringLiteral("file:///demo/origin.git")}};
    switch (step) {
    case 0:
        w.result().phase = RunPhase::Validation;
        w.add(LogLevel::Info, kOrchestrator,
              QStringLiteral("Run %1 started on %2: %3").arg(run.runId, run.runnerId, task.title));
        w.call(LogLevel::Debug, kRegistryClient, QStringLiteral("task_registry"),
               QStringLiteral("get_task"), QStringLiteral("GET /tasks/%1 -> 200").arg(task.id));
        w.add(LogLevel::Debug, kOrchestrator, QStringLiteral("Task context validated"));
        break;
    case 1:
        w.phase(RunPhase::WorkspacePreparation, "started");
        w.call(LogLevel::Info, kRepoPoolClient, QStringLiteral("repo_pool"),
               QStringLiteral("allocate_slot"), QStringLiteral("Allocated a workspace slot"), slot);
        w.add(LogLevel::Debug, kGit,
              QStringLiteral("git checkout -B necrocode/task-%1 origin/main").arg(task.id));
        break;
    case 2:
        w.phase(RunPhase::WorkspacePreparation, "finished");
        w.phase(RunPhase::TaskImplementation, "started");
        w.add(LogLevel::Debug, QStringLiteral("necrocode.runner.prompt_builder"),
              QStringLiteral("Prompt built from the task, the spec and 2 repository files"),
              {{QStringLiteral("prompt_length"), w.between(3000, 9000)}});
        break;
    case 3: {
        w.result().phase = RunPhase::TaskImplementation;
        const QJsonObject request{{QStringLiteral("service"), run_event::kLlmService},
                                  {QStringLiteral("operation"), run_event::kLlmChatOperation},
                                  {QStringLiteral("llm_model"), model},
                                  {QStringLiteral("max_tokens"), 4096},
                                  {QStringLiteral("prompt_length"), w.between(3000, 9000)}};
        w.add(LogLevel::Info, kLlmClient, QStringLiteral("LLM request sent"), request);
        if (task.hitsRateLimit) {
            const run_event::ServiceCall limited{.service = run_event::kLlmService,
                                                 .operation = run_event::kLlmChatOperation,
                                                 .statusCode = 429,
                                                 .durationSeconds = w.seconds(0.01, 0.05),
                                                 .errorType = QStringLiteral("rate_limit"),
                                                 .retryDelaySeconds = 1.0,
                                                 .maxAttempts = 3};
            w.add(LogLevel::Warning, kLlmClient,
                  QStringLiteral("LLM call failed with rate_limit (HTTP 429); retrying in 1.0 s"),
                  run_event_codec::write(limited));
        }
        break;
    }
    case 4: {
        w.result().phase = RunPhase::TaskImplementation;
        LlmExchange exchange = makeExchange(run, task, model, w);
        const ChatResponse &r = exchange.response;
        w.add(LogLevel::Info, kLlmClient,
              QStringLiteral("LLM response received: %1 tokens").arg(r.totalTokens),
              run_event_codec::write(llmCallOf(r)));
        w.add(LogLevel::Info, kOrchestrator, QStringLiteral("Applied 1 file change"),
              {{QStringLiteral("files_changed"), 1},
               {QStringLiteral("lines_added"), w.between(4, 40)},
               {QStringLiteral("lines_removed"), w.between(0, 6)}});
        w.phase(RunPhase::TaskImplementation, "finished");
        w.result().exchange = std::move(exchange);
        break;
    }
    case 5:
        w.phase(RunPhase::TestExecution, "started");
        w.add(LogLevel::Info, kTestRunner,
              QStringLiteral("Running python3 -m unittest discover -v"));
        w.add(LogLevel::Debug, kTestRunner,
              QStringLiteral("test_add (tests.test_core.CoreTest) ... ok\n"
                             "test_subtract (tests.test_core.CoreTest) ... ok"));
        if (task.failsTests) {
            LogEntry &failure =
                w.add(LogLevel::Error, kTestRunner, QStringLiteral("Tests failed: 1 of 5 failed"),
                      {{QStringLiteral("phase"), runPhaseName(RunPhase::TestExecution)},
                       {QStringLiteral("error_type"), QStringLiteral("tests_failed")}});
            failure.exception = QStringLiteral(
                "Traceback (most recent call last):\n  File \"tests/test_cli.py\", line 12, in "
                "test_usage\n    self.assertIn(\"usage\", output)\nAssertionError: 'usage' not "
                "found in ''");
            w.add(LogLevel::Critical, kOrchestrator,
                  QStringLiteral("Run %1 failed in test_execution").arg(run.runId));
            w.result().finished = true;
            w.result().failed = true;
            w.result().error = QStringLiteral("Tests failed: 1 of 5 failed");
            w.result().errorType = QStringLiteral("tests_failed");
            w.result().phase = RunPhase::Finished;
        }
        break;
    case 6:
        w.phase(RunPhase::TestExecution, "finished");
        w.phase(RunPhase::CommitAndPush, "started");
        w.add(LogLevel::Info, kGit,
              QStringLiteral("Committed and pushed necrocode/task-%1").arg(task.id),
              {{QStringLiteral("duration_seconds"), w.seconds(0.05, 0.4)}});
        break;
    case 7:
        w.phase(RunPhase::CommitAndPush, "finished");
        w.phase(RunPhase::ArtifactUpload, "started");
        for (const char *type : {"diff", "log", "transcript"}) {
            const QString artifact = QString::fromLatin1(type);
            w.call(LogLevel::Info, kArtifactClient, QStringLiteral("artifact_store"),
                   QStringLiteral("upload"), QStringLiteral("Uploaded the %1").arg(artifact),
                   {{QStringLiteral("artifact_type"), artifact},
                    {QStringLiteral("size_bytes"), w.between(400, 60000)},
                    {QStringLiteral("uri"),
                     QStringLiteral("artifact://%1/%2/%3").arg(run.specName, task.id, artifact)}},
                   201);
        }
        break;
    case 8:
        w.phase(RunPhase::ArtifactUpload, "finished");
        w.phase(RunPhase::CompletionReport, "started");
        w.call(LogLevel::Info, kRegistryClient, QStringLiteral("task_registry"),
               QStringLiteral("update_task"),
               QStringLiteral("Task %1 reported as done").arg(task.id));
        break;
    default:
        w.phase(RunPhase::CompletionReport, "finished");
        w.add(LogLevel::Info, kOrchestrator, QStringLiteral("Run %1 completed").arg(run.runId));
        w.result().phase = RunPhase::Finished;
        w.result().finished = true;
        break;
    }
    return std::move(w.result());
}

} // namespace necrocode
