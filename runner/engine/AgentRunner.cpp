#include "engine/AgentRunner.h"

#include "core/JsonFields.h"
#include "engine/ArtifactUploader.h"
#include "engine/LlmAnswerParser.h"
#include "engine/PromptBuilder.h"
#include "engine/ReportOutbox.h"
#include "engine/RunEventRelay.h"
#include "engine/RunLogRecorder.h"
#include "engine/SandboxSettings.h"
#include "engine/TestRunner.h"
#include "log/LogDispatcher.h"
#include "log/RunEventReport.h"
#include "metrics/MetricsCollector.h"
#include "net/ErrorClassifier.h"
#include "workspace/ChangeApplier.h"
#include "workspace/GitWorkspace.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QUuid>

#include <atomic>
#include <utility>

namespace necrocode {

namespace {

std::atomic<int> liveRunners{0};

QString makeRunnerId(const RunnerConfig &config)
{
    static std::atomic<int> counter{0};
    const int n = ++counter;
    if (!config.runnerId.isEmpty())
        return n == 1 ? config.runnerId : QStringLiteral("%1-%2").arg(config.runnerId).arg(n);
    return QStringLiteral("runner-%1-%2-%3")
        .arg(QHostInfo::localHostName())
        .arg(QCoreApplication::applicationPid())
        .arg(n);
}

QString phaseKey(RunPhase phase)
{
    return runPhaseName(phase);
}

QJsonObject toJson(const TestResult &tests)
{
    return tests.toJson();
}

} // namespace

AgentRunner::AgentRunner(RunnerConfig config, std::shared_ptr<LogDispatcher> logs,
                         MetricsRegistry *registry, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_runnerId(makeRunnerId(m_config)),
      m_logger(std::move(logs), QStringLiteral("necrocode.runner"), LogContext{m_runnerId, {}, {}}),
      m_registry(registry), m_network(new QNetworkAccessManager(this)), m_deadline(this)
{
    ++liveRunners;
    m_resourceSampler = SharedResourceSampler::instance();
    RetryPolicy retry(m_config.retry);
    m_http = std::make_unique<HttpClient>(m_network, m_logger.child(u"http"), retry);
    m_taskRegistry = std::make_unique<TaskRegistryClient>(*m_http, m_config.taskRegistry);
    m_repoPool = std::make_unique<RepoPoolClient>(*m_http, m_config.repoPool);
    m_artifactStore = std::make_unique<ArtifactStoreClient>(*m_http, m_config.artifactStore);
    m_llm = std::make_unique<LlmClient>(*m_http, m_config.llm);
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &AgentRunner::onTaskDeadline);
    m_leaseRenewal.setParent(this);
    connect(&m_leaseRenewal, &QTimer::timeout, this, &AgentRunner::renewLease);
}

int AgentRunner::liveCount()
{
    return liveRunners.load();
}

AgentRunner::~AgentRunner()
{
    --liveRunners;
    if (m_logRecorder && m_logger.dispatcher())
        m_logger.dispatcher()->removeSink(m_logRecorder);
}

void AgentRunner::setState(RunnerState state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void AgentRunner::enterPhase(RunPhase phase)
{
    if (m_collector && m_phase >= RunPhase::WorkspacePreparation &&
        m_phase <= RunPhase::CompletionReport) {
        reportRunEvent(m_logger, m_events.get(), LogLevel::Info,
                       QStringLiteral("phase %1 finished").arg(phaseKey(m_phase)),
                       run_event::PhaseChanged{m_phase, false});
    }
    m_phase = phase;
    if (m_collector && phase >= RunPhase::WorkspacePreparation &&
        phase <= RunPhase::CompletionReport) {
        reportRunEvent(m_logger, m_events.get(), LogLevel::Info,
                       QStringLiteral("phase %1 started").arg(phaseKey(phase)),
                       run_event::PhaseChanged{phase, true});
    }
}

void AgentRunner::run(const TaskContext &task, const RunOptions &options)
{
    if (m_state == RunnerState::Running) {
        RunnerResult busy;
        busy.runnerId = m_runnerId;
        busy.taskId = task.taskId;
        busy.specName = task.specName;
        busy.finalState = RunnerState::Failed;
        busy.error =
            QStringLiteral("runner %1 is busy with task %2").arg(m_runnerId, m_task.taskId);
        busy.errorType = QStringLiteral("busy");
        QTimer::singleShot(0, this, [this, busy] { Q_EMIT finished(busy, ExecutionMetrics{}); });
        return;
    }
    ++m_step;
    m_failing = false;
    m_leaseLost = false;
    m_finalReportSent = false;
    m_failureReport = {};
    m_taskRegistry->stopPersisting();
    m_task = task;
    m_taskRegistry->holdLease(task.specName, task.taskId, task.leaseId);
    if (!task.leaseId.isEmpty())
        m_leaseRenewal.start(std::max(1000, task.leaseSeconds * 1000 / 3));
    m_runId = options.runId;
    m_claimedFromRegistry = options.claimedFromRegistry;
    m_early = EarlyUpload{};
    if (m_earlyUploader)
        m_earlyUploader.release()->deleteLater();
    m_result = RunnerResult{};
    m_result.runnerId = m_runnerId;
    m_result.taskId = task.taskId;
    m_result.specName = task.specName;
    m_workspacePath.clear();
    m_allocatedSlotId.clear();
    m_allocationKey.clear();
    m_exchanges.clear();
    m_phase = RunPhase::Queued;
    m_clock.start();

    m_logger.setContext(LogContext{m_runnerId, task.taskId, task.specName});
    m_http->setLogger(m_logger.child(u"http"));
    if (m_logRecorder && m_logger.dispatcher())
        m_logger.dispatcher()->removeSink(m_logRecorder);
    m_logRecorder = std::make_shared<RunLogRecorder>(m_runnerId, task.taskId);
    if (m_logger.dispatcher())
        m_logger.dispatcher()->addSink(m_logRecorder);

    m_collector =
        std::make_shared<MetricsCollector>(m_runnerId, task.taskId, task.specName, m_registry);
    m_collector->setLlmPrices(LlmPriceTable::fromConfig(m_config.prices));
    m_collector->setConcurrentRunners(options.concurrentRunners);
    m_collector->addWaitTime(options.queueWaitSeconds);
    m_events = std::make_shared<RunEventRelay>(
        m_runId, m_collector,
        [self = QPointer<AgentRunner>(this)](const QString &runId, const RunEvent &event) {
            if (self)
                Q_EMIT self->runEventReported(runId, event);
        });
    m_http->setRunEventObserver(m_events);
    m_resourceLimits = ResourceLimitWatch({m_config.memoryLimitMb, m_config.cpuLimitPercent});
    m_resourceSamples = m_resourceSampler->subscribe(this, [this, collector = m_collector](
                                                               const ResourceSample &reading) {
        ResourceSample sample = reading;
        if (m_resourceLimits.check(sample))
            m_logger.warning(QStringLiteral("resource limit exceeded"),
                             {{QStringLiteral("memory_mb"), sample.memoryMb},
                              {QStringLiteral("cpu_percent"), sample.cpuPercent.value_or(0.0)}});
        collector->recordResourceSample(sample);
    });

    const int budgetSeconds = std::min(task.timeoutSeconds, m_config.taskTimeoutSeconds);
    m_deadline.start(budgetSeconds * 1000);

    setState(RunnerState::Running);
    reportRunEvent(m_logger, m_events.get(), LogLevel::Info,
                   QStringLiteral("task %1 started: %2").arg(task.taskId, task.title),
                   run_event::RunStarted{task.title, budgetSeconds, task.effectiveBranchName()});
    QTimer::singleShot(0, this, [this, step = m_step] {
        if (isCurrent(step))
            validate();
    });
}

void AgentRunner::validate()
{
    enterPhase(RunPhase::Validation);
    if (!m_task.needsSlotAllocation() && m_task.slotPath.isEmpty())
        return fail(QStringLiteral("the task names neither metadata.repo_url nor slot_path"),
                    QStringLiteral("validation"));
    if (!m_task.needsSlotAllocation() && !QFileInfo(m_task.slotPath).isDir())
        return fail(QStringLiteral("slot_path %1 is not a directory").arg(m_task.slotPath),
                    QStringLiteral("validation"));
    if (const QString problem = GitWorkspace::branchNameProblem(m_task.effectiveBranchName());
        !problem.isEmpty())
        return fail(QStringLiteral("branch name '%1' is not usable: %2")
                        .arg(m_task.effectiveBranchName(), problem),
                    QStringLiteral("validation"));
    enterPhase(RunPhase::WorkspacePreparation);
    registerTask();
}

void AgentRunner::registerTask()
{
    if (m_claimedFromRegistry)
        return acquireWorkspace();
    const Step step = m_step;
    m_call = m_taskRegistry->getTask(
        m_task.specName, m_task.taskId, this, [this, step](const Result<QJsonObject> &task) {
            if (!isCurrent(step))
                return;
            if (!task && task.error().kind == error_type::http(404)) {
                // Unknown to the registry: record it so that its history has a home.
                QJsonObject entry{{QStringLiteral("id"), m_task.taskId},
                                  {QStringLiteral("title"), m_task.title},
                                  {QStringLiteral("description"), m_task.description},
                                  {QStringLiteral("acceptance_criteria"),
                                   json::toJsonArray(m_task.acceptanceCriteria)},
                                  {QStringLiteral("dependencies"), QJsonArray{}},
                                  {QStringLiteral("required_skill"), m_task.requiredSkill},
                                  {QStringLiteral("metadata"), m_task.metadata}};
                m_call = m_taskRegistry->createTasks(
                    m_task.specName, QJsonArray{entry}, this,
                    [this, step](const Result<QJsonObject> &created) {
                        if (!isCurrent(step))
                            return;
                        if (!created)
                            return failWith(created.error(), error_type::Connection);
                        markRunning();
                    });
                return;
            }
            if (!task)
                return failWith(task.error(), error_type::Connection);
            const QString state = task->value(QLatin1String("state"))
                                      .toString(task->value(QLatin1String("status")).toString());
            if (state == QLatin1String("running"))
                return acquireWorkspace(); // claimed for this run already
            if (state == QLatin1String("done")) {
                m_call = m_taskRegistry->updateStatus(
                    m_task.specName, m_task.taskId, QStringLiteral("ready"), {}, this,
                    [this, step](const Result<Ok> &r) {
                        if (!isCurrent(step))
                            return;
                        if (!r)
                            return failWith(r.error(), error_type::Connection);
                        markRunning();
                    });
                return;
            }
            markRunning();
        });
}

void AgentRunner::markRunning()
{
    const Step step = m_step;
    m_call = m_taskRegistry->updateStatus(
        m_task.specName, m_task.taskId, QStringLiteral("running"),
        {{QStringLiteral("runner_id"), m_runnerId}}, this, [this, step](const Result<Ok> &r) {
            if (!isCurrent(step))
                return;
            if (!r)
                return failWith(r.error(), error_type::Connection);
            m_call = m_taskRegistry->addEvent(
                m_task.specName, m_task.taskId, QStringLiteral("RunnerStarted"),
                {{QStringLiteral("runner_id"), m_runnerId}}, this,
                [this, step](const Result<Ok> &e) {
                    if (!isCurrent(step))
                        return;
                    if (!e)
                        return failWith(e.error(), error_type::Connection);
                    acquireWorkspace();
                });
        });
}

void AgentRunner::acquireWorkspace()
{
    if (!m_task.needsSlotAllocation()) {
        m_workspacePath = m_task.slotPath;
        m_logger.info(QStringLiteral("using the given working copy"),
                      {{QStringLiteral("slot_id"), m_task.slotId},
                       {QStringLiteral("slot_path"), m_task.slotPath}});
        return prepareBranch();
    }
    const Step step = m_step;
    const int wait = std::max(1, std::min(300, m_task.timeoutSeconds / 4));
    // A claimed task's slot is leased like the task and renewed with it, so that the slot of a
    // worker that died returns to the pool soon. Otherwise the lease outlasts the whole run: the
    // pool keeps the slot this run's even across its own restart, and takes it back only if the
    // run is long gone.
    const int lease = m_task.leaseId.isEmpty() ? m_task.timeoutSeconds + 600 : m_task.leaseSeconds;
    m_allocationKey = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_call = m_repoPool->allocate(
        m_task.repoUrl(), m_runnerId, wait, lease, m_allocationKey, this,
        [this, step](const Result<SlotAllocation> &slot) {
            if (!isCurrent(step))
                return;
            if (!slot)
                return fail(QStringLiteral("slot allocation failed: %1").arg(slot.errorMessage()),
                            slot.error().kind.isEmpty() ? QStringLiteral("slot_allocation")
                                                        : slot.error().kind);
            m_allocationKey.clear();
            m_allocatedSlotId = slot->slotId;
            m_allocatedLeaseId = slot->leaseId;
            m_workspacePath = slot->slotPath;
            m_logger.info(QStringLiteral("slot allocated"),
                          {{QStringLiteral("slot_id"), slot->slotId},
                           {QStringLiteral("slot_path"), slot->slotPath},
                           {QStringLiteral("repo_url"), m_task.repoUrl()}});
            prepareBranch();
        });
}

void AgentRunner::prepareBranch()
{
    GitOptions options;
    options.token = m_config.gitToken;
    options.commandTimeoutMs = m_config.gitTimeoutSeconds * 1000;
    if (m_logger.dispatcher())
        options.masker = std::make_shared<const SecretMasker>(m_logger.dispatcher()->masker());
    options.events = m_events;
    m_git = std::make_unique<GitWorkspace>(m_workspacePath, options, m_logger.child(u"git"));
    const Step step = m_step;
    // A task tried again after its worker was lost starts from the base: whatever the lost
    // attempt pushed is replaced, never built on.
    const bool startsFromBase = m_task.attempt > 1;
    if (startsFromBase)
        m_logger.info(QStringLiteral("attempt %1 of task %2: the task branch starts again from %3")
                          .arg(m_task.attempt)
                          .arg(m_task.taskId, m_config.baseBranch));
    m_git->prepareBranch(
        m_config.baseBranch, m_task.effectiveBranchName(),
        [this, step](const Result<PreparedBranch> &prepared) {
            if (!isCurrent(step))
                return;
            if (!prepared)
                return failWith(prepared.error(), QStringLiteral("git"));
            m_logger.info(QStringLiteral("branch %1 ready").arg(prepared->branchName),
                          {{QStringLiteral("reused"), prepared->reused},
                           {QStringLiteral("rebased"), prepared->rebased},
                           {QStringLiteral("commit"), prepared->headCommit}});
            enterPhase(RunPhase::TaskImplementation);
            askModel();
        },
        startsFromBase);
}

void AgentRunner::askModel()
{
    ChatRequest request = m_llm->makeRequest(PromptBuilder().build(m_task, m_workspacePath));
    if (m_task.maxTokens)
        request.maxTokens = *m_task.maxTokens;
    const Step step = m_step;
    const qint64 startedAt = QDateTime::currentMSecsSinceEpoch();
    m_call =
        m_llm->chat(request, this, [this, step, request, startedAt](Result<ChatResponse> answer) {
            if (!isCurrent(step))
                return;
            const SecretMasker masker =
                m_logger.dispatcher() ? m_logger.dispatcher()->masker() : SecretMasker();
            LlmExchange exchange;
            exchange.id = QStringLiteral("%1-%2").arg(m_runnerId).arg(startedAt);
            exchange.source = QStringLiteral("local");
            exchange.runId = m_runId;
            exchange.runnerId = m_runnerId;
            exchange.taskId = m_task.taskId;
            exchange.specName = m_task.specName;
            exchange.startedAtMs = startedAt;
            exchange.request = request;
            for (ChatMessage &m : exchange.request.messages)
                m.content = masker.mask(m.content);
            if (answer) {
                exchange.response = answer.value();
                exchange.response.content = masker.mask(exchange.response.content);
            } else {
                exchange.error = masker.mask(answer.errorMessage());
                exchange.errorType = answer.error().kind;
            }
            m_exchanges.append(exchange);
            Q_EMIT llmExchangeRecorded(exchange);
            if (!answer)
                return failWith(answer.error(), error_type::Connection);
            applyAnswer(answer->content);
        });
}

void AgentRunner::reportAnswer(const Result<LlmAnswer> &parsed)
{
    run_event::AnswerParsed event;
    event.accepted = bool(parsed);
    if (parsed) {
        event.changes = int(parsed->changes.size());
    } else {
        event.errorType = parsed.error().kind.isEmpty() ? error_type::Parse : parsed.error().kind;
        event.error = parsed.errorMessage();
    }
    reportRunEvent(m_logger, m_events.get(), parsed ? LogLevel::Info : LogLevel::Warning,
                   parsed
                       ? QStringLiteral("the model's answer holds %1 change(s)").arg(event.changes)
                       : QStringLiteral("the model's answer was rejected"),
                   event);
}

void AgentRunner::applyAnswer(const QString &content)
{
    ChangeLimits limits;
    limits.maxAnswerBytes = m_config.llm.maxAnswerBytes;
    limits.maxFileBytes = m_config.maxChangeFileBytes;
    limits.maxTotalBytes = m_config.maxChangeTotalBytes;
    const auto parsed = LlmAnswerParser::parse(content, limits);
    reportAnswer(parsed);
    if (!parsed)
        return fail(
            QStringLiteral("the model's answer was rejected: %1").arg(parsed.errorMessage()),
            parsed.error().kind.isEmpty() ? error_type::Parse : parsed.error().kind);
    if (parsed->changes.isEmpty())
        return fail(QStringLiteral("the model proposed no code changes (an empty change set "
                                   "cannot be committed)"),
                    QStringLiteral("empty_change_set"));
    const auto applied = ChangeApplier(m_workspacePath).apply(parsed->changes);
    if (!applied)
        return fail(
            QStringLiteral("the changes could not be applied: %1").arg(applied.errorMessage()),
            QStringLiteral("workspace"));
    const Step step = m_step;
    const QString explanation = parsed->explanation;
    m_git->diff([this, step, explanation](const Result<WorkspaceDiff> &diff) {
        if (!isCurrent(step))
            return;
        if (!diff)
            return failWith(diff.error(), QStringLiteral("git"));
        ImplementationResult impl;
        impl.success = true;
        impl.filesChanged = diff->files;
        impl.linesAdded = diff->linesAdded;
        impl.linesRemoved = diff->linesRemoved;
        impl.diff = diff->text;
        impl.explanation = explanation;
        m_result.implementation = impl;
        m_collector->recordImplementation(impl.filesChanged.size(), impl.linesAdded,
                                          impl.linesRemoved);
        m_logger.info(QStringLiteral("changes applied to %1 files").arg(impl.filesChanged.size()),
                      {{QStringLiteral("files_changed"), impl.filesChanged.size()},
                       {QStringLiteral("lines_added"), impl.linesAdded},
                       {QStringLiteral("lines_removed"), impl.linesRemoved}});
        if (diff->isEmpty())
            return fail(QStringLiteral("the model's changes leave the workspace unchanged"),
                        QStringLiteral("empty_change_set"));
        enterPhase(RunPhase::TestExecution);
        runTests();
    });
}

void AgentRunner::runTests()
{
    m_tests = std::make_unique<TestRunner>(m_logger.child(u"tests"));
    TestRunSettings settings;
    settings.workspace = m_workspacePath;
    settings.baseBranch = m_config.baseBranch;
    settings.configuredPlaybookPath = m_config.playbookPath;
    settings.perTestTimeoutSeconds = m_config.testTimeoutSeconds;
    settings.deadline = QDeadlineTimer(std::max<qint64>(m_deadline.remainingTime(), 1000));
    if (m_logger.dispatcher())
        settings.masker = std::make_shared<const SecretMasker>(m_logger.dispatcher()->masker());
    settings.sandbox = sandboxPolicyOf(m_config);
    if (const QString reason = Sandbox::unavailableReason(settings.sandbox); !reason.isEmpty())
        return fail(QStringLiteral("the tests cannot run: no sandbox (%1); install bubblewrap or "
                                   "set sandbox.mode to none to run them unconfined")
                        .arg(reason),
                    QStringLiteral("sandbox"));
    const Step step = m_step;
    m_tests->run(m_task, settings, [this, step](const TestRunReport &report) {
        if (!isCurrent(step))
            return;
        if (!report.error.isEmpty())
            return fail(report.error, QStringLiteral("playbook"));
        const TestResult &tests = report.tests;
        m_result.tests = tests;
        reportRunEvent(m_logger, m_events.get(), tests.success ? LogLevel::Info : LogLevel::Warning,
                       QStringLiteral("tests finished: %1 passed, %2 failed")
                           .arg(tests.passedCount())
                           .arg(tests.failedCount()),
                       run_event::TestsFinished{int(tests.results.size()), tests.passedCount(),
                                                tests.failedCount(), tests.totalDurationSeconds,
                                                tests.success});
        if (!tests.success) {
            const auto failed = std::find_if(tests.results.begin(), tests.results.end(),
                                             [](const SingleTestResult &t) { return !t.success; });
            const QString what =
                failed == tests.results.end()
                    ? QStringLiteral("tests failed")
                    : QStringLiteral("test command '%1' %2")
                          .arg(failed->command, failed->timedOut
                                                    ? QStringLiteral("timed out and was killed")
                                                    : QStringLiteral("failed with exit code %1")
                                                          .arg(failed->exitCode));
            return fail(what, failed != tests.results.end() && failed->timedOut
                                  ? QStringLiteral("test_timeout")
                                  : QStringLiteral("test_failure"));
        }
        enterPhase(RunPhase::CommitAndPush);
        persistReports();
        startEarlyUpload();
        commitAndPush();
    });
}

void AgentRunner::commitAndPush()
{
    const Step step = m_step;
    const QString message =
        QStringLiteral("feat(%1): %2 [Task %3]").arg(m_task.specName, m_task.title, m_task.taskId);
    m_git->commit(message, [this, step](Result<QString> commit) {
        if (!isCurrent(step))
            return;
        if (!commit)
            return failWith(commit.error(), QStringLiteral("git"));
        m_git->push(m_task.effectiveBranchName(), [this, step,
                                                   committed = commit.value()](PushResult push) {
            if (!isCurrent(step))
                return;
            m_result.push = push;
            if (!push.success)
                return fail(QStringLiteral("push failed: %1").arg(push.error),
                            QStringLiteral("push"));
            // The working copy may have been switched under the run (a slot handed to someone
            // else): the task is done only when its branch holds the commit this run made.
            if (push.commitHash != committed)
                return fail(QStringLiteral("the pushed branch %1 is at %2, not at this run's "
                                           "commit %3: the working copy changed during the run")
                                .arg(push.branchName, push.commitHash.left(12), committed.left(12)),
                            QStringLiteral("push"));
            m_logger.info(QStringLiteral("pushed %1").arg(push.branchName),
                          {{QStringLiteral("branch_name"), push.branchName},
                           {QStringLiteral("commit"), push.commitHash},
                           {QStringLiteral("retries"), push.retryCount}});
            enterPhase(RunPhase::ArtifactUpload);
            uploadArtifacts();
        });
    });
}

QList<ArtifactUpload> AgentRunner::collectArtifacts(bool includeLog) const
{
    const SecretMasker masker =
        m_logger.dispatcher() ? m_logger.dispatcher()->masker() : SecretMasker();
    const QString stem = QStringLiteral("%1-%2").arg(m_task.specName, m_task.taskId);
    QList<ArtifactUpload> out;
    if (m_result.implementation)
        out.append({QStringLiteral("diff"),
                    {{QStringLiteral("files_changed"),
                      json::toJsonArray(m_result.implementation->filesChanged)},
                     {QStringLiteral("lines_added"), m_result.implementation->linesAdded},
                     {QStringLiteral("lines_removed"), m_result.implementation->linesRemoved}},
                    masker.maskKnownSecrets(m_result.implementation->diff).toUtf8(),
                    stem + QStringLiteral(".diff"),
                    "text/x-diff"});
    if (m_result.tests)
        out.append({QStringLiteral("test_results"),
                    {{QStringLiteral("success"), m_result.tests->success},
                     {QStringLiteral("passed"), m_result.tests->passedCount()},
                     {QStringLiteral("failed"), m_result.tests->failedCount()}},
                    QJsonDocument(toJson(*m_result.tests)).toJson(),
                    stem + QStringLiteral("-tests.json"),
                    "application/json"});
    if (!m_exchanges.isEmpty()) {
        QJsonArray exchanges;
        for (const LlmExchange &e : m_exchanges)
            exchanges.append(e.toJson());
        out.append({QStringLiteral("transcript"),
                    {{QStringLiteral("llm_calls"), exchanges.size()}},
                    QJsonDocument(QJsonObject{{QStringLiteral("exchanges"), exchanges}}).toJson(),
                    stem + QStringLiteral("-transcript.json"),
                    "application/json"});
    }
    if (includeLog && m_logRecorder)
        out.append({QStringLiteral("log"),
                    {{QStringLiteral("format"), QStringLiteral("jsonl")}},
                    m_logRecorder->jsonLines(),
                    stem + QStringLiteral(".jsonl"),
                    "application/x-ndjson"});
    return out;
}

void AgentRunner::uploadArtifacts()
{
    // The pushed workspace is not needed any more: another runner may have the slot while the
    // artifacts, which are in memory, travel.
    startSlotRelease();
    replaceUploader();
    // Stored only: the final report records them with the status, in one registry call.
    m_uploader->setRecording(ArtifactUploader::Recording::ByCaller);
    const Step step = m_step;
    m_uploader->upload(
        m_task.specName, m_task.taskId, remainingArtifacts(),
        [this, step](const QList<ArtifactRecord> &stored, const std::optional<Error> &error) {
            if (!isCurrent(step))
                return;
            afterEarlyUpload([this, step, stored, error] {
                if (!isCurrent(step))
                    return;
                keepArtifacts({});
                const std::optional<Error> firstError = m_early.error ? m_early.error : error;
                if (firstError)
                    return fail(
                        QStringLiteral("artifact upload failed: %1").arg(firstError->message),
                        firstError->kind.isEmpty() ? QStringLiteral("artifact_upload")
                                                   : firstError->kind);
                enterPhase(RunPhase::CompletionReport);
                reportCompletion(stored);
            });
        });
}

QList<ArtifactUpload> AgentRunner::remainingArtifacts() const
{
    QList<ArtifactUpload> remaining;
    for (ArtifactUpload &artifact : collectArtifacts(true)) {
        const bool kept =
            std::any_of(m_result.artifacts.cbegin(), m_result.artifacts.cend(),
                        [&](const ArtifactRecord &r) { return r.type == artifact.type; });
        if (!kept && !m_early.types.contains(artifact.type))
            remaining.append(std::move(artifact));
    }
    return remaining;
}

void AgentRunner::startEarlyUpload()
{
    // The diff, the test results and the transcript are final once the tests pass.
    const QList<ArtifactUpload> artifacts = collectArtifacts(false);
    m_early = EarlyUpload{};
    m_early.started = true;
    for (const ArtifactUpload &artifact : artifacts)
        m_early.types.insert(artifact.type);
    if (m_earlyUploader)
        m_earlyUploader.release()->deleteLater();
    m_earlyUploader = std::make_unique<ArtifactUploader>(*m_artifactStore, *m_taskRegistry);
    // Not part of a step: a failure or a cancel lets it finish, and the run waits for it.
    m_earlyUploader->upload(m_task.specName, m_task.taskId, artifacts,
                            [this](QList<ArtifactRecord> uploaded, std::optional<Error> error) {
                                m_early.finished = true;
                                m_early.records = std::move(uploaded);
                                m_early.error = std::move(error);
                                if (auto next = std::exchange(m_early.then, nullptr))
                                    next();
                            });
}

void AgentRunner::afterEarlyUpload(std::function<void()> next)
{
    if (!m_early.started || m_early.finished)
        return next();
    m_early.then = std::move(next);
}

void AgentRunner::keepArtifacts(const QList<ArtifactRecord> &uploaded)
{
    for (const ArtifactRecord &record : m_early.records + uploaded) {
        const bool kept =
            std::any_of(m_result.artifacts.cbegin(), m_result.artifacts.cend(),
                        [&](const ArtifactRecord &r) { return r.type == record.type; });
        if (!kept)
            m_result.artifacts.append(record);
    }
}

void AgentRunner::reportCompletion(const QList<ArtifactRecord> &stored)
{
    const Step step = m_step;
    const QJsonObject metadata{
        {QStringLiteral("runner_id"), m_runnerId},
        {QStringLiteral("branch_name"), m_result.push ? m_result.push->branchName : QString()},
        {QStringLiteral("commit"), m_result.push ? m_result.push->commitHash : QString()},
        {QStringLiteral("artifacts"), m_result.artifacts.size() + stored.size()}};
    const TaskRegistryClient::FinalReport report{QStringLiteral("done"), metadata, stored,
                                                 QStringLiteral("TaskCompleted"), metadata};
    // Until the registry has them, the stored artifacts are not the result's: a run that fails
    // now uploads and records them again (the log then holds the failure too).
    const auto completed = [this, stored] {
        keepArtifacts(stored);
        for (const ArtifactRecord &a : std::as_const(m_result.artifacts))
            m_collector->recordArtifact(a.sizeBytes);
        m_result.success = true;
        releaseSlotThen([this] { finish(); });
    };
    m_finalReportSent = true;
    // The answer gets at least the grace of a failure report, however little of the task's
    // budget is left.
    if (m_deadline.isActive() && m_deadline.remainingTime() < reportGraceMs())
        m_deadline.start(int(reportGraceMs()));
    m_call = m_taskRegistry->sendFinalReport(
        m_task.specName, m_task.taskId, report, this,
        [this, step, report, completed](const Result<bool> &together) {
            if (!isCurrent(step))
                return;
            if (!together)
                return failWith(together.error(), error_type::Connection);
            if (*together)
                return completed();
            m_logger.debug(QStringLiteral("the task registry took only the status of the final "
                                          "report; its artifacts and event follow one by one"));
            recordOneByOne(report.artifacts, report, completed);
        });
}

void AgentRunner::recordOneByOne(QList<ArtifactRecord> artifacts,
                                 const TaskRegistryClient::FinalReport &report,
                                 std::function<void()> completed)
{
    // The task is done in the registry already: a record that does not make it is logged, and
    // the run still completes.
    const Step step = m_step;
    const auto warnIfLost = [this](const Result<Ok> &recorded, const QString &what) {
        if (!recorded)
            m_logger.warning(QStringLiteral("the task registry did not record %1: %2")
                                 .arg(what, recorded.errorMessage()),
                             {{QStringLiteral("error_type"), recorded.error().kind}});
    };
    if (artifacts.isEmpty()) {
        m_call = m_taskRegistry->addEvent(
            m_task.specName, m_task.taskId, report.eventType, report.eventData, this,
            [this, step, report, completed, warnIfLost](const Result<Ok> &recorded) {
                if (!isCurrent(step))
                    return;
                warnIfLost(recorded, QStringLiteral("the event %1").arg(report.eventType));
                completed();
            });
        return;
    }
    const ArtifactRecord first = artifacts.takeFirst();
    m_call = m_taskRegistry->addArtifact(
        m_task.specName, m_task.taskId, first, this,
        [this, step, first, artifacts, report, completed,
         warnIfLost](const Result<Ok> &recorded) mutable {
            if (!isCurrent(step))
                return;
            warnIfLost(recorded, QStringLiteral("the artifact %1").arg(first.type));
            recordOneByOne(std::move(artifacts), report, std::move(completed));
        });
}

void AgentRunner::renewLease()
{
    // The task's lease first: when it has ended the run stops for that reason, whatever became
    // of the slot meanwhile; the slot's lease is renewed only while the task is still this run's.
    const Step step = m_step;
    m_leaseCall = m_taskRegistry->renewLease(
        m_task.specName, m_task.taskId, m_task.leaseId, m_task.leaseSeconds, this,
        [this, step](const Result<Ok> &renewed) {
            if (!isCurrent(step))
                return;
            if (renewed)
                return renewSlotLease();
            if (isLeaseRefusal(renewed.error()) && m_finalReportSent) {
                // The registry ended the lease with the final report; the report's own answer
                // says whether it was this run's to make.
                m_leaseRenewal.stop();
                return;
            }
            if (isLeaseRefusal(renewed.error()))
                return leaseLost(renewed.errorMessage());
            // The registry is out of reach: the next renewal tries again, and the lease holds
            // until it expires. The slot is kept meanwhile.
            m_logger.warning(QStringLiteral("the lease of task %1 could not be renewed: %2")
                                 .arg(m_task.taskId, renewed.errorMessage()),
                             {{QStringLiteral("service"), QStringLiteral("task_registry")},
                              {QStringLiteral("error_type"), renewed.error().kind}});
            renewSlotLease();
        });
}

void AgentRunner::renewSlotLease()
{
    if (m_allocatedSlotId.isEmpty() || m_allocatedLeaseId.isEmpty())
        return;
    const Step step = m_step;
    m_slotLeaseCall = m_repoPool->renewLease(
        m_allocatedSlotId, m_allocatedLeaseId, m_task.leaseSeconds, this,
        [this, step](const Result<Ok> &renewed) {
            if (!isCurrent(step) || renewed)
                return;
            if (renewed.error().kind == QLatin1String("http_409"))
                return fail(QStringLiteral("the repo pool took back this run's slot: %1")
                                .arg(renewed.errorMessage()),
                            QStringLiteral("workspace"));
            m_logger.warning(QStringLiteral("the lease of slot %1 could not be renewed: %2")
                                 .arg(m_allocatedSlotId, renewed.errorMessage()),
                             {{QStringLiteral("service"), QStringLiteral("repo_pool")},
                              {QStringLiteral("error_type"), renewed.error().kind}});
        });
}

bool AgentRunner::isLeaseRefusal(const Error &error) const
{
    // A 409 to a report of a leased run: the registry no longer counts this runner as the
    // task's owner (its lease ended, the task was requeued or finished elsewhere).
    return !m_task.leaseId.isEmpty() && TaskRegistryClient::isLeaseRefusal(error);
}

void AgentRunner::leaseLost(const QString &reason)
{
    m_leaseLost = true;
    m_leaseRenewal.stop();
    fail(QStringLiteral("the task registry ended this run's lease (%1); the task is another "
                        "worker's now, so this run stops without reporting")
             .arg(reason),
         QStringLiteral("lease_lost"));
}

void AgentRunner::failWith(const Error &error, const QString &fallbackType)
{
    fail(error.message, error.kind.isEmpty() ? fallbackType : error.kind);
}

void AgentRunner::fail(const QString &error, const QString &errorType)
{
    if (m_failing)
        return;
    if (isLeaseRefusal(makeError(error, errorType)))
        return leaseLost(error);
    m_failing = true;
    ++m_step; // every callback of the main path is stale from now on
    abortCurrentStep();
    m_result.success = false;
    m_result.error = error;
    m_result.errorType = errorType;
    m_result.failedPhase = phaseKey(m_phase);
    if (m_collector)
        m_collector->recordError(errorType);
    m_logger.error(QStringLiteral("task %1 failed: %2").arg(m_task.taskId, error),
                   {{QStringLiteral("phase"), phaseKey(m_phase)},
                    {QStringLiteral("error"), error},
                    {QStringLiteral("error_type"), errorType}});

    if (m_leaseLost) {
        // Whatever it would report is refused: only the slot is given back.
        m_leaseRenewal.stop();
        return releaseSlotThen([this] { finish(); });
    }
    persistReports();
    const Step step = m_step;
    const QJsonObject failure{{QStringLiteral("runner_id"), m_runnerId},
                              {QStringLiteral("error"), error},
                              {QStringLiteral("error_type"), errorType},
                              {QStringLiteral("phase"), phaseKey(m_phase)}};
    m_failureReport = failure;
    auto report = [this, step, failure] {
        if (!isCurrent(step))
            return;
        m_call = m_taskRegistry->updateStatus(
            m_task.specName, m_task.taskId, QStringLiteral("failed"), failure, this,
            [this, step, failure](const Result<Ok> &status) {
                if (!isCurrent(step))
                    return;
                if (!status) {
                    if (!isLeaseRefusal(status.error()))
                        keepFailureReport(false);
                    return releaseSlotThen([this] { finish(); });
                }
                m_call = m_taskRegistry->addEvent(m_task.specName, m_task.taskId,
                                                  QStringLiteral("TaskFailed"), failure, this,
                                                  [this, step](const Result<Ok> &event) {
                                                      if (!isCurrent(step))
                                                          return;
                                                      if (!event)
                                                          keepFailureReport(true);
                                                      releaseSlotThen([this] { finish(); });
                                                  });
            });
    };
    // Whatever the run produced so far is kept, the log above all.
    replaceUploader();
    m_uploader->upload(
        m_task.specName, m_task.taskId, remainingArtifacts(),
        [this, step, report](const QList<ArtifactRecord> &uploaded, const std::optional<Error> &e) {
            if (!isCurrent(step))
                return;
            afterEarlyUpload([this, step, report, uploaded, e] {
                if (!isCurrent(step))
                    return;
                keepArtifacts(uploaded);
                if (const std::optional<Error> error = e ? e : m_early.error)
                    m_logger.warning(
                        QStringLiteral("artifacts of the failed run were not all kept: %1")
                            .arg(error->message),
                        {{QStringLiteral("error_type"), error->kind}});
                report();
            });
        });
}

void AgentRunner::keepFailureReport(bool statusDelivered)
{
    if (!m_outbox || m_failureReport.isEmpty())
        return;
    PendingReport report;
    report.specName = m_task.specName;
    report.taskId = m_task.taskId;
    report.leaseId = m_task.leaseId;
    if (!statusDelivered) {
        report.status = QStringLiteral("failed");
        report.metadata = m_failureReport;
    }
    report.eventType = QStringLiteral("TaskFailed");
    report.eventData = m_failureReport;
    m_outbox->keep(report);
    m_failureReport = {};
}

void AgentRunner::persistReports()
{
    // From here on the registry hears the outcome even through an outage: each record is
    // retried (with its idempotency key) for as long as the task's budget allows, and at least
    // for the grace a failure report gets.
    RetryConfig retry = m_config.retry;
    retry.maxAttempts = std::numeric_limits<int>::max();
    retry.maxDelaySeconds = std::min(retry.maxDelaySeconds, kReportRetryMaxDelaySeconds);
    // A little before the task's deadline, so that the failure the registry caused is the one
    // reported, not the deadline.
    const qint64 budgetMs =
        m_deadline.isActive() ? m_deadline.remainingTimeAsDuration().count() - 1000 : 0;
    m_taskRegistry->persistUntil(QDeadlineTimer(std::max<qint64>(budgetMs, reportGraceMs())),
                                 retry);
}

void AgentRunner::replaceUploader()
{
    // The old uploader may be the one whose callback is running: let it finish first.
    if (m_uploader)
        m_uploader.release()->deleteLater();
    m_uploader = std::make_unique<ArtifactUploader>(*m_artifactStore, *m_taskRegistry);
}

void AgentRunner::releaseSlotThen(std::function<void()> next)
{
    if (m_releaseInFlight) {
        m_afterRelease = std::move(next);
        return;
    }
    if (m_allocatedSlotId.isEmpty() && m_allocationKey.isEmpty())
        return next();
    m_afterRelease = std::move(next);
    startSlotRelease();
}

void AgentRunner::startSlotRelease()
{
    if (m_releaseInFlight)
        return;
    if (m_allocatedSlotId.isEmpty())
        return startAllocationWithdrawal();
    const QString slotId = std::exchange(m_allocatedSlotId, QString());
    const QString leaseId = std::exchange(m_allocatedLeaseId, QString());
    m_releaseInFlight = true;
    // Not part of the current step: a cancel or a deadline does not stop the slot's return.
    m_releaseCall = m_repoPool->release(slotId, leaseId, this, [this, slotId](const Result<Ok> &r) {
        if (!r)
            m_logger.error(
                QStringLiteral("slot %1 could not be released: %2").arg(slotId, r.errorMessage()),
                {{QStringLiteral("slot_id"), slotId},
                 {QStringLiteral("error_type"), r.error().kind}});
        else
            m_logger.info(QStringLiteral("slot released"), {{QStringLiteral("slot_id"), slotId}});
        slotReturned();
    });
}

void AgentRunner::startAllocationWithdrawal()
{
    if (m_allocationKey.isEmpty())
        return;
    const QString key = std::exchange(m_allocationKey, QString());
    m_releaseInFlight = true;
    // The allocate call was given up or failed without naming a slot; the pool may have handed
    // one out all the same (its answer lost or cut off), and it knows the call by its key.
    m_releaseCall = m_repoPool->withdraw(key, this, [this](const Result<QString> &released) {
        if (!released) {
            const bool unsupported = released.error().kind == error_type::http(404) ||
                                     released.error().kind == error_type::http(405);
            m_logger.warning(
                unsupported ? QStringLiteral("the repo pool cannot withdraw an allocation; a slot "
                                             "it may have handed out returns when its lease ends")
                            : QStringLiteral("the unanswered slot allocation could not be "
                                             "withdrawn: %1")
                                  .arg(released.errorMessage()),
                {{QStringLiteral("error_type"), released.error().kind}});
        } else if (!released->isEmpty()) {
            m_logger.info(QStringLiteral("slot released"),
                          {{QStringLiteral("slot_id"), *released},
                           {QStringLiteral("reason"), QStringLiteral("allocation withdrawn")}});
        }
        slotReturned();
    });
}

void AgentRunner::slotReturned()
{
    m_releaseInFlight = false;
    if (auto next = std::exchange(m_afterRelease, nullptr))
        next();
}

void AgentRunner::abortCurrentStep()
{
    m_call.cancel();
    m_sideCall.cancel();
    if (m_git)
        m_git->cancel();
    if (m_tests)
        m_tests->cancel();
    if (m_uploader)
        m_uploader->cancel();
}

void AgentRunner::onTaskDeadline()
{
    if (m_state != RunnerState::Running)
        return;
    if (m_failing) {
        // Reporting a failure took the rest of the budget: the outbox takes over the report.
        ++m_step;
        abortCurrentStep();
        keepFailureReport(false);
        releaseSlotThen([this] { finish(); });
        return;
    }
    fail(QStringLiteral("task timed out after %1 s in phase %2")
             .arg(std::min(m_task.timeoutSeconds, m_config.taskTimeoutSeconds))
             .arg(phaseKey(m_phase)),
         error_type::Timeout);
    // The report gets a short grace of its own.
    m_deadline.start(int(reportGraceMs()));
}

void AgentRunner::cancel(const QString &reason)
{
    if (m_state != RunnerState::Running || m_failing)
        return;
    if (m_finalReportSent) {
        m_logger.info(QStringLiteral("task %1 is not cancelled: its final report is already with "
                                     "the task registry")
                          .arg(m_task.taskId));
        return;
    }
    fail(reason.isEmpty() ? QStringLiteral("cancelled")
                          : QStringLiteral("cancelled: %1").arg(reason),
         error_type::Cancelled);
    m_deadline.start(30 * 1000);
}

void AgentRunner::finish()
{
    m_deadline.stop();
    m_leaseRenewal.stop();
    m_taskRegistry->dropLease(m_task.specName, m_task.taskId);
    m_resourceSamples = {};
    const bool success = m_result.success;
    enterPhase(RunPhase::Finished);
    m_result.durationSeconds = m_clock.nsecsElapsed() / 1e9;
    m_result.finalState = success ? RunnerState::Completed : RunnerState::Failed;
    const ExecutionMetrics metrics =
        m_collector->finalize(success ? QStringLiteral("completed") : QStringLiteral("failed"));
    reportRunEvent(
        m_logger, m_events.get(), success ? LogLevel::Info : LogLevel::Warning,
        QStringLiteral("task %1 %2 in %3 s")
            .arg(m_task.taskId, success ? QStringLiteral("completed") : QStringLiteral("failed"))
            .arg(m_result.durationSeconds, 0, 'f', 2),
        run_event::RunFinished{success, m_result.durationSeconds, m_result.error,
                               m_result.errorType});
    if (m_logger.dispatcher() && m_logRecorder)
        m_logger.dispatcher()->removeSink(m_logRecorder);
    m_http->setRunEventObserver(nullptr);
    setState(m_result.finalState);
    const RunnerResult result = m_result;
    setState(RunnerState::Idle);
    ++m_step;
    Q_EMIT finished(result, metrics);
}

} // namespace necrocode
