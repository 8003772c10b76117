// Checks that ThreadSanitizer still sees a thread after it started a child process: a race it
// makes is reported, and its locked accesses are not (cmake/sanitizers/TsanVforkClone.cpp).
#include "TsanProbeRun.h"

#include <QTest>

class TestTsanProcessStart : public QObject
{
    Q_OBJECT

    static QString runProbe(const QString &mode)
    {
        return runTsanProbe(QStringLiteral(TSAN_PROCESS_PROBE), mode);
    }

private Q_SLOTS:
    void aRaceAfterStartingAProcessIsReported()
    {
        const QString output = runProbe(QStringLiteral("racy"));
        QVERIFY2(output.contains(QLatin1String("WARNING: ThreadSanitizer: data race")),
                 qPrintable(output));
        QVERIFY2(output.contains(QLatin1String("touchCounter")), qPrintable(output));
    }

    void lockedAccessesAfterStartingAProcessAreNotReported()
    {
        const QString output = runProbe(QStringLiteral("locked"));
        QVERIFY2(!output.contains(QLatin1String("ThreadSanitizer")), qPrintable(output));
    }
};

QTEST_GUILESS_MAIN(TestTsanProcessStart)
#include "test_tsan_process_start.moc"
