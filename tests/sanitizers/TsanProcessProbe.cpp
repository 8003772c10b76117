// A program for test_tsan_process_start: a thread starts a child process with QProcess, then
// touches a counter that the main thread touches too. With "racy" neither side locks, with
// "locked" both hold one mutex. ThreadSanitizer must report the first and stay quiet on the
// second, however the child was started.
#include <QCoreApplication>
#include <QProcess>

#include <chrono>
#include <cstring>
#include <mutex>
#include <thread>

namespace {

std::mutex counterMutex;
long counter = 0;

void startAChildProcess()
{
    QProcess child;
    child.start(QStringLiteral("/bin/true"), {});
    child.waitForFinished();
}

void touchCounter(bool locked)
{
    if (locked) {
        const std::lock_guard lock(counterMutex);
        ++counter;
    } else {
        ++counter;
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const bool locked = argc > 1 && std::strcmp(argv[1], "locked") == 0;
    std::thread starter([locked] {
        startAChildProcess();
        touchCounter(locked);
    });
    // Later than the other thread, with nothing but the mutex (if any) between the two.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    touchCounter(locked);
    starter.join();
    return 0;
}
