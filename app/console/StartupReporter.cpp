#include "StartupReporter.h"

#include <QEvent>
#include <QTimer>
#include <QWidget>
#include <QWindow>

#include <cstdio>

namespace necrocode {

StartupReporter::StartupReporter(QElapsedTimer sinceStart, QObject *parent)
    : QObject(parent), m_sinceStart(sinceStart)
{}

void StartupReporter::watch(QWidget &window, QElapsedTimer sinceStart)
{
    if (!qEnvironmentVariableIsSet(kEnvironmentVariable) || !window.windowHandle())
        return;
    window.windowHandle()->installEventFilter(new StartupReporter(sinceStart, &window));
}

bool StartupReporter::eventFilter(QObject *watched, QEvent *event)
{
    if (!m_reported && event->type() == QEvent::Expose &&
        static_cast<QWindow *>(watched)->isExposed()) {
        m_reported = true;
        // The exposed window is painted before the next pass of the event loop.
        QTimer::singleShot(0, this, [this] {
            std::printf("first_show_ms=%lld\n", static_cast<long long>(m_sinceStart.elapsed()));
            std::fflush(stdout);
        });
    }
    return QObject::eventFilter(watched, event);
}

} // namespace necrocode
