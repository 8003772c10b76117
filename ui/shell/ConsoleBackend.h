// The console's view of the engine: what the widgets show comes from these signals and the log
// hub; what the user does goes through these calls. The application wires it to the runner pool
// and the embedded local services; tests use a scripted implementation.
#pragma once

#include "core/RunnerConfig.h"
#include "engine/LlmExchange.h"
#include "engine/PromptChannel.h"
#include "engine/RunSnapshot.h"
#include "health/ServiceHealth.h"
#include "remote/FleetWorker.h"

#include <QMap>
#include <QObject>
#include <QUrl>

namespace necrocode {

class LogHub;

// Where one of the console's own services is reached.
struct ServiceAddress
{
    QString url;
    bool embedded = false; // the embedded local service (the setting is empty)
};

class ConsoleBackend : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    // Every log entry of the engine, the local services and attached workers ends up here.
    virtual LogHub &logHub() = 0;

    // The settings as the user set them: an empty service URL means the embedded service.
    virtual RunnerConfig config() const = 0;
    // Applies new settings at once: health checks, runs started from now on, task intake.
    virtual void applyConfig(const RunnerConfig &config) = 0;
    // The addresses of the four services this console uses, by service name.
    virtual QMap<QString, ServiceAddress> serviceAddresses() const { return {}; }

    // Takes the ready tasks of the demo task set from the registry as runners become free.
    virtual void runDemo() = 0;
    // Stops taking tasks from the registry (runs in progress go on).
    virtual void stopTakingTasks() {}
    // A task context JSON file, or a task set file ({"spec_name", "tasks": [...]}).
    virtual void runTaskFile(const QString &path) = 0;
    virtual void cancelRun(const QString &runId) = 0;
    // Puts a failed run's task back to ready in the registry (with an event that says who
    // retried it) and runs it again.
    virtual void retryRun(const QString &runId) { Q_UNUSED(runId); }
    virtual void setParallelRunners(int count) = 0;
    virtual int parallelRunners() const = 0;

    // Sends an edited prompt through the playground's own LLM client, off the GUI thread, logged
    // as a playground call of `origin`; a streamed answer grows in playgroundPartial(requestId,
    // text) and the whole arrives as playgroundAnswered(requestId, exchange).
    virtual QString resendPrompt(const ChatRequest &request, const PromptOrigin &origin) = 0;

    // Follows a headless `necrocode-runner serve` (its /logs, /metrics and /health).
    virtual void attach(const QUrl &workerUrl) = 0;
    // Stops following an attached worker, by its label; workerDetached(label) follows.
    virtual void detach(const QString &label) = 0;
    // Labels of the workers followed now, in the order they were attached.
    virtual QStringList attachedWorkers() const = 0;

    // The fleet of the Task Registry this console uses, from its worker list: with "attach to
    // all" on, every active worker is attached as it appears, lost ones are marked and ones that
    // stopped detached (fleetChanged after every poll).
    virtual void setAttachToAllWorkers(bool on) { Q_UNUSED(on); }
    virtual bool attachesToAllWorkers() const { return false; }
    // The registry asked for the worker list (empty: none), and why its list is not current.
    virtual QString fleetRegistryUrl() const { return {}; }
    virtual QString fleetProblem() const { return {}; }
    // Trusts this certificate (SHA-256 fingerprint) for the worker at `workerUrl` from now on,
    // kept between sessions; the worker is followed over https although no authority vouches.
    virtual void pinWorkerCertificate(const QUrl &workerUrl, const QString &fingerprint)
    {
        Q_UNUSED(workerUrl);
        Q_UNUSED(fingerprint);
    }

    // Service names in display order: task_registry, repo_pool, artifact_store, llm.
    static QStringList serviceNames()
    {
        return {QStringLiteral("task_registry"), QStringLiteral("repo_pool"),
                QStringLiteral("artifact_store"), QStringLiteral("llm")};
    }

Q_SIGNALS:
    void runChanged(const necrocode::RunSnapshot &run);
    void llmExchangeRecorded(const necrocode::LlmExchange &exchange);
    // `source` is "local" or an attached worker's label.
    void serviceHealthChanged(const QString &source, const QString &service,
                              const necrocode::ServiceHealth &health);
    void playgroundPartial(const QString &requestId, const QString &textSoFar);
    void playgroundAnswered(const QString &requestId, const necrocode::LlmExchange &exchange);
    // The console's own health server: listening URL, or an error.
    void healthServerChanged(const QString &description, bool listening);
    // Something the user should know (an attach failed, a task file was rejected, ...).
    void notice(const QString &text, bool isError);
    // The embedded services are up and the demo can run.
    void ready();
    // A worker is not followed any more: its health rows go.
    void workerDetached(const QString &label);
    // serviceAddresses() changed (new settings, the embedded services started).
    void addressesChanged();
    // Taking tasks from the registry: `taking` while it does; `problem` set while the registry
    // cannot be reached, with the next attempt in `retryInMs`.
    void taskIntakeChanged(bool taking, const QString &problem, int retryInMs);
    // The registry's worker list, after every poll.
    void fleetChanged(const QList<necrocode::FleetWorker> &workers);
    // fleetProblem() changed.
    void fleetProblemChanged();
    // An attached worker presents a certificate the console does not trust; the user may pin it.
    void workerCertificateUntrusted(const QUrl &workerUrl, const QString &fingerprint,
                                    const QString &description);
};

} // namespace necrocode
