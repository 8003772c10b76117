#include "log/JsonlFileSink.h"

#include "log/JsonLineFormatter.h"

#include <QDir>
#include <QFileInfo>
#include <QtDebug>

#include <limits>

namespace necrocode {

JsonlFileSink::JsonlFileSink(JsonlFileSinkOptions options) : m_options(std::move(options))
{
    const std::lock_guard lock(m_mutex);
    ensureOpen();
}

JsonlFileSink::~JsonlFileSink()
{
    const std::lock_guard lock(m_mutex);
    if (!writePending(Attempt::Now))
        qWarning("JsonlFileSink: %lld bytes of log lines could not be written to %ls: %ls",
                 static_cast<long long>(m_pending.size()), qUtf16Printable(m_options.path),
                 qUtf16Printable(m_lastError));
}

QString JsonlFileSink::backupPath(const QString &path, int index)
{
    return path + u'.' + QString::number(index);
}

void JsonlFileSink::write(const LogEntry &entry)
{
    const QByteArray line = formatJsonLine(entry);
    const std::lock_guard lock(m_mutex);
    if (m_pending.size() + line.size() > m_options.maxPendingBytes && !m_pending.isEmpty()) {
        ++m_droppedCount;
        m_lastError = QStringLiteral("log file %1 is not writable; %2 entries dropped")
                          .arg(m_options.path)
                          .arg(m_droppedCount);
        writePending(Attempt::IfDue);
        return;
    }
    if (m_pending.isEmpty())
        m_pendingAge.start();
    m_pending.append(line);
    if (entry.level >= LogLevel::Error || m_pending.size() >= m_options.bufferBytes ||
        m_pendingAge.hasExpired(m_options.flushIntervalMs))
        writePending(Attempt::IfDue);
}

void JsonlFileSink::flush()
{
    const std::lock_guard lock(m_mutex);
    writePending(Attempt::Now);
}

QString JsonlFileSink::lastError() const
{
    const std::lock_guard lock(m_mutex);
    return m_lastError;
}

quint64 JsonlFileSink::errorCount() const
{
    const std::lock_guard lock(m_mutex);
    return m_errorCount;
}

quint64 JsonlFileSink::droppedCount() const
{
    const std::lock_guard lock(m_mutex);
    return m_droppedCount;
}

qint64 JsonlFileSink::pendingBytes() const
{
    const std::lock_guard lock(m_mutex);
    return m_pending.size();
}

// Writes whole lines, rotating whenever the next line would take the file past maxBytes. A line
// longer than maxBytes gets a file of its own. Whatever cannot be written stays pending.
bool JsonlFileSink::writePending(Attempt attempt)
{
    if (m_pending.isEmpty())
        return true;
    if (attempt == Attempt::IfDue && !m_retryAfter.hasExpired())
        return false;
    bool rotationFailed = false;
    while (!m_pending.isEmpty()) {
        if (!ensureOpen())
            return false;
        const qint64 room = (m_options.maxBytes > 0 && !rotationFailed)
                                ? m_options.maxBytes - m_fileSize
                                : std::numeric_limits<qint64>::max();
        qsizetype take = m_pending.size();
        if (room < take) {
            take = room > 0 ? m_pending.lastIndexOf('\n', room - 1) + 1 : 0;
            if (take == 0 && m_fileSize > 0) {
                rotationFailed = !rotate();
                continue;
            }
            if (take == 0)
                take = m_pending.indexOf('\n') + 1;
            if (take <= 0)
                take = m_pending.size();
        }
        const qint64 written = m_file.write(m_pending.constData(), take);
        if (written > 0) {
            m_pending.remove(0, written);
            m_fileSize += written;
        }
        if (written != take) {
            reportError(QStringLiteral("cannot write log file %1: %2")
                            .arg(m_options.path, m_file.errorString()));
            m_file.close();
            return false;
        }
    }
    return true;
}

bool JsonlFileSink::ensureOpen()
{
    if (m_file.isOpen())
        return true;
    const QFileInfo info(m_options.path);
    if (!QDir().mkpath(info.absolutePath())) {
        reportError(
            QStringLiteral("cannot create the directory of log file %1").arg(m_options.path));
        return false;
    }
    m_file.setFileName(m_options.path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered)) {
        reportError(QStringLiteral("cannot open log file %1: %2")
                        .arg(m_options.path, m_file.errorString()));
        return false;
    }
    m_fileSize = m_file.size();
    return true;
}

// path.N is dropped, path.i becomes path.(i+1), path becomes path.1.
bool JsonlFileSink::rotate()
{
    m_file.close();
    const QString &path = m_options.path;
    bool ok = true;
    if (m_options.backupCount <= 0) {
        ok = QFile::remove(path);
    } else {
        const QString oldest = backupPath(path, m_options.backupCount);
        if (QFile::exists(oldest))
            ok = QFile::remove(oldest);
        for (int i = m_options.backupCount - 1; ok && i >= 1; --i) {
            const QString from = backupPath(path, i);
            if (QFile::exists(from))
                ok = QFile::rename(from, backupPath(path, i + 1));
        }
        ok = ok && QFile::rename(path, backupPath(path, 1));
    }
    if (!ok)
        reportError(QStringLiteral("cannot rotate log file %1").arg(path));
    return ok;
}

void JsonlFileSink::reportError(const QString &message)
{
    m_lastError = message;
    ++m_errorCount;
    m_retryAfter = QDeadlineTimer(m_options.retryIntervalMs);
}

} // namespace necrocode
