// A ConsoleBackend for the panel tests: records what the panels ask of the engine, and the test
// emits the engine's signals itself.
#pragma once

#include "log/LogHub.h"
#include "shell/ConsoleBackend.h"

#include <QList>
#include <QStringList>
#include <QUrl>

#include <functional>

namespace necrocode {

class FakeConsoleBackend final : public ConsoleBackend
{
public:
    using ConsoleBackend::ConsoleBackend;

    LogHub &logHub() override { return m_logHub; }
    RunnerConfig config() const override { return configuration; }
    void applyConfig(const RunnerConfig &config) override { configuration = config; }
    void runDemo() override { ++demoRuns; }
    void runTaskFile(const QString &path) override { taskFiles.append(path); }
    void cancelRun(const QString &runId) override { cancelledRuns.append(runId); }
    void setParallelRunners(int count) override { parallel = count; }
    int parallelRunners() const override { return parallel; }
    QString resendPrompt(const ChatRequest &request, const PromptOrigin &origin) override
    {
        sentRequests.append(request);
        sentOrigins.append(origin);
        const QString id = QStringLiteral("playground-%1").arg(sentRequests.size());
        if (answerAtOnce)
            answerAtOnce(id);
        return id;
    }
    void attach(const QUrl &workerUrl) override { attached.append(workerUrl); }
    void detach(const QString &label) override
    {
        detached.append(label);
        Q_EMIT workerDetached(label);
    }
    QStringList attachedWorkers() const override
    {
        QStringList labels;
        for (const QUrl &url : attached)
            labels.append(url.authority());
        return labels;
    }

    void setAttachToAllWorkers(bool on) override { attachToAll = on; }
    bool attachesToAllWorkers() const override { return attachToAll; }
    QString fleetRegistryUrl() const override { return registryUrl; }
    QString fleetProblem() const override { return problem; }

    RunnerConfig configuration;
    bool attachToAll = false;
    QString registryUrl;
    QString problem;
    int demoRuns = 0;
    QStringList taskFiles;
    QStringList cancelledRuns;
    int parallel = 2;
    QList<ChatRequest> sentRequests;
    QList<PromptOrigin> sentOrigins;
    QList<QUrl> attached;
    QStringList detached;
    // When set, resendPrompt answers before it returns (with the request id).
    std::function<void(const QString &)> answerAtOnce;

private:
    LogHub m_logHub;
};

} // namespace necrocode
