// The parallel JSON Lines loader: loads exactly what parseJsonLine reads, in file order, and
// reports bad lines with their file and line number without stopping.
#include "RandomLogEntries.h"

#include "log/JsonLineFormatter.h"
#include "logstore/JsonlLineParser.h"
#include "logstore/JsonlLoader.h"
#include "logstore/LogStore.h"
#include "logstore/LogTimestamp.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;
using necrocode::testing::RandomLogEntries;

namespace {

QByteArray line(const char *message, const char *level = "INFO")
{
    return QByteArray("{\"timestamp\":\"2026-11-27T18:22:01.123+09:00\",\"level\":\"") + level +
           "\",\"logger\":\"t\",\"message\":\"" + message + "\",\"extra\":{}}";
}

JsonlLoader::Options smallBlocks(qsizetype blockBytes, int workers = 2)
{
    JsonlLoader::Options options;
    options.blockBytes = blockBytes;
    options.workerThreads = workers;
    return options;
}

} // namespace

class TestJsonlLoader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QVERIFY(m_dir.isValid()); }

    void loadsWhatParseJsonLineReads_data()
    {
        QTest::addColumn<qsizetype>("blockBytes");
        QTest::addColumn<int>("workers");
        QTest::newRow("one block") << JsonlLoader::kDefaultBlockBytes << 2;
        QTest::newRow("many blocks, one worker") << qsizetype(4096) << 1;
        QTest::newRow("many blocks, three workers") << qsizetype(1000) << 3;
        QTest::newRow("blocks shorter than lines") << qsizetype(16) << 2;
    }

    void loadsWhatParseJsonLineReads()
    {
        QFETCH(qsizetype, blockBytes);
        QFETCH(int, workers);
        RandomLogEntries random(21);
        QByteArray contents;
        std::vector<LogEntry> expected;
        for (const LogEntry &entry : random.entries(3000)) {
            const QByteArray text = formatJsonLine(entry);
            contents += text;
            expected.push_back(parseJsonLine(text.chopped(1)).value());
        }
        const QString path = write(QStringLiteral("random.jsonl"), contents);
        LogStore store;
        const Result<JsonlLoadReport> report =
            JsonlLoader(smallBlocks(blockBytes, workers)).load({path}, store);
        QVERIFY2(report, qPrintable(report.errorMessage()));
        QCOMPARE(report->badLineCount, 0);
        QCOMPARE(report->lines, 3000);
        QCOMPARE(report->entries, 3000);
        QCOMPARE(report->bytes, contents.size());
        QVERIFY(!report->cancelled);
        QCOMPARE(store.size(), 3000);
        for (qsizetype row = 0; row < store.size(); ++row)
            QCOMPARE(store.entry(row), expected[std::size_t(row)]);
    }

    void badLinesAreReportedWithTheirNumbers()
    {
        const QByteArray contents = line("first") + "\n" +                                 // 1
                                    "not json at all\n" +                                  // 2
                                    "[1,2,3]\n" +                                          // 3
                                    "{\"level\":\"INFO\",\"message\":\"x\"}\n" +           // 4
                                    line("bad level", "LOUD") + "\n" +                     // 5
                                    "{\"timestamp\":\"yesterday\",\"level\":\"INFO\"}\n" + // 6
                                    "\n" +                                                 // 7
                                    "   \n" +                                              // 8
                                    line("second") + "\n" +                                // 9
                                    "{\"timestamp\":\"2026-11-27T18:22:01Z\",\"level\":\"INFO\","
                                    "\"extra\":{\"a\":tru}}\n" + // 10
                                    line("third").chopped(9) +
                                    "\n" +                        // 11: truncated
                                    line("two values") + " 5\n" + // 12
                                    line("fourth") + "\n";        // 13
        const QString path = write(QStringLiteral("bad.jsonl"), contents);
        LogStore store;
        const Result<JsonlLoadReport> report = JsonlLoader(smallBlocks(64)).load({path}, store);
        QVERIFY(report);
        QCOMPARE(report->lines, 13);
        QCOMPARE(report->entries, 3);
        QCOMPARE(report->badLineCount, 8);
        QList<qint64> numbers;
        for (const JsonlBadLine &bad : report->badLines) {
            numbers.append(bad.line);
            QCOMPARE(bad.file, path);
            QVERIFY(!bad.reason.isEmpty());
        }
        QCOMPARE(numbers, (QList<qint64>{2, 3, 4, 5, 6, 10, 11, 12}));
        QCOMPARE(store.message(0), QStringLiteral("first"));
        QCOMPARE(store.message(1), QStringLiteral("second"));
        QCOMPARE(store.message(2), QStringLiteral("fourth"));
    }

    void onlyTheFirstHundredBadLinesAreListed()
    {
        QByteArray contents;
        for (int i = 0; i < 250; ++i)
            contents += "garbage\n" + line("ok") + "\n";
        const QString path = write(QStringLiteral("many-bad.jsonl"), contents);
        LogStore store;
        const Result<JsonlLoadReport> report = JsonlLoader(smallBlocks(512)).load({path}, store);
        QCOMPARE(report->badLineCount, 250);
        QCOMPARE(report->badLines.size(), JsonlLoader::kMaxReportedBadLines);
        QCOMPARE(report->badLines.last().line, 199);
        QCOMPARE(store.size(), 250);
    }

    void lineEndingsAndTheLastLine()
    {
        const QByteArray contents = "\xEF\xBB\xBF" + line("crlf") + "\r\n\r\n" + line("lf") + "\n" +
                                    line("no newline at the end");
        const QString path = write(QStringLiteral("endings.jsonl"), contents);
        LogStore store;
        const Result<JsonlLoadReport> report = JsonlLoader(smallBlocks(32)).load({path}, store);
        QCOMPARE(report->badLineCount, 0);
        QCOMPARE(report->lines, 4);
        QCOMPARE(store.size(), 3);
        QCOMPARE(store.message(0), QStringLiteral("crlf"));
        QCOMPARE(store.message(1), QStringLiteral("lf"));
        QCOMPARE(store.message(2), QStringLiteral("no newline at the end"));
    }

    void linesLongerThanABlock()
    {
        const QByteArray longMessage(100000, 'x');
        const QByteArray contents =
            line("short") + "\n" + line(longMessage.constData()) + "\n" + line("after") + "\n";
        const QString path = write(QStringLiteral("long.jsonl"), contents);
        LogStore store;
        const Result<JsonlLoadReport> report = JsonlLoader(smallBlocks(1024)).load({path}, store);
        QCOMPARE(report->entries, 3);
        QCOMPARE(store.messageUtf8(1), QByteArrayView(longMessage));
        QCOMPARE(store.message(2), QStringLiteral("after"));
    }

    void aLineOverTheLimitIsABadLineNotAnEntry()
    {
        const QByteArray huge(3 * 1024 * 1024, 'x');
        const QByteArray contents =
            line("before") + "\n" + line(huge.constData()) + "\n" + line("after") + "\n";
        const QString path = write(QStringLiteral("huge-line.jsonl"), contents);
        JsonlLoader::Options options = smallBlocks(64 * 1024);
        options.maxLineBytes = 1024 * 1024;
        LogStore store;
        const Result<JsonlLoadReport> report = JsonlLoader(options).load({path}, store);
        QVERIFY(report);
        QCOMPARE(report->entries, 2);
        QCOMPARE(report->badLineCount, 1);
        QCOMPARE(report->badLines.value(0).line, 2);
        QVERIFY(report->badLines.value(0).reason.contains(QStringLiteral("longer than 1048576")));
        QCOMPARE(store.message(1), QStringLiteral("after"));
    }

    void aPipeWithoutNewlinesStaysBounded()
    {
        const QString fifo = m_dir.filePath(QStringLiteral("endless.pipe"));
        QVERIFY(QProcess::execute(QStringLiteral("mkfifo"), {fifo}) == 0);
        QProcess writer;
        writer.start(QStringLiteral("/bin/sh"),
                     {QStringLiteral("-c"),
                      QStringLiteral("{ head -c 200000000 /dev/zero; printf '\\n%2\\n'; } > '%1'")
                          .arg(fifo, QString::fromUtf8(line("tail")))});
        QVERIFY(writer.waitForStarted());
        JsonlLoader::Options options;
        options.maxLineBytes = 1024 * 1024;
        LogStore store;
        const Result<JsonlLoadReport> report = JsonlLoader(options).load({fifo}, store);
        QVERIFY(writer.waitForFinished(30000));
        QVERIFY(report);
        qInfo("200 MB without a newline through a pipe: %lld bad line(s), %lld entries",
              report->badLineCount, report->entries);
        QCOMPARE(report->badLineCount, 1);
        QCOMPARE(report->entries, 1);
        QCOMPARE(store.message(0), QStringLiteral("tail"));
    }

    void severalFilesLoadInOrder()
    {
        const QString first =
            write(QStringLiteral("a.jsonl"), line("a1") + "\n" + "oops\n" + line("a2") + "\n");
        const QString empty = write(QStringLiteral("empty.jsonl"), QByteArray());
        const QString second =
            write(QStringLiteral("b.jsonl"), line("b1") + "\n" + line("b2") + "\n" + "oops\n");
        LogStore store;
        const Result<JsonlLoadReport> report =
            JsonlLoader(smallBlocks(100)).load({first, empty, second}, store);
        QCOMPARE(store.size(), 4);
        QCOMPARE(store.message(0), QStringLiteral("a1"));
        QCOMPARE(store.message(1), QStringLiteral("a2"));
        QCOMPARE(store.message(2), QStringLiteral("b1"));
        QCOMPARE(store.message(3), QStringLiteral("b2"));
        QCOMPARE(report->lines, 6);
        QCOMPARE(report->badLines,
                 (QList<JsonlBadLine>{{first, 2, report->badLines.value(0).reason},
                                      {second, 3, report->badLines.value(1).reason}}));
    }

    void severalFilesAreMergedByTime()
    {
        // Two workers' logs that overlap in time, and a rotated part given last.
        const auto at = [](int second, const char *message) -> QByteArray {
            return QByteArray("{\"timestamp\":\"2026-11-27T18:22:") +
                   QByteArray::number(second).rightJustified(2, '0') +
                   ".000+09:00\",\"level\":\"INFO\",\"message\":\"" + message + "\"}\n";
        };
        const QString first =
            write(QStringLiteral("worker-1.jsonl"),
                  at(10, "w1 a") + at(12, "w1 b") + at(12, "w1 c") + at(15, "w1 d"));
        const QString second = write(QStringLiteral("worker-2.jsonl"),
                                     at(11, "w2 a") + at(12, "w2 b") + at(20, "w2 c"));
        const QString rotated =
            write(QStringLiteral("worker-1.jsonl.1"), at(1, "old a") + at(2, "old b"));
        LogStore store;
        const Result<JsonlLoadReport> report =
            JsonlLoader(smallBlocks(60)).load({first, second, rotated}, store);
        QVERIFY(report);
        QCOMPARE(report->entries, 9);
        QStringList messages;
        for (qsizetype row = 0; row < store.size(); ++row)
            messages << store.message(row);
        // Equal times keep the order the files were given in.
        QCOMPARE(
            messages,
            (QStringList{QStringLiteral("old a"), QStringLiteral("old b"), QStringLiteral("w1 a"),
                         QStringLiteral("w2 a"), QStringLiteral("w1 b"), QStringLiteral("w1 c"),
                         QStringLiteral("w2 b"), QStringLiteral("w1 d"), QStringLiteral("w2 c")}));
    }

    void gzipFilesLoadAsTheirLines()
    {
        const QString plain = write(QStringLiteral("rotated.jsonl"),
                                    line("z1") + "\n" + "oops\n" + line("z2") + "\n");
        QCOMPARE(QProcess::execute(QStringLiteral("gzip"), {plain}), 0);
        LogStore store;
        const Result<JsonlLoadReport> report =
            JsonlLoader(smallBlocks(100)).load({plain + QStringLiteral(".gz")}, store);
        QVERIFY2(report, qPrintable(report.errorMessage()));
        QCOMPARE(store.size(), 2);
        QCOMPARE(store.message(1), QStringLiteral("z2"));
        QCOMPARE(report->badLineCount, 1);
        QCOMPARE(report->badLines.value(0).line, 2);

        // A damaged one fails before anything is loaded, naming the file.
        QFile compressed(plain + QStringLiteral(".gz"));
        QVERIFY(compressed.open(QIODevice::ReadWrite) && compressed.resize(compressed.size() - 10));
        compressed.close();
        LogStore untouched;
        const Result<JsonlLoadReport> failed =
            JsonlLoader().load({plain + QStringLiteral(".gz")}, untouched);
        QVERIFY(!failed);
        QVERIFY2(failed.errorMessage().contains(QStringLiteral("damaged compressed data")),
                 qPrintable(failed.errorMessage()));
        QCOMPARE(untouched.size(), 0);
    }

    void aMissingFileFailsBeforeAnythingIsLoaded()
    {
        const QString present = write(QStringLiteral("present.jsonl"), line("x") + "\n");
        const QString missing = m_dir.filePath(QStringLiteral("missing.jsonl"));
        LogStore store;
        const Result<JsonlLoadReport> report = JsonlLoader().load({present, missing}, store);
        QVERIFY(!report);
        QVERIFY(report.errorMessage().contains(missing));
        QCOMPARE(store.size(), 0);
        QVERIFY(!JsonlLoader().load({m_dir.path()}, store));
    }

    void progressReachesTheTotal()
    {
        QByteArray contents;
        for (int i = 0; i < 200; ++i)
            contents += line("progress") + "\n";
        const QString path = write(QStringLiteral("progress.jsonl"), contents);
        QList<qint64> done;
        JsonlLoader::Options options = smallBlocks(1000);
        options.progress = [&](qint64 bytes, qint64 total) {
            QCOMPARE(total, contents.size());
            done.append(bytes);
        };
        LogStore store;
        QVERIFY(JsonlLoader(options).load({path}, store));
        QVERIFY(done.size() > 5);
        QVERIFY(std::is_sorted(done.begin(), done.end()));
        QCOMPARE(done.last(), contents.size());
    }

    void cancellingStopsAfterTheCurrentBlock()
    {
        QByteArray contents;
        for (int i = 0; i < 2000; ++i)
            contents += line("cancel me") + "\n";
        const QString path = write(QStringLiteral("cancel.jsonl"), contents);
        std::atomic_bool cancel = false;
        JsonlLoader::Options options = smallBlocks(2000);
        options.cancel = &cancel;
        options.progress = [&](qint64, qint64) { cancel = true; };
        LogStore store;
        const Result<JsonlLoadReport> report = JsonlLoader(options).load({path}, store);
        QVERIFY(report->cancelled);
        QVERIFY(store.size() > 0);
        QVERIFY(store.size() < 2000);
        QCOMPARE(report->entries, store.size());
        QVERIFY(report->bytes < contents.size());
    }

    void extraIsKeptCompactAndIndexed()
    {
        const QByteArray contents =
            "{ \"timestamp\" : \"2026-11-27T18:22:01.123+09:00\" , \"level\":"
            "\"warn\", \"message\":\"spaced\", \"extra\" : { \"service\" : "
            "\"llm\", \"duration_seconds\": 2, \"note\": \"a b\","
            " \"list\": [1, 2] } }\n"
            "{\"timestamp\":\"2026-11-27T18:22:01Z\",\"level\":\"INFO\","
            "\"\\u0065xtra\":{\"operation\":\"upload\"}}\n";
        const QString path = write(QStringLiteral("extra.jsonl"), contents);
        LogStore store;
        const Result<JsonlLoadReport> report = JsonlLoader().load({path}, store);
        QCOMPARE(report->badLineCount, 0);
        QCOMPARE(store.level(0), LogLevel::Warning);
        QCOMPARE(store.extraJson(0),
                 QByteArrayView("{\"service\":\"llm\",\"duration_seconds\":2,\"note\":\"a b\","
                                "\"list\":[1,2]}"));
        QCOMPARE(store.service(0), QStringLiteral("llm"));
        QCOMPARE(store.durationSeconds(0), 2.0f);
        QCOMPARE(store.operation(1), QStringLiteral("upload"));
        QCOMPARE(store.extra(1),
                 (QJsonObject{{QStringLiteral("operation"), QStringLiteral("upload")}}));
    }

    void timestampFormsAgreeWithParseIsoTimestamp_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("formatter") << QByteArray("2026-11-27T18:22:01.123+09:00");
        QTest::newRow("negative offset") << QByteArray("1999-12-31T23:59:59.999-03:30");
        QTest::newRow("utc") << QByteArray("2026-02-28T00:00:00.000Z");
        QTest::newRow("no milliseconds") << QByteArray("2024-02-29T12:00:00+00:00");
        QTest::newRow("leap day") << QByteArray("2000-02-29T01:02:03.004+01:00");
        QTest::newRow("epoch seconds") << QByteArray("1764265321.5");
        QTest::newRow("offset without colon") << QByteArray("2026-11-27T18:22:01+0900");
    }

    void timestampFormsAgreeWithParseIsoTimestamp()
    {
        QFETCH(QByteArray, text);
        const auto reference = parseIsoTimestamp(text);
        QVERIFY(reference);
        QCOMPARE(parseLogTimestamp(std::string_view(text.constData(), std::size_t(text.size()))),
                 reference);
    }

    void impossibleDatesAreRejected()
    {
        for (const char *text : {"2026-02-30T00:00:00.000Z", "2026-13-01T00:00:00.000Z",
                                 "2026-01-01T25:00:00.000Z", "2026-01-01T00:00:00.000+99:00"})
            QCOMPARE(parseLogTimestamp(text), parseIsoTimestamp(text));
    }

private:
    QString write(const QString &name, const QByteArray &contents)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(contents) != contents.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestJsonlLoader)
#include "test_jsonl_loader.moc"
