// Helpers for the workspace and playbook tests: wait for an asynchronous callback, look at
// processes, run setup commands, record log entries.
#pragma once

#include "RecordingSink.h"

#include "log/LogSink.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QThread>
#include <QTimer>

#include <mutex>
#include <optional>
#include <vector>

namespace necrocode::test {

// Runs the event loop until `value` holds something or `timeoutMs` have passed.
template <typename T> bool waitFor(const std::optional<T> &value, int timeoutMs = 20000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!value && !deadline.hasExpired()) {
        QEventLoop loop;
        QTimer::singleShot(5, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return value.has_value();
}

// True when the process no longer runs: it is gone, or only a zombie waiting to be reaped.
inline bool processGone(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    if (close < 0 || close + 2 >= text.size())
        return true;
    const char state = text.at(close + 2);
    return state == 'Z' || state == 'X';
}

// Waits up to `timeoutMs` for the process to end.
inline bool waitUntilGone(qint64 pid, int timeoutMs = 3000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!processGone(pid)) {
        if (deadline.hasExpired())
            return false;
        QThread::msleep(10);
    }
    return true;
}

// The process id written to `path` by a test command, 0 until it is there.
inline qint64 readPid(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    return file.readAll().trimmed().toLongLong();
}

// Runs a setup command and returns its trimmed stdout; aborts the test program when it fails,
// because nothing after a broken setup would mean anything.
inline QString runSetup(const QString &workingDirectory, const QString &program,
                        const QStringList &arguments)
{
    QProcess process;
    process.setWorkingDirectory(workingDirectory);
    process.start(program, arguments);
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0)
        qFatal("setup failed: %s %s: %s", qPrintable(program), qPrintable(arguments.join(' ')),
               process.readAllStandardError().constData());
    return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
}

// The whole file, empty when it cannot be read.
inline QByteArray readTextFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline void writeTextFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) < 0)
        qFatal("cannot write %s", qPrintable(path));
}

} // namespace necrocode::test
