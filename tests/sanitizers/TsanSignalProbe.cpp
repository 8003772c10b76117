// A program for test_tsan_signal_handoff: an object in a worker thread emits signals whose
// argument is a report of the product's own kind (its copy is compiled here, not in Qt), and a
// slot in the main thread reads each one. With
// "queued" the connection is a plain queued one (Qt copies the argument), with "announced" it is
// made with connectAnnounced(). Run without suppressions, ThreadSanitizer must report the first
// and stay quiet on the second.
#include "core/AnnouncedConnection.h"

#include <QCoreApplication>
#include <QThread>

#include <cstdio>
#include <cstring>

namespace {

constexpr int signalCount = 200;

struct Report
{
    int number = 0;
    QString text;
};

class Emitter : public QObject
{
    Q_OBJECT
public:
    void emitAll()
    {
        for (int i = 0; i < signalCount; ++i)
            Q_EMIT reported(Report{i, QStringLiteral("event %1 ").arg(i).repeated(8)});
    }

Q_SIGNALS:
    void reported(const Report &report);
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const bool announced = argc > 1 && std::strcmp(argv[1], "announced") == 0;

    QThread worker;
    Emitter emitter;
    emitter.moveToThread(&worker);
    QObject receiver;
    qsizetype received = 0;
    qsizetype characters = 0;
    long long numbers = 0;
    const auto readText = [&](const Report &report) {
        characters += report.text.size();
        numbers += report.number;
        if (++received == signalCount)
            app.quit();
    };
    if (announced)
        necrocode::connectAnnounced(&emitter, &Emitter::reported, &receiver, readText);
    else
        QObject::connect(&emitter, &Emitter::reported, &receiver, readText, Qt::QueuedConnection);

    QObject::connect(&worker, &QThread::started, &emitter, &Emitter::emitAll);
    worker.start();
    const int status = app.exec();
    worker.quit();
    worker.wait();
    std::printf("received %lld signals, %lld characters, numbers summing to %lld\n",
                static_cast<long long>(received), static_cast<long long>(characters), numbers);
    return status;
}

#include "TsanSignalProbe.moc"
