#include "logstore/JsonlLoader.h"

#include "logstore/JsonlLineParser.h"
#include "logstore/LogLineSource.h"
#include "logstore/LogStore.h"

#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <vector>

namespace necrocode {

namespace {

struct SourceFile
{
    QString path;
    std::unique_ptr<QFile> file;
    QByteArray contents; // for files that cannot be mapped
    const char *data = nullptr;
    qint64 size = 0;
};

struct Block
{
    std::size_t file;
    qint64 begin;
    qint64 end;
};

struct BlockResult
{
    LogStoreBatch batch;
    qint64 lines = 0;
    qint64 badLineCount = 0;
    std::vector<std::pair<qint64, QString>> badLines; // line within the block (1-based), reason
};

constexpr char kTooLongLine = LogLineSource::kTooLongLine;

// A file that cannot be mapped as it is (compressed, or a pipe): its lines read whole through
// LogLineSource, with every line longer than `maxLineBytes` replaced by kTooLongLine.
Result<QByteArray> readAllLines(const QString &path, qsizetype maxLineBytes)
{
    Result<std::unique_ptr<LogLineSource>> source =
        LogLineSource::open(path, {LogLineSource::kDefaultBlockBytes, maxLineBytes, false});
    if (!source)
        return source.error();
    QByteArray lines;
    for (;;) {
        Result<LogLineBlock> read = (*source)->next();
        if (!read)
            return read.error();
        LogLineBlock block = std::move(read).value();
        if (block.isEmpty())
            return lines;
        lines.append(block.text.constData(), block.size);
        (*source)->recycle(std::move(block.text));
    }
}

Result<SourceFile> openSource(const QString &path, qsizetype maxLineBytes)
{
    const QFileInfo info(path);
    if (!info.exists())
        return makeError(QStringLiteral("%1: no such file").arg(path), QStringLiteral("io"));
    if (info.isDir())
        return makeError(QStringLiteral("%1: is a directory").arg(path), QStringLiteral("io"));
    SourceFile source;
    source.path = path;
    source.file = std::make_unique<QFile>(path);
    if (!source.file->open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("%1: %2").arg(path, source.file->errorString()),
                         QStringLiteral("io"));
    const qint64 size = source.file->isSequential() ? 0 : source.file->size();
    char magic[2] = {};
    const bool compressed =
        size >= 2 && source.file->peek(magic, 2) == 2 && magic[0] == '\x1f' && magic[1] == '\x8b';
    if (size > 0 && !compressed) {
        if (const uchar *mapped = source.file->map(0, size)) {
            source.data = reinterpret_cast<const char *>(mapped);
            source.size = size;
            return source;
        }
    }
    Result<QByteArray> lines = readAllLines(path, maxLineBytes);
    if (!lines)
        return lines.error();
    source.contents = std::move(lines).value();
    source.data = source.contents.constData();
    source.size = source.contents.size();
    return source;
}

std::vector<Block> splitIntoBlocks(const std::vector<SourceFile> &sources, qsizetype blockBytes)
{
    std::vector<Block> blocks;
    for (std::size_t file = 0; file < sources.size(); ++file) {
        const SourceFile &source = sources[file];
        qint64 begin = 0;
        while (begin < source.size) {
            qint64 end = begin + std::max<qint64>(1, blockBytes);
            if (end < source.size) {
                const void *newline =
                    std::memchr(source.data + end - 1, '\n', std::size_t(source.size - end + 1));
                end = newline ? static_cast<const char *>(newline) - source.data + 1 : source.size;
            } else {
                end = source.size;
            }
            blocks.push_back(Block{file, begin, end});
            begin = end;
        }
    }
    return blocks;
}

bool isBlank(const char *text, std::size_t size)
{
    return std::all_of(text, text + size,
                       [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

BlockResult parseBlock(const SourceFile &source, const Block &block, JsonlLineParser &parser,
                       qsizetype maxLineBytes)
{
    static constexpr char kByteOrderMark[] = "\xEF\xBB\xBF";
    BlockResult result;
    result.batch = LogStoreBatch(std::size_t(block.end - block.begin));
    const char *line = source.data + block.begin;
    const char *blockEnd = source.data + block.end;
    const char *fileEnd = source.data + source.size;
    if (block.begin == 0 && source.size >= 3 && std::memcmp(line, kByteOrderMark, 3) == 0)
        line += 3;
    QString reason;
    while (line < blockEnd) {
        const auto *newline =
            static_cast<const char *>(std::memchr(line, '\n', std::size_t(blockEnd - line)));
        const char *lineEnd = newline ? newline : blockEnd;
        ++result.lines;
        auto size = std::size_t(lineEnd - line);
        if (size > 0 && line[size - 1] == '\r')
            --size;
        const bool tooLong =
            size > std::size_t(maxLineBytes) || (size == 1 && *line == kTooLongLine);
        if (tooLong)
            reason = QStringLiteral("the line is longer than %1 bytes").arg(maxLineBytes);
        if (tooLong ||
            (!isBlank(line, size) &&
             !parser.parse({line, size}, std::size_t(fileEnd - line), result.batch, reason))) {
            ++result.badLineCount;
            if (qsizetype(result.badLines.size()) < JsonlLoader::kMaxReportedBadLines)
                result.badLines.emplace_back(result.lines, reason);
        }
        line = newline ? newline + 1 : blockEnd;
    }
    return result;
}

// Blocks parsed by workers, handed to the appending thread in order. At most `window` blocks
// are parsed ahead of the one being appended, which bounds memory.
class BlockPipeline
{
public:
    BlockPipeline(std::size_t blockCount, std::size_t window)
        : m_results(blockCount), m_window(window)
    {}

    // Worker side: the next block to parse, or nothing when done or stopped.
    std::optional<std::size_t> claim()
    {
        const std::size_t index = m_next.fetch_add(1);
        if (index >= m_results.size())
            return std::nullopt;
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return m_stopped || index < m_appended + m_window; });
        if (m_stopped)
            return std::nullopt;
        return index;
    }

    void deliver(std::size_t index, BlockResult &&result)
    {
        {
            const std::lock_guard lock(m_mutex);
            m_results[index] = std::move(result);
        }
        m_changed.notify_all();
    }

    // Appending side.
    BlockResult take(std::size_t index)
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return m_results[index].has_value(); });
        BlockResult result = std::move(*m_results[index]);
        m_results[index].reset();
        return result;
    }

    void markAppended(std::size_t count)
    {
        {
            const std::lock_guard lock(m_mutex);
            m_appended = count;
        }
        m_changed.notify_all();
    }

    void stop()
    {
        {
            const std::lock_guard lock(m_mutex);
            m_stopped = true;
        }
        m_changed.notify_all();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<std::optional<BlockResult>> m_results;
    std::atomic<std::size_t> m_next{0};
    std::size_t m_appended = 0;
    std::size_t m_window;
    bool m_stopped = false;
};

// Appends the rows of several files, earliest first; each file is taken to be in time order and
// equal times keep the order of the files. Returns the number of rows appended.
qint64 appendMergedByTime(const std::vector<std::vector<std::vector<LogStoreRow>>> &files,
                          LogStore &store)
{
    struct Cursor
    {
        std::size_t block = 0;
        std::size_t row = 0;
    };
    std::vector<Cursor> cursors(files.size());
    const auto head = [&](std::size_t file) -> const LogStoreRow * {
        Cursor &at = cursors[file];
        while (at.block < files[file].size() && at.row >= files[file][at.block].size()) {
            ++at.block;
            at.row = 0;
        }
        return at.block < files[file].size() ? &files[file][at.block][at.row] : nullptr;
    };
    qint64 appended = 0;
    for (;;) {
        std::size_t first = files.size();
        qint64 limit = std::numeric_limits<qint64>::max(); // the earliest time in another file
        std::size_t limitFile = files.size();
        for (std::size_t file = 0; file < files.size(); ++file) {
            const LogStoreRow *row = head(file);
            if (!row)
                continue;
            if (first == files.size() || row->timestampMs < head(first)->timestampMs) {
                if (first != files.size()) {
                    limit = head(first)->timestampMs;
                    limitFile = first;
                }
                first = file;
            } else if (row->timestampMs < limit) {
                limit = row->timestampMs;
                limitFile = file;
            }
        }
        if (first == files.size())
            return appended;
        // The run of rows of `first` that come before every other file's next row.
        const std::vector<LogStoreRow> &rows = files[first][cursors[first].block];
        const std::size_t from = cursors[first].row;
        std::size_t to = from;
        while (to < rows.size() && (rows[to].timestampMs < limit ||
                                    (rows[to].timestampMs == limit && first < limitFile)))
            ++to;
        store.appendRows(std::span(rows).subspan(from, to - from));
        appended += qint64(to - from);
        cursors[first].row = to;
    }
}

} // namespace

Result<JsonlLoadReport> JsonlLoader::load(const QStringList &files, LogStore &store) const
{
    std::vector<SourceFile> sources;
    for (const QString &path : files) {
        Result<SourceFile> source = openSource(path, m_options.maxLineBytes);
        if (!source)
            return source.error();
        sources.push_back(std::move(source).value());
    }
    const std::vector<Block> blocks = splitIntoBlocks(sources, m_options.blockBytes);

    JsonlLoadReport report;
    qint64 total = 0;
    for (const SourceFile &source : sources)
        total += source.size;
    if (blocks.empty()) {
        if (m_options.progress)
            m_options.progress(0, 0);
        return report;
    }

    const int wanted =
        m_options.workerThreads > 0 ? m_options.workerThreads : QThread::idealThreadCount();
    const std::size_t workerCount = std::clamp<std::size_t>(std::size_t(wanted), 1, blocks.size());
    // Several files are merged by time once all are parsed, so every block may be parsed ahead
    // (its text ends up in the store either way).
    const bool merging = sources.size() > 1;
    BlockPipeline pipeline(blocks.size(), merging ? blocks.size() : workerCount * 2);
    std::vector<std::jthread> workers;
    for (std::size_t w = 0; w < workerCount; ++w) {
        workers.emplace_back([&] {
            JsonlLineParser parser;
            while (const std::optional<std::size_t> index = pipeline.claim()) {
                const Block &block = blocks[*index];
                pipeline.deliver(
                    *index, parseBlock(sources[block.file], block, parser, m_options.maxLineBytes));
            }
        });
    }

    std::vector<std::vector<std::vector<LogStoreRow>>> adopted(sources.size()); // by file, block
    qint64 linesBeforeBlock = 0; // in the block's file
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        if (m_options.cancel && m_options.cancel->load()) {
            report.cancelled = true;
            break;
        }
        const Block &block = blocks[i];
        if (i > 0 && blocks[i - 1].file != block.file)
            linesBeforeBlock = 0;
        BlockResult result = pipeline.take(i);
        if (merging) {
            adopted[block.file].push_back(store.adopt(std::move(result.batch)));
        } else {
            report.entries += qint64(result.batch.size());
            store.append(std::move(result.batch));
        }
        for (const auto &[line, reason] : result.badLines) {
            if (report.badLines.size() >= kMaxReportedBadLines)
                break;
            report.badLines.append({sources[block.file].path, linesBeforeBlock + line, reason});
        }
        report.badLineCount += result.badLineCount;
        report.lines += result.lines;
        linesBeforeBlock += result.lines;
        report.bytes += block.end - block.begin;
        pipeline.markAppended(i + 1);
        if (m_options.progress)
            m_options.progress(report.bytes, total);
    }
    pipeline.stop();
    if (merging)
        report.entries = appendMergedByTime(adopted, store);
    return report;
}

} // namespace necrocode
