// ResourceSampler: the process tree (children and grandchildren) is measured, CPU of children
// counts, the timer samples on its own, limits are flagged and samples feed a collector.
#include "metrics/MetricsCollector.h"
#include "metrics/ResourceSampler.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace necrocode;

namespace {

// Keeps a started process from outliving the test.
struct ProcessGuard
{
    QProcess &process;
    ~ProcessGuard()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(5000);
        }
    }
};

} // namespace

class TestResourceSampler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void measuresThisProcess()
    {
        ResourceSampler sampler;
        const ResourceSample first = sampler.sampleOnce();
        QCOMPARE(first.processCount, 1);
        QVERIFY(first.ownMemoryMb > 1.0);
        QCOMPARE(first.memoryMb, first.ownMemoryMb);
        QVERIFY(first.memoryPercent > 0.0 && first.memoryPercent < 100.0);
        QVERIFY(!first.cpuPercent); // nothing to compare with yet
        QTest::qSleep(20);
        const ResourceSample second = sampler.sampleOnce();
        QVERIFY(second.cpuPercent);
        QVERIFY(*second.cpuPercent >= 0.0);
        QCOMPARE(sampler.summary().samples, 2);
    }

    void childProcessMemoryCounts()
    {
        // sh stays the parent of perl (a command follows), so perl is a grandchild. perl holds
        // ~60 MB of touched memory until its standard input closes.
        QProcess child;
        ProcessGuard guard{child};
        child.start(QStringLiteral("sh"),
                    {QStringLiteral("-c"),
                     QStringLiteral("perl -e '$x = \"x\" x (60 * 1024 * 1024); <STDIN>'; true")});
        QVERIFY(child.waitForStarted(5000));

        ResourceSampler sampler;
        ResourceSample sample;
        QTRY_VERIFY_WITH_TIMEOUT(
            (sample = sampler.sampleOnce(),
             sample.processCount >= 3 && sample.memoryMb - sample.ownMemoryMb >= 55.0),
            10000);
        QVERIFY(sample.memoryMb > sample.ownMemoryMb);
        QVERIFY(sampler.summary().peakMemoryMb >= sample.ownMemoryMb + 55.0);

        child.closeWriteChannel();
        QVERIFY(child.waitForFinished(5000));
        const ResourceSample after = sampler.sampleOnce();
        QCOMPARE(after.processCount, 1);
        QVERIFY(after.memoryMb < sample.memoryMb - 50.0);
    }

    void childProcessCpuCounts()
    {
        QProcess child;
        ProcessGuard guard{child};
        child.start(QStringLiteral("perl"),
                    {QStringLiteral("-e"), QStringLiteral("$t = time + 20; 1 while time < $t")});
        QVERIFY(child.waitForStarted(5000));
        ResourceSampler sampler;
        sampler.sampleOnce();
        QTest::qSleep(500);
        const ResourceSample sample = sampler.sampleOnce();
        QCOMPARE(sample.processCount, 2);
        QVERIFY(sample.cpuPercent);
        // A busy child on a shared machine: well above what an idle test process uses.
        QVERIFY2(*sample.cpuPercent > 20.0, qPrintable(QString::number(*sample.cpuPercent)));
    }

    void timerSamplesRepeatedly()
    {
        ResourceSampler sampler;
        QCOMPARE(sampler.intervalMs(), 1000);
        sampler.setIntervalMs(20);
        QSignalSpy spy(&sampler, &ResourceSampler::sampled);
        sampler.start();
        QVERIFY(sampler.isActive());
        QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 4, 5000);
        sampler.stop();
        QVERIFY(!sampler.isActive());
        const ResourceUsageSummary summary = sampler.summary();
        QVERIFY(summary.samples >= 4);
        QVERIFY(summary.cpuSamples == summary.samples - 1);
        QVERIFY(summary.peakMemoryMb >= summary.averageMemoryMb);
        QVERIFY(summary.averageMemoryMb > 0.0);
    }

    void runsOnAWorkerThread()
    {
        QThread worker;
        auto *sampler = new ResourceSampler;
        sampler->setIntervalMs(20);
        sampler->moveToThread(&worker);
        QObject receiver;
        int received = 0;
        std::atomic<Qt::HANDLE> samplingThread = nullptr;
        connect(sampler, &ResourceSampler::sampled, &receiver, [&](const ResourceSample &sample) {
            QVERIFY(sample.processCount >= 1);
            ++received;
        });
        connect(
            sampler, &ResourceSampler::sampled, sampler,
            [&] { samplingThread = QThread::currentThreadId(); }, Qt::DirectConnection);
        connect(&worker, &QThread::finished, sampler, &QObject::deleteLater);
        worker.start();
        QMetaObject::invokeMethod(sampler, &ResourceSampler::start);
        QTRY_VERIFY_WITH_TIMEOUT(received >= 3, 5000); // queued to this thread
        QVERIFY(samplingThread != QThread::currentThreadId());
        QVERIFY(sampler->summary().samples >= 3); // read across threads
        QMetaObject::invokeMethod(sampler, &ResourceSampler::stop, Qt::BlockingQueuedConnection);
        worker.quit();
        QVERIFY(worker.wait(5000));
    }

    void limitsAreFlaggedOncePerCrossing()
    {
        ResourceSampler sampler;
        QSignalSpy crossed(&sampler, &ResourceSampler::limitCrossed);
        sampler.setLimits({1.0, 0.0}); // 1 MB: exceeded by any process
        QVERIFY(sampler.sampleOnce().memoryLimitExceeded);
        QVERIFY(sampler.sampleOnce().memoryLimitExceeded);
        QCOMPARE(crossed.count(), 1);

        sampler.setLimits({1.0e9, 0.0});
        const ResourceSample within = sampler.sampleOnce();
        QVERIFY(!within.memoryLimitExceeded);
        QVERIFY(!within.cpuLimitExceeded);
        QVERIFY(!within.anyLimitExceeded());

        sampler.setLimits({1.0, 0.0});
        sampler.sampleOnce();
        QCOMPARE(crossed.count(), 2);
    }

    void cpuLimitIsFlagged()
    {
        QProcess child;
        ProcessGuard guard{child};
        child.start(QStringLiteral("perl"),
                    {QStringLiteral("-e"), QStringLiteral("$t = time + 20; 1 while time < $t")});
        QVERIFY(child.waitForStarted(5000));
        ResourceSampler sampler;
        sampler.setLimits({0.0, 1.0});
        QVERIFY(!sampler.sampleOnce().cpuLimitExceeded); // no CPU figure yet
        QTest::qSleep(300);
        QVERIFY(sampler.sampleOnce().cpuLimitExceeded);
    }

    void goneProcessGivesAnEmptySample()
    {
        QProcess child;
        child.start(QStringLiteral("true"), {});
        QVERIFY(child.waitForStarted(5000));
        const qint64 pid = child.processId();
        QVERIFY(child.waitForFinished(5000));
        ResourceSampler sampler(pid);
        const ResourceSample sample = sampler.sampleOnce();
        QCOMPARE(sample.processCount, 0);
        QCOMPARE(sampler.summary().samples, 0);
    }

    void samplesFeedTheCollector()
    {
        MetricsCollector collector(QStringLiteral("r"), QStringLiteral("t"), QStringLiteral("s"));
        ResourceSampler sampler;
        connect(&sampler, &ResourceSampler::sampled, &sampler,
                [&collector](const ResourceSample &s) { collector.recordResourceSample(s); });
        sampler.sampleOnce();
        sampler.sampleOnce();
        const ExecutionMetrics m = collector.finalize();
        QCOMPARE(m.resourceSamples, 2);
        QVERIFY(m.peakMemoryMb > 1.0);
        QVERIFY(m.averageMemoryMb > 1.0);
        QVERIFY(m.peakMemoryPercent > 0.0);
    }
};

QTEST_GUILESS_MAIN(TestResourceSampler)
#include "test_resource_sampler.moc"
