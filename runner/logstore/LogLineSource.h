// Reads one JSON Lines log — a plain file, a gzip-compressed one (any number of members, found
// by its magic bytes, not its name) or standard input ("-") — in blocks of whole lines, so that
// memory is bounded by the block size and not by the file. A line longer than the limit is
// dropped as it streams past and stands in the block as a single kTooLongLine byte.
//
// Following (like `tail -F`): at the end of the data, next() gives an empty block instead of
// ending, keeps an unfinished last line until its newline arrives, and when the path has been
// renamed away and created again, or the file was truncated, goes on at the new file's start.
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <vector>

namespace necrocode {

struct LogLineBlock
{
    // Whole lines, each ending in '\n', followed by kPadding readable bytes that are not part
    // of the block (so a parser may read a little past a line's end).
    QByteArray text;
    qsizetype size = 0; // bytes of lines in `text`
    // Following: the first block of the file that now has the path (after rotation or
    // truncation); line numbers start again.
    bool startsFile = false;

    bool isEmpty() const { return size == 0; }
};

class LogLineSource
{
public:
    static constexpr qsizetype kDefaultBlockBytes = qsizetype{4} * 1024 * 1024;
    static constexpr qsizetype kDefaultMaxLineBytes = qsizetype{8} * 1024 * 1024;
    static constexpr qsizetype kPadding = 64;
    // Stands in for a line that was longer than the limit; NUL never starts a JSON text.
    static constexpr char kTooLongLine = '\0';

    struct Options
    {
        qsizetype blockBytes = kDefaultBlockBytes;
        qsizetype maxLineBytes = kDefaultMaxLineBytes;
        bool follow = false;
    };

    // Opens `path` ("-" for standard input). Fails with a message naming the file.
    static Result<std::unique_ptr<LogLineSource>> open(const QString &path, Options options);
    ~LogLineSource();
    LogLineSource(const LogLineSource &) = delete;
    LogLineSource &operator=(const LogLineSource &) = delete;

    const QString &path() const { return m_path; }
    bool isCompressed() const;

    // The next block of lines: empty at the end of the data (following: when nothing new has
    // been written yet). Fails (kind "read") when the file cannot be read or its compressed
    // data is damaged; the lines before the damage have been returned.
    Result<LogLineBlock> next();

    // Gives back the text of a block that is done with, to be filled again: fresh buffers of
    // megabytes cost the kernel page faults on every block.
    void recycle(QByteArray &&text);

private:
    struct Reader;

    LogLineSource(QString path, Options options);
    static Result<std::unique_ptr<Reader>> openReader(const QString &path);
    Result<bool> reopenIfReplaced();
    Result<qsizetype> readInto(char *buffer, qsizetype capacity);
    LogLineBlock takeLines(qsizetype end);
    QByteArray spareBuffer();

    QString m_path;
    Options m_options;
    std::unique_ptr<Reader> m_reader;
    QByteArray m_pending;        // read but not yet returned: at most one unfinished line
    bool m_droppingLine = false; // the unfinished line is too long and is being skipped
    int m_tooLongLinesDue = 0;   // dropped lines whose markers go at the start of the next block
    bool m_startsFile = false;   // the next block is the first of a reopened file
    bool m_ended = false;
    std::vector<QByteArray> m_spareBuffers;
};

} // namespace necrocode
