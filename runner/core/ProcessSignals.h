// Turns SIGINT and SIGTERM into a Qt signal on the thread that made the object: the handler only
// writes a byte to a socket pair that a QSocketNotifier watches. One instance per process.
#pragma once

#include <QObject>

class QSocketNotifier;

namespace necrocode {

class ProcessSignals : public QObject
{
    Q_OBJECT

public:
    explicit ProcessSignals(QObject *parent = nullptr);
    ~ProcessSignals() override; // restores the default handlers

    // False when the socket pair or the handlers could not be installed.
    bool isInstalled() const { return m_notifier != nullptr; }
    int lastSignal() const { return m_signal; }

Q_SIGNALS:
    void received(int signal);

private:
    static void handle(int signal);
    void onReadable();

    QSocketNotifier *m_notifier = nullptr;
    int m_signal = 0;
};

} // namespace necrocode
