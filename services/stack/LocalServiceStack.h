// Runs the four local services (Task Registry, Repo Pool, Artifact Store, scripted LLM), each on
// a thread of its own, with one data directory and one configuration; stops them cleanly.
#pragma once

#include "core/Result.h"
#include "stack/ServiceStackConfig.h"
#include "stack/ServiceThread.h"
#include "stack/ServiceUrls.h"

#include <QObject>

#include <array>
#include <memory>
#include <optional>

namespace necrocode {

class LocalServiceStack : public QObject
{
    Q_OBJECT

public:
    explicit LocalServiceStack(ServiceStackConfig config, QObject *parent = nullptr);
    ~LocalServiceStack() override;

    // Blocks until all four listen (milliseconds; the first --demo run also creates the demo
    // repository). On failure the services that did start are stopped again.
    Result<ServiceUrls> start();
    // Returns at once; emits started() or startFailed() later on this object's thread.
    void startAsync();
    void stop();

    bool isRunning() const { return m_running; }
    ServiceUrls urls() const { return m_urls; }
    const QString &dataDirectory() const { return m_dataDirectory; }

Q_SIGNALS:
    void started(const necrocode::ServiceUrls &urls);
    void startFailed(const QString &message);

private:
    static constexpr int serviceCount = 4;
    std::array<ServiceThread::Factory, serviceCount> factories() const;
    void createThreads();
    // Refuses an address other machines can reach while no token is set.
    Status openToTheNetwork() const;
    void onStartedAsync(int index, const Result<QUrl> &result);
    Result<ServiceUrls> finishStart(const std::array<Result<QUrl>, serviceCount> &results);

    ServiceStackConfig m_config;
    QString m_dataDirectory;
    std::array<std::unique_ptr<ServiceThread>, serviceCount> m_threads;
    std::array<std::optional<Result<QUrl>>, serviceCount> m_asyncResults;
    quint64 m_generation = 0; // answers of an earlier startAsync() are ignored
    ServiceUrls m_urls;
    bool m_running = false;
};

} // namespace necrocode
