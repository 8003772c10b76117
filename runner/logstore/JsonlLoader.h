// Loads JSON Lines log files (plain, or gzip-compressed and standard input through the reader of
// `necrocode-runner logs`, LogLineSource) into a LogStore fast: files are split into blocks at line
// boundaries, worker threads parse blocks with simdjson, and the calling thread appends the
// parsed batches in file order; the entries of several files are merged by time. Bad lines are
// counted and reported, never fatal. Reports progress and can be cancelled, for the console's
// progress bar.
#pragma once

#include "core/Result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>

namespace necrocode {

class LogStore;

struct JsonlBadLine
{
    QString file;
    qint64 line = 0; // 1-based
    QString reason;

    friend bool operator==(const JsonlBadLine &, const JsonlBadLine &) = default;
};

struct JsonlLoadReport
{
    qint64 bytes = 0;             // bytes of the files that were read
    qint64 lines = 0;             // lines read, blank ones included
    qint64 entries = 0;           // entries appended to the store
    qint64 badLineCount = 0;      // lines skipped because they are not log records
    QList<JsonlBadLine> badLines; // the first kMaxReportedBadLines of them
    bool cancelled = false;
};

class JsonlLoader
{
public:
    static constexpr qsizetype kDefaultBlockBytes = qsizetype{4} * 1024 * 1024;
    static constexpr qsizetype kMaxReportedBadLines = 100;
    // A longer line is a bad line, skipped without being parsed or kept in memory.
    static constexpr qsizetype kDefaultMaxLineBytes = qsizetype{8} * 1024 * 1024;

    struct Options
    {
        qsizetype blockBytes = kDefaultBlockBytes;
        qsizetype maxLineBytes = kDefaultMaxLineBytes;
        int workerThreads = 0; // 0: one per core
        // Called on the loading thread after each block: bytes done and bytes in all files.
        std::function<void(qint64 done, qint64 total)> progress;
        // When it becomes true the load stops after the block being appended; the entries
        // appended so far stay in the store.
        const std::atomic_bool *cancel = nullptr;
    };

    JsonlLoader() = default;
    explicit JsonlLoader(Options options) : m_options(std::move(options)) {}

    // Appends the entries of `files` to `store` (one file in order; several merged by time, each
    // taken to be in time order, equal times in the order of the files) (the calling thread is the
    // store's writer while this runs). Fails before appending anything when a file cannot be read.
    Result<JsonlLoadReport> load(const QStringList &files, LogStore &store) const;

private:
    Options m_options;
};

} // namespace necrocode
