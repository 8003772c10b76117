// The engine of `necrocode-runner logs`: runs a LogQuery over JSON Lines logs of any size
// without loading them. Each file is read in blocks of whole lines (LogLineSource: plain, gzip
// or standard input); worker threads reject most lines by their bytes (LogLinePrefilter),
// parse only the candidates and keep what the output needs of each match; the calling thread
// hands the matches to a consumer in file order, or, for several files, merged by timestamp.
// Memory is bounded by the blocks in flight, not by the files. Bad lines are counted and
// reported, never fatal.
#pragma once

#include "core/Result.h"
#include "log/LogEntry.h"
#include "logstore/JsonlLoader.h"
#include "logstore/LogQuery.h"
#include "logstore/LogStoreBatch.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace necrocode {

struct LogScanPlan;

// What the scan keeps of each matching line.
struct LogScanOutput
{
    enum class Kind {
        Count,     // nothing but the match
        Lines,     // the line as stored, with its newline
        Formatted, // what `format` writes for the entry
        Entries,   // the entry itself, in LogScanBlock::entries
        Digest,    // what `digest` writes from the parsed fields, without building the entry
    };
    Kind kind = Kind::Lines;
    // Kind::Formatted: appends the entry's output to `out`. Called on worker threads.
    std::function<void(QByteArray &out, const LogEntry &entry)> format;
    // Kind::Digest: appends what the consumer needs of the line to `out`. Called on worker
    // threads; the fields' texts live until it returns.
    std::function<void(QByteArray &out, const LogStoreBatch::Fields &fields)> digest;
};

struct LogScanMatch
{
    qint64 timestampMs = 0;
    qsizetype end = 0; // where the match's output ends in LogScanBlock::text
};

// The matches of one block of lines.
struct LogScanBlock
{
    QByteArray text; // the matches' output, one after the other
    std::vector<LogScanMatch> matches;
    std::vector<LogEntry> entries; // Kind::Entries, one per match
    qint64 lines = 0;
    qint64 badLineCount = 0;
    std::vector<std::pair<qint64, QString>> badLines; // line in the block (1-based), reason

    // The output of matches [first, last).
    QByteArrayView textOf(std::size_t first, std::size_t last) const
    {
        const qsizetype begin = first == 0 ? 0 : matches[first - 1].end;
        return QByteArrayView(text).sliced(begin, matches[last - 1].end - begin);
    }
};

struct LogScanReport
{
    qint64 bytes = 0;   // bytes of lines read (decompressed)
    qint64 lines = 0;   // lines read, blank ones included
    qint64 matches = 0; // matches handed to the consumer
    qint64 badLineCount = 0;
    QList<JsonlBadLine> badLines; // the first JsonlLoader::kMaxReportedBadLines of them
    // Why a file could not be read to its end (kind "read"); the figures above and the
    // matches handed over are those before it.
    std::optional<Error> failure;
};

class LogScanConsumer
{
public:
    virtual ~LogScanConsumer() = default;
    // Matches [first, last) of `block`, next in output order. Called on the scanning thread.
    virtual void take(const LogScanBlock &block, std::size_t first, std::size_t last) = 0;
    // Following: everything written so far has been handed over.
    virtual void caughtUp() {}
};

class LogStreamScan
{
public:
    struct Options
    {
        qsizetype blockBytes = qsizetype{1024} * 1024;
        qsizetype maxLineBytes = qsizetype{8} * 1024 * 1024;
        int threads = 0; // 0: one per core
        // Bytes of lines in flight at once, over all files (each file keeps at least one block).
        qsizetype memoryBudget = qsizetype{24} * 1024 * 1024;
        int followPollMs = 200;
    };

    LogStreamScan(LogQuery query, LogScanOutput output, Options options);
    LogStreamScan(LogQuery query, LogScanOutput output)
        : LogStreamScan(std::move(query), std::move(output), Options())
    {}

    // Scans `files` ("-" is standard input) and hands every match to `consumer`: in file order
    // for one file, merged by timestamp for several (each file is taken to be in time order;
    // equal times keep the order of the files). Fails when a file cannot be opened, before
    // anything is handed over; a file that cannot be read to its end sets report.failure.
    Result<LogScanReport> run(const QStringList &files, LogScanConsumer &consumer) const;

    // Scans `file` to its end, then keeps handing over the matches of lines written to it,
    // across rotation by rename and truncation, until `stop` becomes true (checked between
    // blocks, so a long first pass stops too).
    Result<LogScanReport> follow(const QString &file, LogScanConsumer &consumer,
                                 const std::atomic_bool &stop) const;

private:
    std::shared_ptr<const LogScanPlan> m_plan;
    Options m_options;
};

} // namespace necrocode
