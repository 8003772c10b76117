// Appends log entries as JSON lines to a file with size-based rotation (file, file.1 .. file.N).
// An entry it accepted is kept until written: write failures are reported, never thrown.
#pragma once

#include "log/LogSink.h"

#include <QByteArray>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QString>

#include <mutex>

namespace necrocode {

struct JsonlFileSinkOptions
{
    QString path;
    qint64 maxBytes =
        qint64{10} * 1024 * 1024;           // rotate before a file grows past this; 0: never rotate
    int backupCount = 5;                    // rotated files kept as path.1 (newest) .. path.N
    qint64 bufferBytes = qint64{64} * 1024; // buffered lines are written once they reach this size,
    int flushIntervalMs = 1000;             // or are this old when the next entry arrives
    qint64 maxPendingBytes =
        qint64{64} * 1024 * 1024; // while the file cannot be written, lines wait
                                  // here; beyond this, new entries are refused
    int retryIntervalMs = 1000;   // after a failure, automatic retries wait this long
};

class JsonlFileSink final : public LogSink
{
public:
    // Creates the parent directories and opens the file in append mode; a failure is reported
    // through lastError() and retried on later writes.
    explicit JsonlFileSink(JsonlFileSinkOptions options);
    ~JsonlFileSink() override; // writes what is buffered

    JsonlFileSink(const JsonlFileSink &) = delete;
    JsonlFileSink &operator=(const JsonlFileSink &) = delete;

    // Buffers the line; writes the buffer at once for ERROR and CRITICAL entries.
    void write(const LogEntry &entry) override;
    // Writes the buffer now, retrying a failed file at once.
    void flush() override;

    const JsonlFileSinkOptions &options() const { return m_options; }
    static QString backupPath(const QString &path, int index); // "path.index"

    QString lastError() const;    // the most recent failure; empty if there was none
    quint64 errorCount() const;   // failed opens, writes and renames
    quint64 droppedCount() const; // entries refused because maxPendingBytes was reached
    qint64 pendingBytes() const;  // accepted but not yet written

private:
    enum class Attempt { IfDue, Now };

    bool writePending(Attempt attempt);
    bool ensureOpen();
    bool rotate();
    void reportError(const QString &message);

    const JsonlFileSinkOptions m_options;
    mutable std::mutex m_mutex;
    QFile m_file;
    qint64 m_fileSize = 0;
    QByteArray m_pending;
    QElapsedTimer m_pendingAge;
    QDeadlineTimer m_retryAfter; // expired: no retry is being held back
    QString m_lastError;
    quint64 m_errorCount = 0;
    quint64 m_droppedCount = 0;
};

} // namespace necrocode
