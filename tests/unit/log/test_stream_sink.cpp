// StreamSink: one JSON line per entry on the stream, flushed at once for ERROR and above.
#include "LogTestSupport.h"
#include "log/JsonLineFormatter.h"
#include "log/StreamSink.h"

#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace necrocode;
using necrocode::test::readLines;

class TestStreamSink : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writesJsonLinesAndFlushesOnError()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("stream.jsonl"));
        std::FILE *stream = std::fopen(qPrintable(path), "w");
        QVERIFY(stream);
        std::setvbuf(stream, nullptr, _IOFBF, 1 << 16); // nothing reaches the file unflushed
        {
            StreamSink sink(stream);
            const LogEntry info =
                LogEntry::now(LogLevel::Info, QStringLiteral("t"), QStringLiteral("hello"));
            sink.write(info);
            QVERIFY(readLines(path).isEmpty());
            sink.write(LogEntry::now(LogLevel::Error, QStringLiteral("t"), QStringLiteral("bad")));
            const QByteArrayList lines = readLines(path);
            QCOMPARE(lines.size(), 2);
            QCOMPARE(parseJsonLine(lines[0]).value(), info);
            sink.write(info);
            QCOMPARE(readLines(path).size(), 2);
            sink.flush();
            QCOMPARE(readLines(path).size(), 3);
            QCOMPARE(sink.failedWriteCount(), 0u);
        }
        std::fclose(stream);
    }

    void destructionFlushes()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("stream.jsonl"));
        std::FILE *stream = std::fopen(qPrintable(path), "w");
        QVERIFY(stream);
        std::setvbuf(stream, nullptr, _IOFBF, 1 << 16);
        {
            StreamSink sink(stream);
            sink.write(LogEntry::now(LogLevel::Info, QStringLiteral("t"), QStringLiteral("x")));
            QVERIFY(readLines(path).isEmpty());
        }
        QCOMPARE(readLines(path).size(), 1);
        std::fclose(stream);
    }

    void refusedWritesAreCounted()
    {
        std::FILE *full = std::fopen("/dev/full", "w");
        if (!full)
            QSKIP("/dev/full is not available");
        std::setvbuf(full, nullptr, _IONBF, 0);
        StreamSink sink(full);
        sink.write(LogEntry::now(LogLevel::Info, QStringLiteral("t"), QStringLiteral("x")));
        QCOMPARE(sink.failedWriteCount(), 1u);
        std::fclose(full);
    }
};

QTEST_GUILESS_MAIN(TestStreamSink)
#include "test_stream_sink.moc"
