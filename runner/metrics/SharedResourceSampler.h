// One ResourceSampler for the whole process, on a thread of its own. Every runner of a process
// measures the same process tree, so one reading per interval serves them all, and reading /proc
// (milliseconds with many processes on the machine) never holds up a runner's thread. It samples
// only while someone subscribes.
#pragma once

#include "metrics/ResourceSample.h"

#include <QMutex>
#include <QObject>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>

namespace necrocode {

class ResourceSampler;

class SharedResourceSampler : public QObject,
                              public std::enable_shared_from_this<SharedResourceSampler>
{
    Q_OBJECT

public:
    using SampleHandler = std::function<void(const ResourceSample &)>;

    // Ends a subscription when destroyed; destroy it in the subscriber's context thread, after
    // which its handler is never called again.
    class Subscription
    {
    public:
        Subscription() = default;
        Subscription(Subscription &&other) noexcept;
        Subscription &operator=(Subscription &&other) noexcept;
        Subscription(const Subscription &) = delete;
        Subscription &operator=(const Subscription &) = delete;
        ~Subscription();

        bool isActive() const { return m_owner != nullptr; }

    private:
        friend class SharedResourceSampler;
        void end();

        std::shared_ptr<SharedResourceSampler> m_owner;
        std::shared_ptr<std::atomic_bool> m_live;
        QMetaObject::Connection m_samples;
        QMetaObject::Connection m_firstReading;
    };

    // The process's sampler: created on first use, gone (its thread stopped) with its last user.
    static std::shared_ptr<SharedResourceSampler> instance();
    ~SharedResourceSampler() override;

    // `handler` runs in `context`'s thread: first with a memory reading taken at once (no CPU
    // figure: there is no interval yet), then with every sample until the subscription ends.
    [[nodiscard]] Subscription subscribe(QObject *context, const SampleHandler &handler);

    // Whether the timer runs: asks the sampling thread and waits for its answer, so never call
    // it from that thread.
    bool isSampling() const;
    // How many subscriptions are alive.
    int subscriberCount() const;
    int intervalMs() const;
    void setIntervalMs(int intervalMs);
    const QThread *samplingThread() const { return &m_thread; }

Q_SIGNALS:
    // Emitted in the sampling thread for one subscriber, named by its id.
    void firstReading(quint64 subscriberId, const necrocode::ResourceSample &sample);

private:
    SharedResourceSampler();
    void release();

    QThread m_thread;
    ResourceSampler *m_sampler; // lives in m_thread, deleted when it finishes
    mutable QMutex m_mutex;
    int m_subscribers = 0;
    quint64 m_nextSubscriberId = 1;
    std::atomic_int m_intervalMs;
};

} // namespace necrocode
