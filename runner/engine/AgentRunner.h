// The agent runner: executes one task at a time as an asynchronous state machine on the thread
// it lives in (SPEC §1). validate → register → allocate slot → prepare branch → prompt → LLM →
// apply changes → tests → commit and push → artifacts → report → release slot. Every failure
// ends in a failed RunnerResult (never an exception), reported to the Task Registry, with the
// slot released exactly once and only when this run allocated it. Reusable for the next task.
#pragma once

#include "core/RunEvent.h"
#include "core/RunResults.h"
#include "core/RunnerConfig.h"
#include "core/TaskContext.h"
#include "engine/LlmAnswerParser.h"
#include "engine/LlmExchange.h"
#include "engine/RunSnapshot.h"
#include "log/Logger.h"
#include "metrics/ExecutionMetrics.h"
#include "metrics/SharedResourceSampler.h"
#include "net/ArtifactStoreClient.h"
#include "net/LlmClient.h"
#include "net/RepoPoolClient.h"
#include "net/TaskRegistryClient.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <memory>

namespace necrocode {

class ArtifactUploader;
class ReportOutbox;
class GitWorkspace;
class MetricsCollector;
class MetricsRegistry;
class RunEventRelay;
class RunLogRecorder;
class TestRunner;

class AgentRunner : public QObject
{
    Q_OBJECT

public:
    AgentRunner(RunnerConfig config, std::shared_ptr<LogDispatcher> logs,
                MetricsRegistry *registry = nullptr, QObject *parent = nullptr);
    ~AgentRunner() override;

    // How many runners exist in this process, in any thread: what owns runners can be checked
    // for leaving none behind.
    static int liveCount();

    const QString &runnerId() const { return m_runnerId; }
    RunnerState state() const { return m_state; }
    RunPhase phase() const { return m_phase; }

    struct RunOptions
    {
        QString runId;               // labels the run's exchanges
        double queueWaitSeconds = 0; // time the task waited for a runner
        int concurrentRunners = 1;   // runners busy when this one started
        // The registry already marked the task running for this worker (it was claimed).
        bool claimedFromRegistry = false;
    };

    // Starts the task; finished() follows exactly once. A runner that is not idle answers at
    // once with a failed result.
    void run(const TaskContext &task, const RunOptions &options);
    void run(const TaskContext &task) { run(task, RunOptions{}); }
    // Stops the running task: the current step is aborted, the failure is reported and the slot
    // released. finished() follows with error_type "cancelled".
    void cancel(const QString &reason = {});
    // Where reports go that the registry did not take within the run's budget (may be null).
    // The outbox may live in another thread; it must outlive this runner.
    void setOutbox(ReportOutbox *outbox) { m_outbox = outbox; }

Q_SIGNALS:
    void stateChanged(necrocode::RunnerState state);
    // Every event the run reports (phases, calls, results), as counted in its metrics.
    void runEventReported(const QString &runId, const necrocode::RunEvent &event);
    void llmExchangeRecorded(const necrocode::LlmExchange &exchange);
    void finished(const necrocode::RunnerResult &result,
                  const necrocode::ExecutionMetrics &metrics);

private:
    using Step = quint64;

    void setState(RunnerState state);
    void enterPhase(RunPhase phase);
    bool isCurrent(Step step) const { return step == m_step; }

    void validate();
    void registerTask();
    void markRunning();
    void acquireWorkspace();
    void prepareBranch();
    void askModel();
    void applyAnswer(const QString &content);
    // Renews the claimed task's lease (every third of its length while the run lasts).
    void renewLease();
    void renewSlotLease(); // after the task's lease was renewed

    bool isLeaseRefusal(const Error &error) const;
    // The registry refused this run's lease: the run stops and reports nothing more.
    void leaseLost(const QString &reason);
    // Logs whether the model's answer was accepted, with its change count or the reason.
    void reportAnswer(const Result<LlmAnswer> &parsed);
    void runTests();
    void commitAndPush();
    void uploadArtifacts();
    // The final report: status done with the artifacts just stored and TaskCompleted.
    void reportCompletion(const QList<ArtifactRecord> &stored);
    // For a registry that took only the status: the artifacts, then the event, one call each.
    void recordOneByOne(QList<ArtifactRecord> artifacts,
                        const TaskRegistryClient::FinalReport &report,
                        std::function<void()> completed);

    void fail(const QString &error, const QString &errorType);
    void failWith(const Error &error, const QString &fallbackType);
    void releaseSlotThen(std::function<void()> next);
    void startSlotRelease();
    void startAllocationWithdrawal();
    void slotReturned();
    void finish();
    void replaceUploader();
    // The Task Registry client keeps retrying the final reports (see persistReports()).
    void persistReports();
    static constexpr double kReportRetryMaxDelaySeconds = 5.0;
    qint64 reportGraceMs() const { return qint64(m_config.reportGraceSeconds) * 1000; }
    // Hands the failure report to the outbox (when there is one) with how far it got.
    void keepFailureReport(bool statusDelivered);
    QList<ArtifactUpload> collectArtifacts(bool includeLog) const;
    // The artifacts not uploaded yet and not on their way in the early upload.
    QList<ArtifactUpload> remainingArtifacts() const;
    void startEarlyUpload();
    void afterEarlyUpload(std::function<void()> next);
    // Adds uploaded records (and the early upload's) to the result, one per artifact type.
    void keepArtifacts(const QList<ArtifactRecord> &uploaded);
    void onTaskDeadline();
    void abortCurrentStep();

    RunnerConfig m_config;
    QString m_runnerId;
    Logger m_logger;
    MetricsRegistry *m_registry;
    QNetworkAccessManager *m_network; // a child, so that moveToThread() takes it along
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<TaskRegistryClient> m_taskRegistry;
    std::unique_ptr<RepoPoolClient> m_repoPool;
    std::unique_ptr<ArtifactStoreClient> m_artifactStore;
    std::unique_ptr<LlmClient> m_llm;

    RunnerState m_state = RunnerState::Idle;
    RunPhase m_phase = RunPhase::Queued;
    Step m_step = 0;
    bool m_failing = false;
    bool m_leaseLost = false;
    // The final report has gone to the registry, which may have recorded it already: a cancel
    // comes too late, and the refused renewal of a lease that ended with it is no loss.
    bool m_finalReportSent = false;
    QTimer m_leaseRenewal;
    HttpCallHandle m_leaseCall;
    HttpCallHandle m_slotLeaseCall;

    // The run in progress.
    TaskContext m_task;
    QString m_runId;
    RunnerResult m_result;
    QElapsedTimer m_clock;
    QTimer m_deadline;
    QString m_workspacePath;
    QString m_allocatedSlotId;  // set only for a slot this run allocated; cleared on release
    QString m_allocatedLeaseId; // the pool's lease of that slot, needed to release it
    // The key of an allocate request whose answer never named a slot (in flight, cancelled or
    // failed): the pool may have handed one out all the same, so it is withdrawn at the end.
    QString m_allocationKey;
    QList<LlmExchange> m_exchanges;
    std::shared_ptr<MetricsCollector> m_collector;
    std::shared_ptr<RunEventRelay> m_events; // counts in m_collector, then runEventReported
    std::shared_ptr<RunLogRecorder> m_logRecorder;
    std::shared_ptr<SharedResourceSampler> m_resourceSampler;
    SharedResourceSampler::Subscription m_resourceSamples; // active while a task runs
    ResourceLimitWatch m_resourceLimits;
    std::unique_ptr<GitWorkspace> m_git;
    std::unique_ptr<TestRunner> m_tests;
    std::unique_ptr<ArtifactUploader> m_uploader;
    // The diff, test results and transcript travel while git commits and pushes.
    struct EarlyUpload
    {
        QSet<QString> types; // artifact types it carries
        bool started = false;
        bool finished = false;
        QList<ArtifactRecord> records;
        std::optional<Error> error;
        std::function<void()> then; // waits for it to finish
    };
    EarlyUpload m_early;
    std::unique_ptr<ArtifactUploader> m_earlyUploader;
    HttpCallHandle m_call;
    HttpCallHandle m_sideCall; // a second call of the current step that runs beside m_call
    // The slot goes back to the pool while the artifacts travel; finishing waits for it.
    HttpCallHandle m_releaseCall;
    bool m_releaseInFlight = false;
    std::function<void()> m_afterRelease;
    bool m_claimedFromRegistry = false;
    ReportOutbox *m_outbox = nullptr;
    QJsonObject m_failureReport; // the failure being reported, for the outbox
};

} // namespace necrocode
