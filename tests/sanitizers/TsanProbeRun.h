// Runs one of the ThreadSanitizer probe programs of tests/sanitizers with `mode` as its argument
// and returns everything it printed (its reports included), or why it did not finish. The probe
// runs without the suite's suppressions: the checks look for exactly the reports they would hide.
// With the preset's longest history: ThreadSanitizer drops a race whose earlier access it can no
// longer trace back, and on a loaded machine the reading thread may come late.
#pragma once

#include <QProcess>
#include <QString>

inline QString runTsanProbe(const QString &program, const QString &mode)
{
    QProcess probe;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("TSAN_OPTIONS"),
                       QStringLiteral("halt_on_error=0 exitcode=0 history_size=7 "
                                      "ignore_noninstrumented_modules=1"));
    probe.setProcessEnvironment(environment);
    probe.setProcessChannelMode(QProcess::MergedChannels);
    probe.start(program, {mode});
    if (!probe.waitForFinished(60000))
        return QStringLiteral("probe did not finish");
    return QString::fromLocal8Bit(probe.readAll());
}
