#include "core/ProcessSignals.h"

#include <QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace necrocode {

namespace {

int signalSockets[2] = {-1, -1};

} // namespace

ProcessSignals::ProcessSignals(QObject *parent) : QObject(parent)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalSockets) != 0)
        return;
    struct sigaction action = {};
    action.sa_handler = &ProcessSignals::handle;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    if (::sigaction(SIGINT, &action, nullptr) != 0 || ::sigaction(SIGTERM, &action, nullptr) != 0)
        return;
    m_notifier = new QSocketNotifier(signalSockets[1], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &ProcessSignals::onReadable);
}

ProcessSignals::~ProcessSignals()
{
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    for (int &fd : signalSockets) {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
}

void ProcessSignals::handle(int signal)
{
    const char byte = char(signal);
    [[maybe_unused]] const ssize_t written = ::write(signalSockets[0], &byte, 1);
}

void ProcessSignals::onReadable()
{
    char byte = 0;
    if (::read(signalSockets[1], &byte, 1) == 1) {
        m_signal = static_cast<unsigned char>(byte);
        Q_EMIT received(m_signal);
    }
}

} // namespace necrocode
