#include "LogsCommand.h"

#include "LogOutput.h"
#include "LogStats.h"

#include "core/ConfigLoader.h"
#include "core/Result.h"
#include "log/JsonLineFormatter.h"
#include "logstore/LogQuery.h"
#include "logstore/LogStreamScan.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QRegularExpression>

#include <atomic>
#include <csignal>
#include <cstdio>

namespace necrocode {

namespace {

constexpr int kUsageError = 2;
constexpr int kReadError = 1;
constexpr std::size_t kOutputBufferBytes = 1 << 20;

struct LogsOptions
{
    QStringList files;
    LogQuery query;
    LogOutput output;
    bool countOnly = false;
    bool statsOnly = false;
    bool follow = false;
};

struct FieldOption
{
    const char *name;
    LogField field;
    const char *valueName;
    const char *description;
};

constexpr FieldOption kFieldOptions[] = {
    {"runner", LogField::RunnerId, "id", "Only entries of this runner."},
    {"task", LogField::TaskId, "id", "Only entries of this task."},
    {"spec", LogField::SpecName, "name", "Only entries of this spec."},
    {"service", LogField::Service, "name",
     "Only entries whose extra.service is this (task_registry, repo_pool, artifact_store, llm)."},
    {"operation", LogField::Operation, "name", "Only entries whose extra.operation is this."},
    {"logger", LogField::Logger, "name", "Only entries of this logger."},
};

void addOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Loads JSON Lines log files and prints the entries that match every given filter."));
    parser.addHelpOption();
    parser.addPositionalArgument(
        QStringLiteral("files"),
        QStringLiteral("JSON Lines log files, plain or gzip-compressed; - reads standard input. "
                       "Entries of several files are merged by time."),
        QStringLiteral("FILE..."));
    parser.addOption({QStringLiteral("level"),
                      QStringLiteral("Only entries of this level or above (DEBUG, INFO, WARNING, "
                                     "ERROR, CRITICAL)."),
                      QStringLiteral("level")});
    for (const FieldOption &option : kFieldOptions)
        parser.addOption({QString::fromLatin1(option.name), QString::fromLatin1(option.description),
                          QString::fromLatin1(option.valueName)});
    parser.addOption({QStringLiteral("grep"),
                      QStringLiteral("Only entries whose message contains this text."),
                      QStringLiteral("text")});
    parser.addOption({QStringLiteral("regex"),
                      QStringLiteral("Only entries whose message matches this regular expression."),
                      QStringLiteral("pattern")});
    parser.addOption({QStringLiteral("case-sensitive"),
                      QStringLiteral("Make --grep and --regex respect letter case.")});
    parser.addOption({QStringLiteral("since"),
                      QStringLiteral("Only entries at or after this time (ISO-8601 or epoch "
                                     "seconds)."),
                      QStringLiteral("time")});
    parser.addOption({QStringLiteral("until"),
                      QStringLiteral("Only entries at or before this time (ISO-8601 or epoch "
                                     "seconds)."),
                      QStringLiteral("time")});
    parser.addOption(
        {QStringLiteral("count"), QStringLiteral("Print only the number of matching entries.")});
    parser.addOption({QStringLiteral("follow"),
                      QStringLiteral("Print the matching entries, then those written to the file "
                                     "later, like tail -F (across rotation), until interrupted.")});
    parser.addOption({QStringLiteral("config"),
                      QStringLiteral("The runner's configuration file, for the prices of "
                                     "--stats (NECROCODE_PRICES works too)."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("stats"),
                      QStringLiteral("Print figures of the matching entries as one JSON object: "
                                     "counts by level, service and operation, latency p50/p95/p99 "
                                     "by service and operation, LLM tokens (and cost, with "
                                     "prices) by model.")});
    parser.addOption({QStringLiteral("output"),
                      QStringLiteral("jsonl (as stored, the default), text (one readable line per "
                                     "entry) or csv."),
                      QStringLiteral("format")});
    parser.addOption({QStringLiteral("fields"),
                      QStringLiteral("Only these fields, in this order: timestamp, level, logger, "
                                     "message, runner_id, task_id, spec_name, exception, extra "
                                     "or extra.<key> (comma-separated)."),
                      QStringLiteral("list")});
}

Result<qint64> timeOption(const QCommandLineParser &parser, const QString &name)
{
    const QString value = parser.value(name);
    const auto parsed = parseIsoTimestamp(value.toUtf8());
    if (!parsed)
        return makeError(QStringLiteral("--%1: '%2' is neither an ISO-8601 time nor epoch seconds")
                             .arg(name, value));
    return parsed->first;
}

Result<LogsOptions> readOptions(const QCommandLineParser &parser)
{
    LogsOptions options;
    options.files = parser.positionalArguments();
    if (options.files.isEmpty())
        return makeError(QStringLiteral("no log file given"));
    options.countOnly = parser.isSet(QStringLiteral("count"));
    options.statsOnly = parser.isSet(QStringLiteral("stats"));
    if (options.countOnly && options.statsOnly)
        return makeError(QStringLiteral("--count and --stats cannot be used together"));
    options.follow = parser.isSet(QStringLiteral("follow"));
    if (options.follow && (options.countOnly || options.statsOnly))
        return makeError(
            QStringLiteral("--follow prints entries; it cannot be used with %1")
                .arg(options.countOnly ? QStringLiteral("--count") : QStringLiteral("--stats")));
    if (options.follow && (options.files.size() != 1 || options.files.front() == u"-"))
        return makeError(QStringLiteral("--follow needs exactly one file (not -)"));
    const Result<LogOutput> output = LogOutput::fromOptions(
        parser.value(QStringLiteral("output")), parser.isSet(QStringLiteral("fields"))
                                                    ? parser.value(QStringLiteral("fields"))
                                                    : QString());
    if (!output)
        return output.error();
    options.output = *output;

    LogQuery &query = options.query;
    if (parser.isSet(QStringLiteral("level"))) {
        const QString name = parser.value(QStringLiteral("level"));
        const std::optional<LogLevel> level = parseLogLevel(name);
        if (!level)
            return makeError(
                QStringLiteral("--level: unknown level '%1' (use DEBUG, INFO, WARNING, "
                               "ERROR or CRITICAL)")
                    .arg(name));
        query.acceptFrom(*level);
    }
    for (const FieldOption &option : kFieldOptions) {
        const QString name = QString::fromLatin1(option.name);
        if (parser.isSet(name))
            query.field(option.field) = parser.value(name);
    }
    const bool grep = parser.isSet(QStringLiteral("grep"));
    const bool regex = parser.isSet(QStringLiteral("regex"));
    if (grep && regex)
        return makeError(QStringLiteral("--grep and --regex cannot be used together"));
    if (grep || regex) {
        query.text = parser.value(regex ? QStringLiteral("regex") : QStringLiteral("grep"));
        query.textMode =
            regex ? LogQuery::TextMode::RegularExpression : LogQuery::TextMode::Substring;
    }
    if (parser.isSet(QStringLiteral("case-sensitive")))
        query.caseSensitivity = Qt::CaseSensitive;
    if (const QString error = query.errorString(); !error.isEmpty())
        return makeError(QStringLiteral("--regex: invalid regular expression: %1").arg(error));
    for (const QString &name : {QStringLiteral("since"), QStringLiteral("until")}) {
        if (!parser.isSet(name))
            continue;
        const Result<qint64> time = timeOption(parser, name);
        if (!time)
            return time.error();
        (name == QLatin1StringView("since") ? query.sinceMs : query.untilMs) = time.value();
    }
    return options;
}

void printError(const QString &command, const QString &message)
{
    std::fprintf(stderr, "%s: %s\n", qPrintable(command), qPrintable(message));
}

void reportBadLines(const QString &command, const LogScanReport &report)
{
    for (const JsonlBadLine &bad : report.badLines)
        std::fprintf(stderr, "%s:%lld: %s\n", qPrintable(bad.file),
                     static_cast<long long>(bad.line), qPrintable(bad.reason));
    if (report.badLineCount == 0)
        return;
    QString summary = QStringLiteral("skipped %1 bad line(s)").arg(report.badLineCount);
    if (report.badLineCount > report.badLines.size())
        summary += QStringLiteral(" (the first %1 are listed above)").arg(report.badLines.size());
    printError(command, summary);
}

// Writes the matches' output to standard output as it comes.
class PrintingConsumer final : public LogScanConsumer
{
public:
    explicit PrintingConsumer(const QByteArray &header)
    {
        std::setvbuf(stdout, nullptr, _IOFBF, kOutputBufferBytes);
        std::fwrite(header.constData(), 1, std::size_t(header.size()), stdout);
    }
    ~PrintingConsumer() override { std::fflush(stdout); }

    void take(const LogScanBlock &block, std::size_t first, std::size_t last) override
    {
        const QByteArrayView text = block.textOf(first, last);
        std::fwrite(text.data(), 1, std::size_t(text.size()), stdout);
    }
    void caughtUp() override { std::fflush(stdout); }
};

// Adds the matching entries to the figures of --stats.
class StatsConsumer final : public LogScanConsumer
{
public:
    explicit StatsConsumer(LogStats &stats) : m_stats(stats) {}

    void take(const LogScanBlock &block, std::size_t first, std::size_t last) override
    {
        m_stats.addDigests(block.textOf(first, last));
    }

private:
    LogStats &m_stats;
};

class CountingConsumer final : public LogScanConsumer
{
public:
    void take(const LogScanBlock &, std::size_t first, std::size_t last) override
    {
        count += last - first;
    }
    std::size_t count = 0;
};

LogScanOutput scanOutputFor(const LogsOptions &options)
{
    LogScanOutput scanOutput;
    if (options.countOnly) {
        scanOutput.kind = LogScanOutput::Kind::Count;
    } else if (options.statsOnly) {
        scanOutput.kind = LogScanOutput::Kind::Digest;
        scanOutput.digest = &LogStats::appendDigest;
    } else if (options.output.format == LogOutput::Format::Jsonl &&
               options.output.fields.isEmpty()) {
        scanOutput.kind = LogScanOutput::Kind::Lines;
    } else {
        scanOutput.kind = LogScanOutput::Kind::Formatted;
        scanOutput.format = [output = options.output](QByteArray &out, const LogEntry &entry) {
            output.append(out, entry);
        };
    }
    return scanOutput;
}

std::atomic_bool followStopped{false};

extern "C" void stopFollowing(int)
{
    followStopped.store(true);
}

} // namespace

int runLogsCommand(const QStringList &arguments)
{
    const QString command = arguments.value(0, QStringLiteral("logs"));
    QCommandLineParser parser;
    addOptions(parser);
    if (!parser.parse(arguments)) {
        printError(command, parser.errorText());
        return kUsageError;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QString help = parser.helpText();
        static const QRegularExpression usageLine(QStringLiteral("^Usage: \\S+"));
        help.replace(usageLine, QStringLiteral("Usage: ") + command);
        std::fputs(qPrintable(help), stdout);
        return 0;
    }
    const Result<LogsOptions> options = readOptions(parser);
    if (!options) {
        printError(command, options.errorMessage());
        return kUsageError;
    }

    const LogStreamScan scan(options->query, scanOutputFor(*options));
    Result<LogScanReport> report = makeError(QString());
    if (options->countOnly) {
        CountingConsumer counter;
        report = scan.run(options->files, counter);
        if (report && !report->failure)
            std::printf("%zu\n", counter.count);
    } else if (options->statsOnly) {
        // Prices as the runner has them: its configuration file and NECROCODE_PRICES.
        ConfigSources sources;
        sources.filePath = parser.value(QStringLiteral("config"));
        const Result<RunnerConfig> config = ConfigLoader::load(sources);
        if (!config) {
            printError(command, config.errorMessage());
            return kUsageError;
        }
        LogStats stats(LlmPriceTable::fromConfig(config->prices));
        StatsConsumer consumer(stats);
        report = scan.run(options->files, consumer);
        if (report && !report->failure)
            std::fputs(QJsonDocument(stats.toJson()).toJson(QJsonDocument::Indented).constData(),
                       stdout);
    } else if (options->follow) {
        std::signal(SIGINT, stopFollowing);
        std::signal(SIGTERM, stopFollowing);
        PrintingConsumer printer(options->output.header());
        report = scan.follow(options->files.front(), printer, followStopped);
    } else {
        PrintingConsumer printer(options->output.header());
        report = scan.run(options->files, printer);
    }
    std::fflush(stdout);
    if (!report) {
        printError(command, report.errorMessage());
        return kUsageError;
    }
    reportBadLines(command, report.value());
    if (report->failure) {
        // The matches before it have been printed.
        printError(command, report->failure->message);
        return kReadError;
    }
    return 0;
}

} // namespace necrocode
