// Prints how long the console took to show its first window ("first_show_ms=<n>" on stdout),
// when NECROCODE_CONSOLE_REPORT_STARTUP is set; the start-up benchmark reads it.
#pragma once

#include <QElapsedTimer>
#include <QObject>

class QWidget;

namespace necrocode {

class StartupReporter : public QObject
{
public:
    static constexpr const char *kEnvironmentVariable = "NECROCODE_CONSOLE_REPORT_STARTUP";

    // `sinceStart` was started at the top of main(); reports when `window` is first exposed.
    static void watch(QWidget &window, QElapsedTimer sinceStart);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit StartupReporter(QElapsedTimer sinceStart, QObject *parent);

    QElapsedTimer m_sinceStart;
    bool m_reported = false;
};

} // namespace necrocode
