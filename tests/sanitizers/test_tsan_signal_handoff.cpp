// Checks that a signal's arguments reach another thread's slot without a ThreadSanitizer report
// when the connection is made with connectAnnounced(), and that the same signal over a plain
// queued connection is reported, so that the check can fail (core/AnnouncedConnection.h).
#include <QProcess>
#include <QTest>

class TestTsanSignalHandOff : public QObject
{
    Q_OBJECT

    // Without the suite's suppressions: they hide exactly the report this test looks for.
    static QString runProbe(const QString &mode)
    {
        QProcess probe;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("TSAN_OPTIONS"),
                           QStringLiteral("halt_on_error=0 exitcode=0 "
                                          "ignore_noninstrumented_modules=1"));
        probe.setProcessEnvironment(environment);
        probe.setProcessChannelMode(QProcess::MergedChannels);
        probe.start(QStringLiteral(TSAN_SIGNAL_PROBE), {mode});
        if (!probe.waitForFinished(60000))
            return QStringLiteral("probe did not finish");
        return QString::fromLocal8Bit(probe.readAll());
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
