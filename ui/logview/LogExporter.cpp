#include "logview/LogExporter.h"

#include "log/JsonLineFormatter.h"
#include "logstore/AnnouncedTask.h"
#include "logstore/LogStore.h"

#include <QSaveFile>
#include <QThreadPool>

#include <cmath>

namespace necrocode {

namespace {

constexpr qsizetype kFlushBytes = 1 << 20;

void appendCsvField(QByteArray &out, QByteArrayView utf8)
{
    const bool quote =
        utf8.contains(',') || utf8.contains('"') || utf8.contains('\n') || utf8.contains('\r');
    if (!quote) {
        out.append(utf8);
        return;
    }
    out.append('"');
    for (char c : utf8) {
        if (c == '"')
            out.append('"');
        out.append(c);
    }
    out.append('"');
}

void appendCsvField(QByteArray &out, const QString &text)
{
    appendCsvField(out, QByteArrayView(text.toUtf8()));
}

} // namespace

LogExportFormat LogExporter::formatForPath(const QString &path)
{
    return path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive) ? LogExportFormat::Csv
                                                                     : LogExportFormat::JsonLines;
}

QByteArray LogExporter::csvHeader()
{
    return QByteArrayLiteral("\xEF\xBB\xBFtimestamp,level,logger,runner_id,task_id,spec_name,"
                             "service,operation,duration_seconds,message,exception,extra\r\n");
}

void LogExporter::appendCsvRecord(QByteArray &out, const LogStore &store, qsizetype row)
{
    out.append(formatIsoTimestamp(store.timestampMs(row), store.utcOffsetSeconds(row)));
    out.append(',');
    out.append(logLevelName(store.level(row)).latin1());
    for (LogField field : {LogField::Logger, LogField::RunnerId, LogField::TaskId,
                           LogField::SpecName, LogField::Service, LogField::Operation}) {
        out.append(',');
        appendCsvField(out, store.field(row, field));
    }
    out.append(',');
    const float duration = store.durationSeconds(row);
    if (std::isfinite(duration))
        out.append(QByteArray::number(double(duration), 'g', 9));
    out.append(',');
    appendCsvField(out, store.messageUtf8(row));
    out.append(',');
    appendCsvField(out, store.exception(row));
    out.append(',');
    const QByteArrayView extra = store.extraJson(row);
    if (extra != QByteArrayView("{}"))
        appendCsvField(out, extra);
    out.append("\r\n");
}

LogExportOutcome LogExporter::write(const LogStore &store, const LogRowList &rows,
                                    const QString &path, LogExportFormat format,
                                    const std::atomic_bool *cancel)
{
    LogExportOutcome outcome;
    outcome.path = path;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        outcome.error = file.errorString();
        return outcome;
    }
    QByteArray buffer;
    buffer.reserve(kFlushBytes + qsizetype{64} * 1024);
    if (format == LogExportFormat::Csv)
        buffer.append(csvHeader());
    for (quint32 row : rows) {
        if (format == LogExportFormat::Csv)
            appendCsvRecord(buffer, store, row);
        else
            appendJsonLine(buffer, store.entry(row));
        ++outcome.rows;
        if (buffer.size() < kFlushBytes)
            continue;
        if (cancel && cancel->load()) {
            outcome.cancelled = true;
            file.cancelWriting();
            return outcome;
        }
        if (file.write(buffer) != buffer.size()) {
            outcome.error = file.errorString();
            file.cancelWriting();
            return outcome;
        }
        buffer.resize(0);
    }
    if (file.write(buffer) != buffer.size() || !file.commit()) {
        outcome.error = file.errorString();
        return outcome;
    }
    return outcome;
}

QFuture<LogExportOutcome> LogExporter::start(std::shared_ptr<const LogStore> store, LogRowList rows,
                                             const QString &path, LogExportFormat format,
                                             const void *receiver,
                                             std::shared_ptr<std::atomic_bool> cancel)
{
    return runAnnounced(
        QThreadPool::globalInstance(), receiver,
        [store = std::move(store), rows = std::move(rows), path, format,
         cancel = std::move(cancel)] { return write(*store, rows, path, format, cancel.get()); });
}

} // namespace necrocode
