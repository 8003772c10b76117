// The streaming engine of `necrocode-runner logs`: random queries find exactly what the log
// store finds, on lines written with \u escapes and spaces as other writers do; blocks end at
// lines whatever their size; bad, truncated and 50 MB lines are counted, not fatal; gzip files
// (several members, damaged ones) are read; several files merge by time; a followed file is
// read on across appends, rotation by rename and truncation.
#include "RandomLogEntries.h"
#include "RandomLogQueries.h"

#include "log/JsonLineFormatter.h"
#include "logstore/LogLineSource.h"
#include "logstore/LogStreamScan.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace necrocode;
using namespace necrocode::testing;

namespace {

// Collects what the scan hands over.
struct Collected final : LogScanConsumer
{
    QByteArray text;
    std::vector<qint64> timestamps;
    std::atomic<int> caughtUpCount = 0;

    void take(const LogScanBlock &block, std::size_t first, std::size_t last) override
    {
        if (!block.text.isEmpty())
            text += block.textOf(first, last).toByteArray();
        for (std::size_t i = first; i < last; ++i)
            timestamps.push_back(block.matches[i].timestampMs);
    }
    void caughtUp() override { ++caughtUpCount; }
};

bool writeFile(const QString &path, const QByteArray &contents,
               QIODevice::OpenMode mode = QIODevice::WriteOnly)
{
    QFile file(path);
    return file.open(mode) && file.write(contents) == contents.size();
}

// The same JSON as another writer might put it: some ASCII letters of strings (keys included)
// as \u escapes, and a space after every ':' and ',' between tokens.
QByteArray rewrittenLikeAnotherWriter(const QByteArray &line, RandomLogEntries &random)
{
    QByteArray out;
    bool inString = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (inString) {
            if (c == '\\') {
                out += line.mid(i, 2);
                ++i;
                continue;
            }
            if (c == '"')
                inString = false;
            const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (letter && random.chance(20)) {
                out += QByteArray("\\u00") + QByteArray::number(uchar(c), 16);
                continue;
            }
            out += c;
            continue;
        }
        out += c;
        if (c == '"')
            inString = true;
        else if (c == ':' || c == ',')
            out += ' ';
    }
    return out;
}

LogScanOutput linesOutput()
{
    LogScanOutput output;
    output.kind = LogScanOutput::Kind::Lines;
    return output;
}

LogStreamScan::Options smallBlocks(qsizetype blockBytes = 4096)
{
    LogStreamScan::Options options;
    options.blockBytes = blockBytes;
    options.memoryBudget = 8 * blockBytes;
    options.threads = 2;
    options.followPollMs = 20;
    return options;
}

QByteArray entryLine(qint64 timestampMs, const QString &message, LogLevel level = LogLevel::Info)
{
    LogEntry entry;
    entry.timestampMs = timestampMs;
    entry.level = level;
    entry.logger = QStringLiteral("necrocode.runner");
    entry.message = message;
    return formatJsonLine(entry);
}

// Waits until `done` holds or five seconds pass.
template <typename Done> bool waitFor(Done done)
{
    for (int i = 0; i < 500 && !done(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return done();
}

} // namespace

class TestLogStreamScan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void randomQueriesFindWhatTheStoreFinds()
    {
        RandomLogEntries random(21);
        const std::vector<LogEntry> entries = random.entries(20000);
        QList<QByteArray> lines;
        QByteArray contents;
        LogStore store;
        for (const LogEntry &entry : entries) {
            QByteArray line = formatJsonLine(entry);
            line.chop(1);
            if (random.chance(15))
                line = rewrittenLikeAnotherWriter(line, random);
            lines.append(line);
            contents += line + '\n';
            store.append(entry);
        }
        const QString path = m_dir.filePath(QStringLiteral("random.jsonl"));
        QVERIFY(writeFile(path, contents));

        for (int round = 0; round < 120; ++round) {
            const LogQuery query = randomQuery(random, store);
            const std::optional<LogRowList> rows =
                LogQueryRunner::matchRange(query, store, 0, store.size());
            QVERIFY(rows);
            QByteArray expected;
            for (const quint32 row : *rows)
                expected += lines[qsizetype(row)] + '\n';
            Collected found;
            const Result<LogScanReport> report =
                LogStreamScan(query, linesOutput(), smallBlocks(1 + random.bounded(20000)))
                    .run({path}, found);
            QVERIFY2(report, qPrintable(report.errorMessage()));
            QCOMPARE(report->badLineCount, 0);
            QVERIFY2(found.text == expected,
                     qPrintable(QStringLiteral("%1: %2 matches, expected %3")
                                    .arg(describe(query))
                                    .arg(found.timestamps.size())
                                    .arg(rows->size())));
        }
    }

    void linesWithEscapesJsonDoesNotDefineAreStillFound()
    {
        // Found by fuzz_jsonl_line: the lenient reader takes "\c" as "c", so the bytes of the
        // line do not show "necrocode" although its logger is that.
        const QByteArray line = R"({"timestamp":"2026-12-06T06:44:57.621+00:00","level":"INFO",)"
                                R"("logger":"ne\crocode","message":"\qretry"})";
        const QString path = m_dir.filePath(QStringLiteral("lenient.jsonl"));
        QVERIFY(writeFile(path, line + '\n'));
        LogQuery byLogger;
        byLogger.logger = QStringLiteral("necrocode");
        LogQuery byText;
        byText.text = QStringLiteral("qretry");
        byText.caseSensitivity = Qt::CaseSensitive;
        for (const LogQuery &query : {byLogger, byText}) {
            Collected found;
            QVERIFY(LogStreamScan(query, linesOutput(), smallBlocks()).run({path}, found));
            QCOMPARE(found.text, line + '\n');
        }
    }

    void blocksEndAtLinesWhateverTheirSize()
    {
        RandomLogEntries random(22);
        QByteArray contents;
        for (int i = 0; i < 5000; ++i)
            contents += QByteArray(random.bounded(300), 'x') + '\n';
        contents += "last line without a newline";
        const QString path = m_dir.filePath(QStringLiteral("blocks.txt"));
        QVERIFY(writeFile(path, contents));
        for (const qsizetype blockBytes : {1, 97, 4096, 1 << 20}) {
            Result<std::unique_ptr<LogLineSource>> source =
                LogLineSource::open(path, {blockBytes, 1 << 20, false});
            QVERIFY(source);
            QByteArray joined;
            int blocks = 0;
            for (;;) {
                const Result<LogLineBlock> block = (*source)->next();
                QVERIFY(block);
                if (block->isEmpty())
                    break;
                ++blocks;
                QCOMPARE(block->text.at(block->size - 1), '\n');
                QCOMPARE(block->text.size(), block->size + LogLineSource::kPadding);
                joined += block->text.first(block->size);
            }
            QCOMPARE(joined, contents + '\n');
            QVERIFY2(blockBytes > 4096 || blocks > 10, qPrintable(QString::number(blocks)));
        }
    }

    void badAndTruncatedLinesAreCountedNotFatal()
    {
        QByteArray contents = entryLine(1000, QStringLiteral("first"));
        contents += "not json at all\n";
        contents += entryLine(2000, QStringLiteral("cut short")).first(40) + '\n';
        contents += "   \n";
        contents += entryLine(3000, QStringLiteral("second"));
        contents += entryLine(4000, QStringLiteral("last, no newline")).chopped(1);
        const QString path = m_dir.filePath(QStringLiteral("bad.jsonl"));
        QVERIFY(writeFile(path, contents));
        Collected found;
        const Result<LogScanReport> report =
            LogStreamScan(LogQuery(), linesOutput(), smallBlocks(64)).run({path}, found);
        QVERIFY(report);
        QCOMPARE(found.timestamps, (std::vector<qint64>{1000, 3000, 4000}));
        QCOMPARE(report->lines, 6);
        QCOMPARE(report->badLineCount, 2);
        QCOMPARE(report->badLines.size(), 2);
        QCOMPARE(report->badLines[0].line, 2);
        QCOMPARE(report->badLines[1].line, 3);
        QCOMPARE(report->badLines[0].file, path);
    }

    void aFiftyMegabyteLineIsSkipped()
    {
        QByteArray contents = entryLine(1000, QStringLiteral("before"));
        contents += entryLine(2000, QString(50 * 1024 * 1024, QLatin1Char('m')));
        contents += entryLine(3000, QStringLiteral("after"));
        const QString path = m_dir.filePath(QStringLiteral("huge.jsonl"));
        QVERIFY(writeFile(path, contents));
        for (const qsizetype blockBytes : {qsizetype(64 * 1024), qsizetype(4 * 1024 * 1024)}) {
            Collected found;
            const Result<LogScanReport> report =
                LogStreamScan(LogQuery(), linesOutput(), smallBlocks(blockBytes))
                    .run({path}, found);
            QVERIFY(report);
            QCOMPARE(found.timestamps, (std::vector<qint64>{1000, 3000}));
            QCOMPARE(report->badLineCount, 1);
            QCOMPARE(report->badLines[0].line, 2);
            QVERIFY(report->badLines[0].reason.contains(QStringLiteral("longer than")));
        }
    }

    void overLongLinesAreEachABadLine()
    {
        // Two in a row, dropped while they stream past, and one inside a single block.
        QByteArray contents = QByteArray(3000, 'a') + '\n' + QByteArray(3000, 'b') + '\n';
        contents += "oops\n";
        contents += entryLine(1, QString(5000, QLatin1Char('c')));
        contents += entryLine(2, QStringLiteral("fits"));
        const QString path = m_dir.filePath(QStringLiteral("long-lines.jsonl"));
        QVERIFY(writeFile(path, contents));
        for (const qsizetype blockBytes : {qsizetype(256), qsizetype(1 << 20)}) {
            LogStreamScan::Options options = smallBlocks(blockBytes);
            options.maxLineBytes = 1000;
            Collected found;
            const Result<LogScanReport> report =
                LogStreamScan(LogQuery(), linesOutput(), options).run({path}, found);
            QVERIFY(report);
            QCOMPARE(found.timestamps, std::vector<qint64>{2});
            QCOMPARE(report->lines, 5);
            QCOMPARE(report->badLineCount, 4);
            for (int i = 0; i < 4; ++i)
                QCOMPARE(report->badLines.value(i).line, i + 1);
            QVERIFY(report->badLines[0].reason.contains(QStringLiteral("longer than 1000")));
            QVERIFY(report->badLines[3].reason.contains(QStringLiteral("longer than 1000")));
        }
    }

    void gzipFilesWithSeveralMembersAreRead()
    {
        QByteArray first;
        QByteArray second;
        for (int i = 0; i < 2000; ++i)
            (i < 1000 ? first : second) += entryLine(i, QStringLiteral("entry %1").arg(i));
        const QByteArray compressed = gzip(first) + gzip(second);
        const QString path = m_dir.filePath(QStringLiteral("two-members.log.gz"));
        QVERIFY(writeFile(path, compressed));
        Collected found;
        const Result<LogScanReport> report =
            LogStreamScan(LogQuery(), linesOutput(), smallBlocks()).run({path}, found);
        QVERIFY2(report, qPrintable(report.errorMessage()));
        QCOMPARE(found.text, first + second);
        QCOMPARE(report->bytes, first.size() + second.size());

        // Cut off in the second member: what came before is handed over, then the error.
        const QString damaged = m_dir.filePath(QStringLiteral("damaged.gz"));
        QVERIFY(writeFile(damaged, compressed.first(compressed.size() - 200)));
        Collected partial;
        const Result<LogScanReport> failed =
            LogStreamScan(LogQuery(), linesOutput(), smallBlocks()).run({damaged}, partial);
        QVERIFY(failed && failed->failure);
        QCOMPARE(failed->failure->kind, QStringLiteral("read"));
        QVERIFY2(failed->failure->message.contains(damaged), qPrintable(failed->failure->message));
        QVERIFY(partial.text.startsWith(first));
        QCOMPARE(failed->matches, qint64(partial.timestamps.size()));

        // Merged with a file that fails: the other file's blocks in flight are waited for.
        const QString plain = m_dir.filePath(QStringLiteral("plain-next-to-damaged.jsonl"));
        QVERIFY(writeFile(plain, first + second + first + second));
        Collected merged;
        const Result<LogScanReport> mergeFailed =
            LogStreamScan(LogQuery(), linesOutput(), smallBlocks(1024))
                .run({plain, damaged}, merged);
        QVERIFY(mergeFailed && mergeFailed->failure);
    }

    void severalFilesAreMergedByTime()
    {
        QByteArray files[3];
        std::vector<qint64> all;
        RandomLogEntries random(23);
        for (int f = 0; f < 3; ++f) {
            qint64 time = 0;
            for (int i = 0; i < 3000; ++i) {
                time += random.bounded(5); // equal times across files too
                files[f] += entryLine(time, QStringLiteral("file %1 entry %2").arg(f).arg(i));
                all.push_back(time);
            }
        }
        QStringList paths;
        for (int f = 0; f < 3; ++f) {
            paths.append(m_dir.filePath(QStringLiteral("merge-%1.jsonl").arg(f)));
            QVERIFY(writeFile(paths.last(), files[f]));
        }
        Collected found;
        const Result<LogScanReport> report =
            LogStreamScan(LogQuery(), linesOutput(), smallBlocks(2048)).run(paths, found);
        QVERIFY(report);
        std::stable_sort(all.begin(), all.end());
        QCOMPARE(found.timestamps, all);
        // Equal times keep the order of the files.
        const QList<QByteArray> lines = found.text.split('\n');
        for (qsizetype i = 1; i + 1 < lines.size(); ++i) {
            if (found.timestamps[std::size_t(i)] != found.timestamps[std::size_t(i - 1)])
                continue;
            QVERIFY(fileOf(lines[i]) >= fileOf(lines[i - 1]));
        }
    }

    void aFollowedFileIsReadOnAcrossRotationAndTruncation()
    {
        const QString path = m_dir.filePath(QStringLiteral("followed.jsonl"));
        QVERIFY(writeFile(path, "one\ntwo\n"));
        Result<std::unique_ptr<LogLineSource>> opened =
            LogLineSource::open(path, {1024, 1024, true});
        QVERIFY(opened);
        LogLineSource &source = **opened;
        QCOMPARE(textOf(source.next()), QByteArray("one\ntwo\n"));
        QCOMPARE(textOf(source.next()), QByteArray());

        // A line written in two parts comes out whole.
        QVERIFY(writeFile(path, "thr", QIODevice::Append));
        QCOMPARE(textOf(source.next()), QByteArray());
        QVERIFY(writeFile(path, "ee\n", QIODevice::Append));
        QCOMPARE(textOf(source.next()), QByteArray("three\n"));

        // Rotated by rename: the old file's last lines, then the new file from its start.
        const QString rotated = path + QStringLiteral(".1");
        QVERIFY(QFile::rename(path, rotated));
        QVERIFY(writeFile(rotated, "four\n", QIODevice::Append));
        Result<LogLineBlock> block = source.next();
        QCOMPARE(textOf(block), QByteArray("four\n"));
        QVERIFY(!block->startsFile);
        QCOMPARE(textOf(source.next()), QByteArray());
        QVERIFY(writeFile(path, "five\nsix\n"));
        block = source.next();
        QCOMPARE(textOf(block), QByteArray("five\nsix\n"));
        QVERIFY(block->startsFile); // its line numbers start again

        // Truncated in place: read again from the start.
        QVERIFY(writeFile(path, "7\n", QIODevice::WriteOnly | QIODevice::Truncate));
        block = source.next();
        QCOMPARE(textOf(block), QByteArray("7\n"));
        QVERIFY(block->startsFile);
        QCOMPARE(textOf(source.next()), QByteArray());
    }

    void followHandsOverNewMatchesUntilStopped()
    {
        const QString path = m_dir.filePath(QStringLiteral("follow-scan.jsonl"));
        QVERIFY(writeFile(path, entryLine(1, QStringLiteral("old error"), LogLevel::Error) +
                                    entryLine(2, QStringLiteral("old info"))));
        LogQuery query;
        query.acceptFrom(LogLevel::Error);
        Collected found;
        std::atomic_bool stop{false};
        Result<LogScanReport> report = makeError(QString());
        std::thread scanning([&] {
            report = LogStreamScan(query, linesOutput(), smallBlocks()).follow(path, found, stop);
        });
        QVERIFY(waitFor([&] { return found.caughtUpCount > 0; }));
        QVERIFY(writeFile(path,
                          entryLine(3, QStringLiteral("new info")) +
                              entryLine(4, QStringLiteral("new error"), LogLevel::Error),
                          QIODevice::Append));
        QVERIFY(waitFor([&] { return found.caughtUpCount > 3; }));
        stop = true;
        scanning.join();
        QVERIFY2(report, qPrintable(report.errorMessage()));
        QCOMPARE(found.timestamps, (std::vector<qint64>{1, 4}));
    }

    void followStopsDuringItsFirstPass()
    {
        QByteArray contents;
        for (int i = 0; i < 20000; ++i)
            contents += entryLine(i, QStringLiteral("entry"));
        const QString path = m_dir.filePath(QStringLiteral("long-first-pass.jsonl"));
        QVERIFY(writeFile(path, contents));
        std::atomic_bool stop{false};
        struct StopAtOnce final : LogScanConsumer
        {
            std::atomic_bool &stop;
            qint64 taken = 0;
            explicit StopAtOnce(std::atomic_bool &flag) : stop(flag) {}
            void take(const LogScanBlock &, std::size_t first, std::size_t last) override
            {
                taken += qint64(last - first);
                stop = true;
            }
        } consumer(stop);
        const Result<LogScanReport> report =
            LogStreamScan(LogQuery(), linesOutput(), smallBlocks(4096))
                .follow(path, consumer, stop);
        QVERIFY(report);
        QVERIFY2(consumer.taken > 0 && consumer.taken < 1000,
                 qPrintable(QString::number(consumer.taken)));
    }

private:
    static QByteArray gzip(const QByteArray &data)
    {
        QProcess process;
        process.start(QStringLiteral("gzip"), {QStringLiteral("-c")});
        process.write(data);
        process.closeWriteChannel();
        process.waitForFinished();
        return process.readAllStandardOutput();
    }

    static int fileOf(const QByteArray &line)
    {
        const qsizetype at = line.indexOf("file ");
        return at < 0 ? -1 : line.at(at + 5) - '0';
    }

    static QByteArray textOf(const Result<LogLineBlock> &block)
    {
        return block ? block->text.first(block->size) : QByteArray("error");
    }

    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestLogStreamScan)
#include "test_log_stream_scan.moc"
