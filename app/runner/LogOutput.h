// How `necrocode-runner logs` writes the entries it found: JSON Lines (as stored), text (one
// readable line per entry, as the console shows it) or CSV (a header, then one row per entry),
// each with all fields or only those named by --fields (timestamp, level, logger, message,
// runner_id, task_id, spec_name, exception, extra, or a path into extra such as extra.service).
#pragma once

#include "core/Result.h"
#include "log/LogEntry.h"

#include <QByteArray>
#include <QStringList>

namespace necrocode {

struct LogOutput
{
    enum class Format { Jsonl, Text, Csv };
    Format format = Format::Jsonl;
    QStringList fields; // empty: all (CSV: the columns the console shows)

    // Reads --output and --fields; says what is wrong with either.
    static Result<LogOutput> fromOptions(const QString &format, const QString &fields);

    // CSV: the header line; otherwise empty.
    QByteArray header() const;
    void append(QByteArray &out, const LogEntry &entry) const;
};

} // namespace necrocode
