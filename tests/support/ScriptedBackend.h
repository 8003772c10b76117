// A test double for ConsoleBackend: plays ScriptedDemoScript instead of running the engine. Demo
// runs step through the SPEC phases on a timer, posting realistic log entries into its LogHub,
// recording LLM exchanges and reporting service health; nothing is executed or contacted. Used
// by the UI tests and for previews of the console without the engine.
#pragma once

#include "ScriptedDemoScript.h"
#include "log/LogHub.h"
#include "shell/ConsoleBackend.h"

#include <QRandomGenerator>
#include <QTimer>

#include <vector>

namespace necrocode {

class ScriptedBackend : public ConsoleBackend
{
    Q_OBJECT

public:
    static constexpr int kDefaultStepMs = 350;
    static constexpr int kHealthEverySteps = 8;

    explicit ScriptedBackend(QObject *parent = nullptr);

    void setStepInterval(int milliseconds) { m_timer.setInterval(milliseconds); }
    QList<RunSnapshot> runs() const;

    LogHub &logHub() override { return m_hub; }
    RunnerConfig config() const override { return m_config; }
    void applyConfig(const RunnerConfig &config) override;
    void runDemo() override;
    void runTaskFile(const QString &path) override;
    void cancelRun(const QString &runId) override;
    void setParallelRunners(int count) override;
    int parallelRunners() const override { return m_config.maxParallelRunners; }
    QString resendPrompt(const ChatRequest &request, const PromptOrigin &origin) override;
    void attach(const QUrl &workerUrl) override;
    void detach(const QString &label) override;
    QStringList attachedWorkers() const override { return m_attached; }
    void pinWorkerCertificate(const QUrl &workerUrl, const QString &fingerprint) override
    {
        pinnedCertificates.append({workerUrl, fingerprint});
    }
    // The certificates the console was asked to pin, in order.
    QList<QPair<QUrl, QString>> pinnedCertificates;

private:
    struct ScriptedRun
    {
        RunSnapshot snapshot;
        ScriptedTask task;
        int step = 0;
    };

    void announce();
    void queueRun(const ScriptedTask &task);
    void step();
    void startQueuedRuns();
    void advance(ScriptedRun &run);
    void reportHealth();
    QString freeRunnerId() const;
    void post(LogLevel level, const QString &message, QJsonObject extra = {});

    LogHub m_hub;
    RunnerConfig m_config;
    QTimer m_timer;
    std::vector<ScriptedRun> m_runs;
    QRandomGenerator m_random{20261127};
    int m_runCounter = 0;
    int m_playgroundCounter = 0;
    int m_steps = 0;
    QStringList m_attached;
};

} // namespace necrocode
