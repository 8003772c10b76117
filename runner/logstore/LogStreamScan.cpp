#include "logstore/LogStreamScan.h"

#include "logstore/AnnouncedTask.h"
#include "logstore/JsonlLineParser.h"
#include "logstore/LogFieldsMatcher.h"
#include "logstore/LogLinePrefilter.h"
#include "logstore/LogLineSource.h"

#include <QThread>
#include <QThreadPool>

#include <algorithm>
#include <cstring>
#include <deque>
#include <limits>
#include <memory>
#include <thread>

namespace necrocode {

// What the workers need: shared, read-only.
struct LogScanPlan
{
    LogQuery query;
    LogScanOutput output;
    LogLinePrefilter prefilter;
    qsizetype maxLineBytes;
};

namespace {

constexpr qsizetype kMinBlockBytes = qsizetype{64} * 1024;

bool isBlank(std::string_view line)
{
    return std::all_of(line.begin(), line.end(),
                       [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

void keepMatch(const LogScanPlan &plan, std::string_view line, const LogStoreBatch::Fields &fields,
               LogScanBlock &result)
{
    switch (plan.output.kind) {
    case LogScanOutput::Kind::Count:
        break;
    case LogScanOutput::Kind::Lines:
        result.text.append(line.data(), qsizetype(line.size()));
        result.text.append('\n');
        break;
    case LogScanOutput::Kind::Formatted:
        plan.output.format(result.text, logEntryOf(fields));
        break;
    case LogScanOutput::Kind::Entries:
        result.entries.push_back(logEntryOf(fields));
        break;
    case LogScanOutput::Kind::Digest:
        plan.output.digest(result.text, fields);
        break;
    }
    result.matches.push_back({fields.timestampMs, result.text.size()});
}

qint64 countNewlines(const char *begin, const char *end)
{
    qint64 count = 0;
    while (begin < end) {
        const auto *newline =
            static_cast<const char *>(std::memchr(begin, '\n', std::size_t(end - begin)));
        if (!newline)
            break;
        ++count;
        begin = newline + 1;
    }
    return count;
}

// Scans the lines of one block. When the query needs a text in every candidate line, the scan
// jumps from one occurrence of it to the next, as grep does, and only counts the lines between.
// `output` is a recycled buffer for the matches' text.
LogScanBlock scanBlock(const LogLineBlock &block, const LogScanPlan &plan, QByteArray output)
{
    thread_local JsonlLineParser parser;
    const LogFieldsMatcher matcher(plan.query);
    LogScanBlock result;
    result.text = std::move(output);
    result.text.resize(0);
    const char *const begin = block.text.constData();
    const char *const end = begin + block.size;
    const char *const readableEnd = begin + block.text.size();
    const std::string_view all(begin, std::size_t(block.size));
    const bool filtering = plan.prefilter.isActive();
    const LogLinePrefilter::Scope scope =
        filtering ? LogLinePrefilter::scopeOf(all) : LogLinePrefilter::Scope();
    const bool hasTooLongLine = std::memchr(begin, LogLineSource::kTooLongLine, all.size());
    const ByteSearch *jump =
        filtering && !hasTooLongLine ? plan.prefilter.requiredText(scope) : nullptr;
    LogStoreBatch::Fields fields;
    QString reason;
    const auto bad = [&](const QString &why) {
        ++result.badLineCount;
        if (qsizetype(result.badLines.size()) < JsonlLoader::kMaxReportedBadLines)
            result.badLines.emplace_back(result.lines, why);
    };
    // The line [line, lineEnd), counted already.
    const auto scanLine = [&](const char *line, const char *lineEnd) {
        std::string_view text(line, std::size_t(lineEnd - line));
        if (!text.empty() && text.back() == '\r')
            text.remove_suffix(1);
        if (text.size() > std::size_t(plan.maxLineBytes) ||
            (text.size() == 1 && text.front() == LogLineSource::kTooLongLine)) {
            bad(QStringLiteral("the line is longer than %1 bytes").arg(plan.maxLineBytes));
            return;
        }
        if (isBlank(text) || (filtering && !plan.prefilter.mayMatch(text, scope)))
            return;
        if (!parser.parse(text, std::size_t(readableEnd - text.data()), fields, reason)) {
            bad(reason);
            return;
        }
        if (matcher.matches(fields))
            keepMatch(plan, text, fields, result);
    };

    const char *line = begin;
    while (line < end) {
        if (jump) {
            const std::size_t found = jump->find(line, std::size_t(end - line));
            if (found == ByteSearch::npos) {
                result.lines += countNewlines(line, end);
                break;
            }
            const char *hit = line + found;
            const auto *lineStart =
                static_cast<const char *>(::memrchr(line, '\n', std::size_t(hit - line)));
            lineStart = lineStart ? lineStart + 1 : line;
            result.lines += countNewlines(line, lineStart);
            line = lineStart;
        }
        const auto *newline =
            static_cast<const char *>(std::memchr(line, '\n', std::size_t(end - line)));
        const char *lineEnd = newline ? newline : end;
        ++result.lines;
        scanLine(line, lineEnd);
        line = lineEnd + 1;
    }
    return result;
}

// One file's blocks, scanned on the pool ahead of the consumer (at most `window` at once) and
// taken back in order.
class FileScan
{
public:
    FileScan(std::unique_ptr<LogLineSource> source, std::shared_ptr<const LogScanPlan> plan,
             QThreadPool &pool, std::size_t window)
        : m_source(std::move(source)), m_plan(std::move(plan)), m_pool(pool), m_window(window)
    {}
    FileScan(const FileScan &) = delete;
    FileScan &operator=(const FileScan &) = delete;
    // The tasks still queued or running read the blocks this scan owns.
    ~FileScan()
    {
        for (Pending &pending : m_pending)
            pending.result.waitForFinished();
    }

    // The block whose matches are being handed over (from position()), or null when the
    // source has nothing more for now. Blocks without matches are passed over.
    Result<const LogScanBlock *> current(LogScanReport &report)
    {
        while (!m_current || m_position >= m_current->matches.size()) {
            topUp();
            if (m_pending.empty()) {
                if (m_error)
                    return *m_error;
                m_current.reset();
                return nullptr;
            }
            if (m_current && m_spareOutputs.size() < m_window + 1)
                m_spareOutputs.push_back(std::move(m_current->text));
            m_current = takeAnnouncedResult(m_pending.front().result, this);
            if (m_pending.front().lines->startsFile)
                m_linesBefore = 0;
            m_source->recycle(std::move(m_pending.front().lines->text));
            m_pending.pop_front();
            m_position = 0;
            account(report);
        }
        return &*m_current;
    }

    std::size_t position() const { return m_position; }
    void advance(std::size_t to) { m_position = to; }
    qint64 timestampAt(std::size_t match) const { return m_current->matches[match].timestampMs; }

    // Following: look at the source again after it had nothing.
    void resume() { m_drained = false; }

private:
    void topUp()
    {
        while (!m_drained && m_pending.size() < m_window) {
            Result<LogLineBlock> block = m_source->next();
            if (!block) {
                m_error = block.error();
                m_drained = true;
                return;
            }
            if (block->isEmpty()) {
                m_drained = true;
                return;
            }
            m_bytes += block->size;
            auto lines = std::make_unique<LogLineBlock>(std::move(block).value());
            const LogLineBlock *scanned = lines.get();
            QByteArray output;
            if (!m_spareOutputs.empty()) {
                output = std::move(m_spareOutputs.back());
                m_spareOutputs.pop_back();
            }
            m_pending.push_back(
                {std::move(lines),
                 runAnnounced(&m_pool, this,
                              [plan = m_plan, scanned, output = std::move(output)]() mutable {
                                  return scanBlock(*scanned, *plan, std::move(output));
                              })});
        }
    }

    void account(LogScanReport &report)
    {
        for (const auto &[line, reason] : m_current->badLines) {
            if (report.badLines.size() >= JsonlLoader::kMaxReportedBadLines)
                break;
            report.badLines.append({m_source->path(), m_linesBefore + line, reason});
        }
        report.badLineCount += m_current->badLineCount;
        report.lines += m_current->lines;
        report.bytes += std::exchange(m_bytes, 0);
        m_linesBefore += m_current->lines;
    }

    std::unique_ptr<LogLineSource> m_source;
    std::shared_ptr<const LogScanPlan> m_plan;
    QThreadPool &m_pool;
    std::size_t m_window;
    struct Pending
    {
        std::unique_ptr<LogLineBlock> lines; // read by the task until it has finished
        QFuture<LogScanBlock> result;
    };

    std::deque<Pending> m_pending;
    std::vector<QByteArray> m_spareOutputs; // text of blocks handed over, to be filled again
    std::optional<LogScanBlock> m_current;
    std::size_t m_position = 0;
    qint64 m_linesBefore = 0;
    qint64 m_bytes = 0; // read but not yet accounted
    bool m_drained = false;
    std::optional<Error> m_error; // the source failed after the blocks pending
};

} // namespace

LogStreamScan::LogStreamScan(LogQuery query, LogScanOutput output, Options options)
    : m_options(options)
{
    LogLinePrefilter prefilter(query);
    m_plan = std::make_shared<const LogScanPlan>(LogScanPlan{
        std::move(query), std::move(output), std::move(prefilter), options.maxLineBytes});
}

namespace {

// Hands over every match of one file in order, until the file has nothing more or `stop`.
Status drainInOrder(FileScan &scan, LogScanConsumer &consumer, LogScanReport &report,
                    const std::atomic_bool *stop = nullptr)
{
    while (!(stop && stop->load())) {
        const Result<const LogScanBlock *> block = scan.current(report);
        if (!block)
            return block.error();
        if (!*block)
            return Ok{};
        const std::size_t last = (*block)->matches.size();
        consumer.take(**block, scan.position(), last);
        report.matches += qint64(last - scan.position());
        scan.advance(last);
    }
    return Ok{};
}

// Hands over the matches of several files, earliest timestamp first.
Status mergeByTime(std::vector<std::unique_ptr<FileScan>> &scans, LogScanConsumer &consumer,
                   LogScanReport &report)
{
    std::vector<const LogScanBlock *> heads(scans.size(), nullptr);
    for (std::size_t i = 0; i < scans.size(); ++i) {
        const Result<const LogScanBlock *> block = scans[i]->current(report);
        if (!block)
            return block.error();
        heads[i] = *block;
    }
    const auto headTime = [&](std::size_t i) {
        return scans[i]->timestampAt(scans[i]->position());
    };
    for (;;) {
        std::size_t first = scans.size();
        std::size_t second = scans.size();
        for (std::size_t i = 0; i < scans.size(); ++i) {
            if (!heads[i])
                continue;
            if (first == scans.size() || headTime(i) < headTime(first)) {
                second = first;
                first = i;
            } else if (second == scans.size() || headTime(i) < headTime(second)) {
                second = i;
            }
        }
        if (first == scans.size())
            return Ok{};
        FileScan &scan = *scans[first];
        const LogScanBlock &block = *heads[first];
        const std::size_t from = scan.position();
        std::size_t to = from + 1;
        if (second == scans.size()) {
            to = block.matches.size();
        } else {
            // Equal times go to the file named first.
            const qint64 limit = headTime(second);
            while (to < block.matches.size() &&
                   (block.matches[to].timestampMs < limit ||
                    (block.matches[to].timestampMs == limit && first < second)))
                ++to;
        }
        consumer.take(block, from, to);
        report.matches += qint64(to - from);
        scan.advance(to);
        const Result<const LogScanBlock *> next = scan.current(report);
        if (!next)
            return next.error();
        heads[first] = *next;
    }
}

int threadCount(int wanted)
{
    return wanted > 0 ? wanted : std::max(1, QThread::idealThreadCount());
}

} // namespace

Result<LogScanReport> LogStreamScan::run(const QStringList &files, LogScanConsumer &consumer) const
{
    const int threads = threadCount(m_options.threads);
    const auto fileCount = std::max<qsizetype>(1, files.size());
    LogLineSource::Options sourceOptions;
    sourceOptions.maxLineBytes = m_options.maxLineBytes;
    // Smaller blocks for many files, but never larger than asked for.
    sourceOptions.blockBytes = std::min(
        m_options.blockBytes, std::max(kMinBlockBytes, m_options.memoryBudget / (2 * fileCount)));
    const auto window = std::size_t(
        std::clamp<qsizetype>(m_options.memoryBudget / (fileCount * sourceOptions.blockBytes), 1,
                              qsizetype{2} * threads));

    QThreadPool pool;
    pool.setMaxThreadCount(threads);
    std::vector<std::unique_ptr<FileScan>> scans;
    for (const QString &path : files) {
        Result<std::unique_ptr<LogLineSource>> source = LogLineSource::open(path, sourceOptions);
        if (!source)
            return source.error();
        scans.push_back(
            std::make_unique<FileScan>(std::move(source).value(), m_plan, pool, window));
    }
    LogScanReport report;
    const Status done = scans.size() == 1 ? drainInOrder(*scans.front(), consumer, report)
                                          : mergeByTime(scans, consumer, report);
    if (!done)
        report.failure = done.error();
    return report;
}

Result<LogScanReport> LogStreamScan::follow(const QString &file, LogScanConsumer &consumer,
                                            const std::atomic_bool &stop) const
{
    const int threads = threadCount(m_options.threads);
    LogLineSource::Options sourceOptions;
    sourceOptions.maxLineBytes = m_options.maxLineBytes;
    sourceOptions.blockBytes = m_options.blockBytes;
    sourceOptions.follow = true;
    Result<std::unique_ptr<LogLineSource>> source = LogLineSource::open(file, sourceOptions);
    if (!source)
        return source.error();
    if ((*source)->isCompressed())
        return makeError(
            QStringLiteral("%1: is compressed; only a plain file can be followed").arg(file),
            QStringLiteral("usage"));
    QThreadPool pool;
    pool.setMaxThreadCount(threads);
    FileScan scan(std::move(source).value(), m_plan, pool, std::size_t(2 * threads));
    LogScanReport report;
    while (!stop.load()) {
        if (const Status done = drainInOrder(scan, consumer, report, &stop); !done) {
            report.failure = done.error();
            return report;
        }
        consumer.caughtUp();
        for (int waited = 0; waited < m_options.followPollMs && !stop.load(); waited += 20)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        scan.resume();
    }
    return report;
}

} // namespace necrocode
