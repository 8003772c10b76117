// `necrocode-runner logs` end to end: the built executable filters a log file, counts, writes
// JSON Lines, text or CSV with all fields or those named by --fields, figures with --stats
// (known percentiles of a made-up log), reads gzip files (exit code 1 when damaged), standard
// input and several files merged by time, follows a file across rotation, and refuses bad
// arguments with exit code 2 and a message.
#include "log/JsonLineFormatter.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;

namespace {

struct Run
{
    int exitCode = -1;
    QList<QByteArray> lines; // stdout, one entry per line
    QByteArray output;       // stdout as written
    QString errors;          // stderr
};

LogEntry makeEntry(qint64 timestampMs, LogLevel level, const QString &message,
                   const QString &runnerId, const QString &service)
{
    LogEntry e;
    e.timestampMs = timestampMs;
    e.utcOffsetSeconds = 9 * 3600;
    e.level = level;
    e.logger = QStringLiteral("necrocode.runner.llm_client");
    e.message = message;
    e.runnerId = runnerId;
    e.extra.insert(QStringLiteral("service"), service);
    return e;
}

} // namespace

class TestLogsCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_entries = {
            makeEntry(1'764'265'321'000, LogLevel::Info, QStringLiteral("LLM request sent"),
                      QStringLiteral("runner-1"), QStringLiteral("llm")),
            makeEntry(1'764'265'322'000, LogLevel::Warning, QStringLiteral("Retrying request"),
                      QStringLiteral("runner-1"), QStringLiteral("llm")),
            makeEntry(1'764'265'323'000, LogLevel::Error, QStringLiteral("Slot allocation failed"),
                      QStringLiteral("runner-2"), QStringLiteral("repo_pool")),
            makeEntry(1'764'265'324'000, LogLevel::Debug, QStringLiteral("tick"),
                      QStringLiteral("runner-2"), QStringLiteral("repo_pool")),
        };
        QByteArray contents;
        for (const LogEntry &e : m_entries)
            contents += formatJsonLine(e);
        contents += "this line is broken\n";
        m_path = m_dir.filePath(QStringLiteral("run.jsonl"));
        QFile file(m_path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(contents);
    }

    void printsEveryEntryWithoutFilters()
    {
        const Run run = logs({m_path});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.lines.size(), 4);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(run.lines[i] + '\n', formatJsonLine(m_entries[std::size_t(i)]));
        QVERIFY2(run.errors.contains(QStringLiteral(":5:")), qPrintable(run.errors));
        QVERIFY(run.errors.contains(QStringLiteral("skipped 1 bad line")));
    }

    void filters_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QList<int>>("expected");
        QTest::newRow("level and above")
            << QStringList{QStringLiteral("--level"), QStringLiteral("warning")}
            << QList<int>{1, 2};
        QTest::newRow("runner") << QStringList{QStringLiteral("--runner"),
                                               QStringLiteral("runner-2")}
                                << QList<int>{2, 3};
        QTest::newRow("service") << QStringList{QStringLiteral("--service"), QStringLiteral("llm")}
                                 << QList<int>{0, 1};
        QTest::newRow("grep ignores case")
            << QStringList{QStringLiteral("--grep"), QStringLiteral("REQUEST")} << QList<int>{0, 1};
        QTest::newRow("grep with case")
            << QStringList{QStringLiteral("--grep"), QStringLiteral("REQUEST"),
                           QStringLiteral("--case-sensitive")}
            << QList<int>{};
        QTest::newRow("regex") << QStringList{QStringLiteral("--regex"),
                                              QStringLiteral("^(slot|tick)")}
                               << QList<int>{2, 3};
        QTest::newRow("time range")
            << QStringList{QStringLiteral("--since"),
                           QStringLiteral("2025-11-28T02:42:02.000+09:00"),
                           QStringLiteral("--until"), QStringLiteral("1764265323")}
            << QList<int>{1, 2};
        QTest::newRow("everything at once")
            << QStringList{QStringLiteral("--level"),
                           QStringLiteral("INFO"),
                           QStringLiteral("--runner"),
                           QStringLiteral("runner-1"),
                           QStringLiteral("--logger"),
                           QStringLiteral("necrocode.runner.llm_client"),
                           QStringLiteral("--grep"),
                           QStringLiteral("retry")}
            << QList<int>{1};
    }

    void filters()
    {
        QFETCH(QStringList, options);
        QFETCH(QList<int>, expected);
        const Run run = logs(QStringList{m_path} + options);
        QCOMPARE(run.exitCode, 0);
        QList<QByteArray> wanted;
        for (const int index : expected)
            wanted.append(formatJsonLine(m_entries[std::size_t(index)]).chopped(1));
        QCOMPARE(run.lines, wanted);

        const Run counted = logs(QStringList{m_path, QStringLiteral("--count")} + options);
        QCOMPARE(counted.exitCode, 0);
        QCOMPARE(counted.lines, QList<QByteArray>{QByteArray::number(expected.size())});
    }

    void badArgumentsExitWithTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown level")
            << QStringList{m_path, QStringLiteral("--level"), QStringLiteral("LOUD")}
            << QStringLiteral("unknown level 'LOUD'");
        QTest::newRow("bad regex")
            << QStringList{m_path, QStringLiteral("--regex"), QStringLiteral("(")}
            << QStringLiteral("invalid regular expression");
        QTest::newRow("bad time") << QStringList{m_path, QStringLiteral("--since"),
                                                 QStringLiteral("soon")}
                                  << QStringLiteral("--since: 'soon'");
        QTest::newRow("missing file") << QStringList{m_dir.filePath(QStringLiteral("nope.jsonl"))}
                                      << QStringLiteral("no such file");
        QTest::newRow("no file") << QStringList{} << QStringLiteral("no log file given");
        QTest::newRow("unknown option")
            << QStringList{m_path, QStringLiteral("--colour")} << QStringLiteral("colour");
        QTest::newRow("grep and regex")
            << QStringList{m_path, QStringLiteral("--grep"), QStringLiteral("a"),
                           QStringLiteral("--regex"), QStringLiteral("b")}
            << QStringLiteral("cannot be used together");
        QTest::newRow("count and stats")
            << QStringList{m_path, QStringLiteral("--count"), QStringLiteral("--stats")}
            << QStringLiteral("--count and --stats cannot be used together");
        QTest::newRow("unknown output")
            << QStringList{m_path, QStringLiteral("--output"), QStringLiteral("xml")}
            << QStringLiteral("--output: unknown format 'xml'");
        QTest::newRow("unknown field")
            << QStringList{m_path, QStringLiteral("--fields"), QStringLiteral("level,colour")}
            << QStringLiteral("--fields: unknown field 'colour'");
        QTest::newRow("follow two files") << QStringList{m_path, m_path, QStringLiteral("--follow")}
                                          << QStringLiteral("--follow needs exactly one file");
        QTest::newRow("follow and count")
            << QStringList{m_path, QStringLiteral("--follow"), QStringLiteral("--count")}
            << QStringLiteral("cannot be used with --count");
        QTest::newRow("a directory")
            << QStringList{m_dir.path()} << QStringLiteral("is a directory");
        QTest::newRow("empty path into extra")
            << QStringList{m_path, QStringLiteral("--fields"), QStringLiteral("extra.")}
            << QStringLiteral("unknown field 'extra.'");
    }

    void fieldsAreProjectedInTheGivenOrder()
    {
        const Run run = logs({m_path, QStringLiteral("--level"), QStringLiteral("WARNING"),
                              QStringLiteral("--fields"),
                              QStringLiteral("message,extra.service,level,extra.absent")});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.lines,
                 (QList<QByteArray>{
                     R"({"message":"Retrying request","extra.service":"llm","level":"WARNING",)"
                     R"("extra.absent":null})",
                     R"({"message":"Slot allocation failed","extra.service":"repo_pool",)"
                     R"("level":"ERROR","extra.absent":null})"}));
    }

    void textShowsOneReadableLinePerEntry()
    {
        const Run run = logs({m_path, QStringLiteral("--level"), QStringLiteral("WARNING"),
                              QStringLiteral("--output"), QStringLiteral("text")});
        QCOMPARE(run.exitCode, 0);
        // The time as written (UTC+09:00), the level padded, runner, logger, message, extra.
        QCOMPARE(run.lines,
                 (QList<QByteArray>{"2025-11-28 02:42:02.000 WARNING  runner-1 "
                                    "necrocode.runner.llm_client  Retrying request  service=llm",
                                    "2025-11-28 02:42:03.000 ERROR    runner-2 "
                                    "necrocode.runner.llm_client  Slot allocation failed  "
                                    "service=repo_pool"}));
        const Run picked = logs({m_path, QStringLiteral("--grep"), QStringLiteral("tick"),
                                 QStringLiteral("--output"), QStringLiteral("text"),
                                 QStringLiteral("--fields"), QStringLiteral("level,runner_id")});
        QCOMPARE(picked.lines, QList<QByteArray>{"DEBUG\trunner-2"});
    }

    void statsGiveCountsPercentilesAndTokens()
    {
        // 100 calls of 1..100 ms to one operation, two LLM answers of two models, one error.
        QByteArray contents;
        for (int i = 1; i <= 100; ++i) {
            LogEntry e =
                makeEntry(1'764'265'400'000 + i, LogLevel::Info, QStringLiteral("call %1").arg(i),
                          QStringLiteral("runner-1"), QStringLiteral("task_registry"));
            e.extra.insert(QStringLiteral("operation"), QStringLiteral("update_status"));
            e.extra.insert(QStringLiteral("duration_seconds"), i / 1000.0);
            contents += formatJsonLine(e);
        }
        const QList<std::tuple<QString, int, int>> answers{{QStringLiteral("model-a"), 300, 200},
                                                           {QStringLiteral("model-b"), 50, 25}};
        for (const auto &[model, prompt, completion] : answers) {
            LogEntry e = makeEntry(1'764'265'500'000, LogLevel::Info,
                                   QStringLiteral("LLM response received"),
                                   QStringLiteral("runner-2"), QStringLiteral("llm"));
            e.extra.insert(QStringLiteral("llm_model"), model);
            e.extra.insert(QStringLiteral("prompt_tokens"), prompt);
            e.extra.insert(QStringLiteral("completion_tokens"), completion);
            e.extra.insert(QStringLiteral("request_duration_seconds"), 2.0);
            contents += formatJsonLine(e);
        }
        contents +=
            formatJsonLine(makeEntry(1'764'265'600'000, LogLevel::Error, QStringLiteral("failed"),
                                     QStringLiteral("runner-2"), QStringLiteral("llm")));
        const QString path = m_dir.filePath(QStringLiteral("stats.jsonl"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(contents);
        file.close();

        const Run plain = logs({path, QStringLiteral("--stats")});
        QCOMPARE(plain.exitCode, 0);
        const QJsonObject stats = QJsonDocument::fromJson(plain.output).object();
        QCOMPARE(stats.value(QStringLiteral("entries")).toInt(), 103);
        QCOMPARE(stats.value(QStringLiteral("by_level")).toObject(),
                 (QJsonObject{{QStringLiteral("INFO"), 102}, {QStringLiteral("ERROR"), 1}}));
        QCOMPARE(stats.value(QStringLiteral("by_service")).toObject(),
                 (QJsonObject{{QStringLiteral("task_registry"), 100}, {QStringLiteral("llm"), 3}}));
        const QJsonObject latency = stats.value(QStringLiteral("latency_seconds")).toObject();
        QCOMPARE(latency.keys(), QStringList{QStringLiteral("task_registry/update_status")});
        const QJsonObject figures =
            latency.value(QStringLiteral("task_registry/update_status")).toObject();
        QCOMPARE(figures.value(QStringLiteral("count")).toInt(), 100);
        QCOMPARE(figures.value(QStringLiteral("p50")).toDouble(), 0.050);
        QCOMPARE(figures.value(QStringLiteral("p95")).toDouble(), 0.095);
        QCOMPARE(figures.value(QStringLiteral("p99")).toDouble(), 0.099);
        QCOMPARE(figures.value(QStringLiteral("max")).toDouble(), 0.100);
        const QJsonObject models = stats.value(QStringLiteral("llm_tokens_by_model")).toObject();
        QCOMPARE(models.value(QStringLiteral("model-a")).toObject(),
                 (QJsonObject{{QStringLiteral("calls"), 1},
                              {QStringLiteral("prompt_tokens"), 300},
                              {QStringLiteral("completion_tokens"), 200},
                              {QStringLiteral("total_tokens"), 500}}));
        QCOMPARE(models.value(QStringLiteral("model-b"))
                     .toObject()
                     .value(QStringLiteral("total_tokens"))
                     .toInt(),
                 75);

        // No price known: no cost. With prices (as the runner reads them): cost per model.
        QVERIFY(!models.value(QStringLiteral("model-a"))
                     .toObject()
                     .contains(QStringLiteral("cost_usd")));
        QProcessEnvironment priced = QProcessEnvironment::systemEnvironment();
        priced.insert(
            QStringLiteral("NECROCODE_PRICES"),
            QStringLiteral(R"({"model-a":{"input_per_million":2,"output_per_million":10}})"));
        const Run pricedRun = logs({path, QStringLiteral("--stats")}, priced);
        QCOMPARE(pricedRun.exitCode, 0);
        const QJsonObject pricedModels = QJsonDocument::fromJson(pricedRun.output)
                                             .object()
                                             .value(QStringLiteral("llm_tokens_by_model"))
                                             .toObject();
        // 300 × 2 + 200 × 10 per million tokens.
        QCOMPARE(pricedModels.value(QStringLiteral("model-a"))
                     .toObject()
                     .value(QStringLiteral("cost_usd"))
                     .toDouble(),
                 0.0026);
        QVERIFY(!pricedModels.value(QStringLiteral("model-b"))
                     .toObject()
                     .contains(QStringLiteral("cost_usd")));

        // Filters apply first: only the error.
        const Run errors = logs(
            {path, QStringLiteral("--stats"), QStringLiteral("--level"), QStringLiteral("ERROR")});
        QCOMPARE(QJsonDocument::fromJson(errors.output)
                     .object()
                     .value(QStringLiteral("entries"))
                     .toInt(),
                 1);
    }

    void statsReadTheExtraFieldsAsJsonDoes()
    {
        // Many blocks of lines and several services: every figure is taken from the line's own
        // fields, whatever the scan does with its blocks afterwards.
        const QStringList services{QStringLiteral("task_registry"), QStringLiteral("repo_pool"),
                                   QStringLiteral("artifact_store"), QStringLiteral("llm")};
        QByteArray contents;
        for (int i = 0; i < 20000; ++i) {
            LogEntry e = makeEntry(1'764'265'400'000 + i, LogLevel::Info,
                                   QStringLiteral("call %1 ").arg(i) + QString(60, u'x'),
                                   QStringLiteral("runner-1"), services[i % services.size()]);
            e.extra.insert(QStringLiteral("operation"), QStringLiteral("op%1").arg(i % 3));
            contents += formatJsonLine(e);
        }
        // A duration written as a string is no latency; a name with escapes is read unescaped;
        // a token count that is not a whole number counts the call, not the tokens.
        LogEntry quoted = makeEntry(1'764'265'500'000, LogLevel::Info, QStringLiteral("odd"),
                                    QStringLiteral("runner-2"), QStringLiteral("llm"));
        quoted.extra.insert(QStringLiteral("operation"), QStringLiteral("chat"));
        quoted.extra.insert(QStringLiteral("duration_seconds"), QStringLiteral("0.5"));
        quoted.extra.insert(QStringLiteral("llm_model"), QStringLiteral("mod\u00e8le \"x\""));
        quoted.extra.insert(QStringLiteral("prompt_tokens"), 1.5);
        quoted.extra.insert(QStringLiteral("completion_tokens"), 7);
        contents += formatJsonLine(quoted);
        const QString path = m_dir.filePath(QStringLiteral("many-blocks.jsonl"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(contents);
        file.close();
        QVERIFY(contents.size() > 2 * 1024 * 1024);

        const Run run = logs({path, QStringLiteral("--stats")});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject stats = QJsonDocument::fromJson(run.output).object();
        QCOMPARE(stats.value(QStringLiteral("entries")).toInt(), 20001);
        QCOMPARE(stats.value(QStringLiteral("by_service")).toObject(),
                 (QJsonObject{{QStringLiteral("task_registry"), 5000},
                              {QStringLiteral("repo_pool"), 5000},
                              {QStringLiteral("artifact_store"), 5000},
                              {QStringLiteral("llm"), 5001}}));
        QCOMPARE(stats.value(QStringLiteral("by_operation")).toObject(),
                 (QJsonObject{{QStringLiteral("op0"), 6667},
                              {QStringLiteral("op1"), 6667},
                              {QStringLiteral("op2"), 6666},
                              {QStringLiteral("chat"), 1}}));
        QVERIFY(stats.value(QStringLiteral("latency_seconds")).toObject().isEmpty());
        QCOMPARE(stats.value(QStringLiteral("llm_tokens_by_model")).toObject(),
                 (QJsonObject{{QStringLiteral("mod\u00e8le \"x\""),
                               QJsonObject{{QStringLiteral("calls"), 1},
                                           {QStringLiteral("prompt_tokens"), 0},
                                           {QStringLiteral("completion_tokens"), 7},
                                           {QStringLiteral("total_tokens"), 7}}}}));
    }

    void csvQuotesWhatNeedsIt()
    {
        LogEntry tricky = makeEntry(1'764'265'325'000, LogLevel::Info,
                                    QStringLiteral("says \"hi\", then\nleaves"),
                                    QStringLiteral("runner-3"), QStringLiteral("llm"));
        const QString path = m_dir.filePath(QStringLiteral("tricky.jsonl"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(formatJsonLine(tricky));
        file.close();
        const Run run = logs({path, QStringLiteral("--output"), QStringLiteral("csv")});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.output,
                 QByteArray("timestamp,level,logger,runner_id,task_id,spec_name,message,extra\n"
                            "2025-11-28T02:42:05.000+09:00,INFO,necrocode.runner.llm_client,"
                            "runner-3,,,\"says \"\"hi\"\", then\nleaves\","
                            "\"{\"\"service\"\":\"\"llm\"\"}\"\n"));
    }

    void badArgumentsExitWithTwo()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Run run = logs(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.lines.isEmpty());
        QVERIFY2(run.errors.contains(message), qPrintable(run.errors));
    }

    void gzipFilesGiveWhatTheirTextGives()
    {
        const QString compressed = m_dir.filePath(QStringLiteral("compressed.jsonl.gz"));
        QVERIFY(QFile::copy(m_path, m_dir.filePath(QStringLiteral("compressed.jsonl"))));
        QCOMPARE(QProcess::execute(QStringLiteral("gzip"),
                                   {m_dir.filePath(QStringLiteral("compressed.jsonl"))}),
                 0);
        const Run plain = logs({m_path, QStringLiteral("--level"), QStringLiteral("WARNING")});
        const Run unpacked =
            logs({compressed, QStringLiteral("--level"), QStringLiteral("WARNING")});
        QCOMPARE(unpacked.exitCode, 0);
        QCOMPARE(unpacked.lines.size(), 2);
        QCOMPARE(unpacked.output, plain.output);

        // Cut short: the entries before the damage, then exit code 1 naming the file.
        QFile file(compressed);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.resize(file.size() - 12));
        file.close();
        const Run damaged = logs({compressed});
        QCOMPARE(damaged.exitCode, 1);
        QVERIFY2(damaged.errors.contains(compressed + QStringLiteral(": damaged compressed data")),
                 qPrintable(damaged.errors));
    }

    void severalFilesAreMergedByTime()
    {
        // The entries alternate between two files; merged they come out as one log again.
        QByteArray even;
        QByteArray odd;
        for (std::size_t i = 0; i < m_entries.size(); ++i)
            (i % 2 ? odd : even) += formatJsonLine(m_entries[i]);
        const QString evenPath = m_dir.filePath(QStringLiteral("even.jsonl"));
        const QString oddPath = m_dir.filePath(QStringLiteral("odd.jsonl"));
        QVERIFY(writeFile(evenPath, even) && writeFile(oddPath, odd));
        const Run merged = logs({oddPath, evenPath});
        QCOMPARE(merged.exitCode, 0);
        QCOMPARE(merged.lines.size(), qsizetype(m_entries.size()));
        for (std::size_t i = 0; i < m_entries.size(); ++i)
            QCOMPARE(merged.lines[qsizetype(i)] + '\n', formatJsonLine(m_entries[i]));
    }

    void standardInputIsReadWithADash()
    {
        QFile input(m_path);
        QVERIFY(input.open(QIODevice::ReadOnly));
        QProcess process;
        process.start(QStringLiteral(NECROCODE_RUNNER_EXECUTABLE),
                      {QStringLiteral("logs"), QStringLiteral("-"), QStringLiteral("--count")});
        process.write(input.readAll());
        process.closeWriteChannel();
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 0);
        QCOMPARE(process.readAllStandardOutput(), QByteArray("4\n"));
    }

    void followPrintsWhatIsWrittenLaterAcrossRotation()
    {
        const QString path = m_dir.filePath(QStringLiteral("followed.jsonl"));
        QVERIFY(writeFile(path, formatJsonLine(m_entries[0])));
        QProcess follower;
        follower.start(QStringLiteral(NECROCODE_RUNNER_EXECUTABLE),
                       {QStringLiteral("logs"), path, QStringLiteral("--follow"),
                        QStringLiteral("--output"), QStringLiteral("text"),
                        QStringLiteral("--fields"), QStringLiteral("message")});
        QVERIFY(follower.waitForStarted());
        QByteArray seen;
        const auto waitForLine = [&](const QByteArray &line) {
            for (int i = 0; i < 100 && !seen.contains(line); ++i) {
                follower.waitForReadyRead(100);
                seen += follower.readAllStandardOutput();
            }
            return seen.contains(line);
        };
        QVERIFY2(waitForLine("LLM request sent\n"), seen.constData());
        // What a tail -F reader sees: an append, the old file renamed away and written to
        // once more, then a new file under the same name.
        QVERIFY(writeFile(path, formatJsonLine(m_entries[1]), QIODevice::Append));
        QVERIFY2(waitForLine("Retrying request\n"), seen.constData());
        QVERIFY(QFile::rename(path, path + QStringLiteral(".1")));
        QVERIFY(writeFile(path + QStringLiteral(".1"), formatJsonLine(m_entries[2]),
                          QIODevice::Append));
        QVERIFY2(waitForLine("Slot allocation failed\n"), seen.constData());
        QVERIFY(writeFile(path, formatJsonLine(m_entries[3])));
        QVERIFY2(waitForLine("tick\n"), seen.constData());
        follower.terminate();
        QVERIFY(follower.waitForFinished(5000));
        QCOMPARE(follower.exitStatus(), QProcess::NormalExit);
        QCOMPARE(follower.exitCode(), 0);
        QCOMPARE(seen,
                 QByteArray("LLM request sent\nRetrying request\nSlot allocation failed\ntick\n"));
    }

    void unknownCommandExitsWithTwo()
    {
        const Run run = execute({QStringLiteral("frobnicate")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.errors.contains(QStringLiteral("unknown command 'frobnicate'")));
        QVERIFY(run.errors.contains(QStringLiteral("logs")));
    }

    void helpNamesTheSubcommand()
    {
        const Run run = logs({QStringLiteral("--help")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.lines.value(0).startsWith("Usage: necrocode-runner logs"));
    }

private:
    static bool writeFile(const QString &path, const QByteArray &contents,
                          QIODevice::OpenMode mode = QIODevice::WriteOnly)
    {
        QFile file(path);
        return file.open(mode) && file.write(contents) == contents.size();
    }

    Run logs(const QStringList &arguments,
             const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
    {
        return execute(QStringList{QStringLiteral("logs")} + arguments, environment);
    }

    Run execute(const QStringList &arguments,
                const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
    {
        QProcess process;
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(NECROCODE_RUNNER_EXECUTABLE), arguments);
        Run run;
        if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit)
            return run;
        run.exitCode = process.exitCode();
        run.output = process.readAllStandardOutput();
        for (const QByteArray &lineText : run.output.split('\n')) {
            if (!lineText.isEmpty())
                run.lines.append(lineText);
        }
        run.errors = QString::fromUtf8(process.readAllStandardError());
        return run;
    }

    QTemporaryDir m_dir;
    QString m_path;
    std::vector<LogEntry> m_entries;
};

QTEST_GUILESS_MAIN(TestLogsCommand)
#include "test_logs_command.moc"
