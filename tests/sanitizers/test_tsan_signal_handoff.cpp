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
    void aPlainQueuedArgumentIsReported()
    {
        const QString output = runProbe(QStringLiteral("queued"));
        QVERIFY2(output.contains(QLatin1String(
                     "received 200 signals, 15120 characters, numbers summing to 19900")),
                 qPrintable(output));
        QVERIFY2(output.contains(QLatin1String("WARNING: ThreadSanitizer: data race")),
                 qPrintable(output));
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
