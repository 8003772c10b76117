#include "metrics/SharedResourceSampler.h"

#include "core/ThreadHandOff.h"
#include "metrics/ResourceSampler.h"

#include <utility>

namespace necrocode {

namespace {

struct InstanceSlot
{
    QMutex mutex;
    std::weak_ptr<SharedResourceSampler> current;
};

InstanceSlot &instanceSlot()
{
    static InstanceSlot slot;
    return slot;
}

} // namespace

SharedResourceSampler::Subscription::Subscription(Subscription &&other) noexcept
    : m_owner(std::move(other.m_owner)), m_live(std::move(other.m_live)),
      m_samples(std::exchange(other.m_samples, {})),
      m_firstReading(std::exchange(other.m_firstReading, {}))
{}

SharedResourceSampler::Subscription &
SharedResourceSampler::Subscription::operator=(Subscription &&other) noexcept
{
    if (this != &other) {
        end();
        m_owner = std::move(other.m_owner);
        m_live = std::move(other.m_live);
        m_samples = std::exchange(other.m_samples, {});
        m_firstReading = std::exchange(other.m_firstReading, {});
    }
    return *this;
}

SharedResourceSampler::Subscription::~Subscription()
{
    end();
}

void SharedResourceSampler::Subscription::end()
{
    if (!m_owner)
        return;
    // A sample already queued to the context is dropped by this flag; disconnecting stops new ones.
    m_live->store(false);
    QObject::disconnect(m_samples);
    QObject::disconnect(m_firstReading);
    std::exchange(m_owner, nullptr)->release();
}

std::shared_ptr<SharedResourceSampler> SharedResourceSampler::instance()
{
    InstanceSlot &slot = instanceSlot();
    QMutexLocker lock(&slot.mutex);
    std::shared_ptr<SharedResourceSampler> sampler = slot.current.lock();
    if (!sampler) {
        sampler = std::shared_ptr<SharedResourceSampler>(new SharedResourceSampler);
        slot.current = sampler;
    }
    return sampler;
}

SharedResourceSampler::SharedResourceSampler()
    : m_sampler(new ResourceSampler), m_intervalMs(ResourceSampler::kDefaultIntervalMs)
{
    m_thread.setObjectName(QStringLiteral("resource sampler"));
    m_sampler->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_sampler, &QObject::deleteLater);
    m_thread.start(QThread::LowPriority);
}

SharedResourceSampler::~SharedResourceSampler()
{
    m_thread.quit();
    m_thread.wait();
}

SharedResourceSampler::Subscription SharedResourceSampler::subscribe(QObject *context,
                                                                     const SampleHandler &handler)
{
    Subscription subscription;
    subscription.m_live = std::make_shared<std::atomic_bool>(true);
    quint64 id = 0;
    {
        QMutexLocker lock(&m_mutex);
        id = m_nextSubscriberId++;
        ++m_subscribers;
    }
    subscription.m_samples =
        connect(m_sampler, &ResourceSampler::sampled, context,
                [live = subscription.m_live, handler](const ResourceSample &sample) {
                    if (live->load())
                        handler(sample);
                });
    subscription.m_firstReading = connect(
        this, &SharedResourceSampler::firstReading, context,
        [id, live = subscription.m_live, handler](quint64 to, const ResourceSample &sample) {
            if (to == id && live->load())
                handler(sample);
        });
    subscription.m_owner = shared_from_this();
    // Starting takes a first sample at once, which reaches this subscriber as well.
    QMetaObject::invokeMethod(m_sampler, ThreadHandOff::crossThreadCall([this, id] {
                                  if (m_sampler->isActive())
                                      Q_EMIT firstReading(id, m_sampler->readMemory());
                                  else
                                      m_sampler->start();
                              }));
    return subscription;
}

void SharedResourceSampler::release()
{
    QMutexLocker lock(&m_mutex);
    if (--m_subscribers == 0)
        QMetaObject::invokeMethod(m_sampler, ThreadHandOff::crossThreadCall([this] {
                                      QMutexLocker stillNone(&m_mutex);
                                      if (m_subscribers == 0)
                                          m_sampler->stop();
                                  }));
}

int SharedResourceSampler::intervalMs() const
{
    return m_intervalMs.load();
}

void SharedResourceSampler::setIntervalMs(int intervalMs)
{
    m_intervalMs.store(intervalMs);
    QMetaObject::invokeMethod(m_sampler, ThreadHandOff::crossThreadCall([this, intervalMs] {
                                  m_sampler->setIntervalMs(intervalMs);
                              }));
}

bool SharedResourceSampler::isSampling() const
{
    bool active = false;
    QMetaObject::invokeMethod(m_sampler, ThreadHandOff::crossThreadCall([this, &active] {
                                  active = m_sampler->isActive();
                              }),
                              Qt::BlockingQueuedConnection);
    return active;
}

int SharedResourceSampler::subscriberCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_subscribers;
}

} // namespace necrocode
