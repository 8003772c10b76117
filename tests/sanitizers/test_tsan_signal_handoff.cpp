// Checks that a signal's arguments reach another thread's slot without a ThreadSanitizer report
// when the connection is made with connectAnnounced(), and that the same signal over a plain
// queued connection is reported, so that the check can fail (core/AnnouncedConnection.h).
#include "TsanProbeRun.h"

#include <QTest>

class TestTsanSignalHandOff : public QObject
{
    Q_OBJECT

    static QString runProbe(const QString &mode)
    {
        return runTsanProbe(QStringLiteral(TSAN_SIGNAL_PROBE), mode);
    }

private Q_SLOTS:
    // ThreadSanitizer drops a race whose earlier access it can no longer trace back. When the
    // machine is busy, the main thread may read only after the emitter's history has moved on,
    // and a run can then pass unreported (it did in one of five CI runs, and in 5 of 8 runs beside
    // two busy loops). The check wants a report in one of up to ten runs; every run must deliver
    // all.
    void aPlainQueuedArgumentIsReported()
    {
        QString output;
        bool reported = false;
        for (int run = 0; run < 10 && !reported; ++run) {
            output = runProbe(QStringLiteral("queued"));
            QVERIFY2(output.contains(QLatin1String(
                         "received 200 signals, 15120 characters, numbers summing to 19900")),
                     qPrintable(output));
            reported = output.contains(QLatin1String("WARNING: ThreadSanitizer: data race"));
        }
        QVERIFY2(reported, qPrintable(output));
    }

    void anAnnouncedArgumentIsNotReported()
    {
        const QString output = runProbe(QStringLiteral("announced"));
        QVERIFY2(output.contains(QLatin1String(
                     "received 200 signals, 15120 characters, numbers summing to 19900")),
                 qPrintable(output));
        QVERIFY2(!output.contains(QLatin1String("ThreadSanitizer")), qPrintable(output));
    }
};

QTEST_GUILESS_MAIN(TestTsanSignalHandOff)
#include "test_tsan_signal_handoff.moc"
