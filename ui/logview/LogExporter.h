// Writes chosen rows of a log store to a file as JSON Lines (SPEC §3.1 records) or CSV, on a
// worker thread, atomically (a failed or cancelled export leaves no partial file).
#pragma once

#include "logstore/LogQueryRunner.h"

#include <QFuture>
#include <QString>

#include <atomic>
#include <memory>

namespace necrocode {

class LogStore;

enum class LogExportFormat { JsonLines, Csv };

struct LogExportOutcome
{
    QString path;
    qint64 rows = 0; // rows written
    QString error;   // empty on success
    bool cancelled = false;
};

class LogExporter
{
public:
    // CSV for a ".csv" path, JSON Lines for anything else.
    static LogExportFormat formatForPath(const QString &path);

    // CSV: a UTF-8 byte order mark, a header line, then one RFC 4180 record per entry.
    static QByteArray csvHeader();
    static void appendCsvRecord(QByteArray &out, const LogStore &store, qsizetype row);

    // Blocks until written; call it off the GUI thread.
    static LogExportOutcome write(const LogStore &store, const LogRowList &rows,
                                  const QString &path, LogExportFormat format,
                                  const std::atomic_bool *cancel = nullptr);

    // write() on a worker thread; the store stays alive until it is done. The outcome is
    // announced at `receiver` (see logstore/AnnouncedTask.h): take it with takeAnnouncedResult().
    static QFuture<LogExportOutcome> start(std::shared_ptr<const LogStore> store, LogRowList rows,
                                           const QString &path, LogExportFormat format,
                                           const void *receiver,
                                           std::shared_ptr<std::atomic_bool> cancel = {});
};

} // namespace necrocode
