// StreamSink: one JSON line per entry on the stream, each flushed as it is written.
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
    void everyEntryReachesTheFileAsAWholeLineAtOnce()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("stream.jsonl"));
        std::FILE *stream = std::fopen(qPrintable(path), "w");
        QVERIFY(stream);
        // Fully buffered, as stdout is into a pipe: the sink must not leave entries in it.
        std::setvbuf(stream, nullptr, _IOFBF, 1 << 16);
        {
            StreamSink sink(stream);
            const LogEntry info =
                LogEntry::now(LogLevel::Info, QStringLiteral("t"), QStringLiteral("hello"));
            sink.write(info);
            QByteArrayList lines = readLines(path);
            QCOMPARE(lines.size(), 1);
            QCOMPARE(parseJsonLine(lines[0]).value(), info);
            sink.write(
                LogEntry::now(LogLevel::Debug, QStringLiteral("t"), QStringLiteral("quiet")));
            QCOMPARE(readLines(path).size(), 2);
            QCOMPARE(sink.failedWriteCount(), 0u);
        }
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
