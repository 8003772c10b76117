// SharedResourceSampler: one sampler per process on its own thread; samples reach each subscriber
// in its own thread, a late subscriber gets a reading at once, nothing arrives after a
// subscription ends, and the sampling stops with the last subscription and the thread with the
// last user.
#include "metrics/SharedResourceSampler.h"

#include "metrics/ResourceSampler.h"

#include <QTest>
#include <QThread>

#include <algorithm>
#include <memory>
#include <vector>

using namespace necrocode;

namespace {

// Collects what a subscription delivers, with the thread each call ran in.
struct Received
{
    std::vector<ResourceSample> samples;
    std::vector<QThread *> threads;

    SharedResourceSampler::SampleHandler handler()
    {
        return [this](const ResourceSample &sample) {
            samples.push_back(sample);
            threads.push_back(QThread::currentThread());
        };
    }
};

} // namespace

class TestSharedResourceSampler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void samplesArriveInTheSubscribersThread()
    {
        const auto sampler = SharedResourceSampler::instance();
        sampler->setIntervalMs(20);
        QObject context;
        Received received;
        const auto subscription = sampler->subscribe(&context, received.handler());
        QTRY_VERIFY_WITH_TIMEOUT(received.samples.size() >= 3, 5000);
        QVERIFY(sampler->samplingThread() != QThread::currentThread());
        for (QThread *thread : received.threads)
            QCOMPARE(thread, QThread::currentThread());
        QVERIFY(received.samples.front().processCount >= 1);
        QVERIFY(received.samples.front().ownMemoryMb > 1.0);
        QVERIFY(!received.samples.front().cpuPercent); // no interval before the first
        QVERIFY(received.samples.back().cpuPercent);
    }

    void oneSamplerServesEverySubscriber()
    {
        const auto sampler = SharedResourceSampler::instance();
        QCOMPARE(SharedResourceSampler::instance().get(), sampler.get());
        sampler->setIntervalMs(20);
        QObject context;
        Received first;
        Received second;
        auto one = sampler->subscribe(&context, first.handler());
        auto two = sampler->subscribe(&context, second.handler());
        QCOMPARE(sampler->subscriberCount(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(first.samples.size() >= 4 && second.samples.size() >= 4, 5000);
        QVERIFY(sampler->isSampling());
        // The same readings reach both: one pass over /proc per interval, not one per runner.
        const qint64 shared = first.samples.back().timestampMs;
        QTRY_VERIFY(
            std::any_of(second.samples.begin(), second.samples.end(),
                        [shared](const ResourceSample &s) { return s.timestampMs == shared; }));

        one = {};
        QCOMPARE(sampler->subscriberCount(), 1);
        QVERIFY(sampler->isSampling());
        two = {};
        QCOMPARE(sampler->subscriberCount(), 0);
        QTRY_VERIFY(!sampler->isSampling());
    }

    void aLateSubscriberGetsAReadingAtOnce()
    {
        const auto sampler = SharedResourceSampler::instance();
        sampler->setIntervalMs(60 * 60 * 1000);
        QObject context;
        Received early;
        const auto running = sampler->subscribe(&context, early.handler());
        QTRY_COMPARE(early.samples.size(), std::size_t(1));
        QTRY_VERIFY(sampler->isSampling());

        Received late;
        const auto joined = sampler->subscribe(&context, late.handler());
        QTRY_COMPARE_WITH_TIMEOUT(late.samples.size(), std::size_t(1), 5000);
        QVERIFY(late.samples.front().memoryMb > 1.0);
        QVERIFY(!late.samples.front().cpuPercent);
        QCOMPARE(early.samples.size(), std::size_t(1)); // the others are not sampled again
    }

    void nothingArrivesAfterTheSubscriptionEnds()
    {
        const auto sampler = SharedResourceSampler::instance();
        sampler->setIntervalMs(2);
        QObject context;
        Received received;
        auto subscription = sampler->subscribe(&context, received.handler());
        QTRY_VERIFY(!received.samples.empty());
        // Samples queue up for this thread while it does not look at its events...
        QThread::msleep(100);
        const std::size_t before = received.samples.size();
        subscription = {};
        // ...and none of them is delivered once the subscription has ended.
        QTest::qWait(100);
        QCOMPARE(received.samples.size(), before);
    }

    void aSubscriptionKeepsTheSamplerAndTheLastUserStopsIt()
    {
        std::weak_ptr<SharedResourceSampler> weak;
        QObject context;
        Received received;
        SharedResourceSampler::Subscription subscription;
        {
            auto sampler = SharedResourceSampler::instance();
            weak = sampler;
            sampler->setIntervalMs(20);
            subscription = sampler->subscribe(&context, received.handler());
        }
        QVERIFY(!weak.expired());
        QTRY_VERIFY_WITH_TIMEOUT(received.samples.size() >= 2, 5000);
        subscription = {};
        QVERIFY(weak.expired()); // its thread has been stopped and joined
        QCOMPARE(SharedResourceSampler::instance()->intervalMs(),
                 ResourceSampler::kDefaultIntervalMs); // a new one, with the default interval
    }
};

QTEST_GUILESS_MAIN(TestSharedResourceSampler)
#include "test_shared_resource_sampler.moc"
