// JsonlFileSink: JSON lines in append mode, size-based rotation that loses no entry, flushing on
// errors, and write failures that are reported while the accepted entries wait.
#include "LogTestSupport.h"
#include "log/JsonLineFormatter.h"
#include "log/JsonlFileSink.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace necrocode;
using necrocode::test::readLines;

namespace {

LogEntry numbered(int index, LogLevel level = LogLevel::Info)
{
    LogEntry entry = LogEntry::now(level, QStringLiteral("necrocode.test"),
                                   QStringLiteral("entry %1").arg(index));
    entry.extra.insert(QStringLiteral("index"), index);
    return entry;
}

int indexOf(const QByteArray &line)
{
    return parseJsonLine(line).value().extra.value(QStringLiteral("index")).toInt(-1);
}

// All lines of the rotated set, oldest file first.
QByteArrayList readRotatedSet(const QString &path, int backupCount)
{
    QByteArrayList lines;
    for (int i = backupCount; i >= 1; --i)
        lines += readLines(JsonlFileSink::backupPath(path, i));
    lines += readLines(path);
    return lines;
}

} // namespace

class TestJsonlFileSink : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString pathIn(const QString &relative) const { return m_dir.filePath(relative); }

private Q_SLOTS:
    void writesLinesAndCreatesParentDirectories()
    {
        const QString path = pathIn(QStringLiteral("a/b/c/runner.jsonl"));
        std::vector<LogEntry> written;
        {
            JsonlFileSink sink({.path = path});
            QCOMPARE(sink.lastError(), QString());
            for (int i = 0; i < 3; ++i) {
                written.push_back(numbered(i));
                sink.write(written.back());
            }
        }
        const QByteArrayList lines = readLines(path);
        QCOMPARE(lines.size(), 3);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(parseJsonLine(lines[i]).value(), written[size_t(i)]);
    }

    void appendsToAnExistingFile()
    {
        const QString path = pathIn(QStringLiteral("append.jsonl"));
        {
            JsonlFileSink sink({.path = path});
            sink.write(numbered(0));
            sink.write(numbered(1));
        }
        {
            JsonlFileSink sink({.path = path});
            sink.write(numbered(2));
        }
        const QByteArrayList lines = readLines(path);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(indexOf(lines[2]), 2);
    }

    void errorsAreFlushedWhileTheSinkIsOpen()
    {
        const QString path = pathIn(QStringLiteral("flush.jsonl"));
        JsonlFileSink sink({.path = path, .bufferBytes = 1 << 20, .flushIntervalMs = 3600000});
        sink.write(numbered(0));
        sink.write(numbered(1, LogLevel::Warning));
        QVERIFY(readLines(path).isEmpty());
        QVERIFY(sink.pendingBytes() > 0);
        sink.write(numbered(2, LogLevel::Error));
        QCOMPARE(readLines(path).size(), 3);
        sink.write(numbered(3));
        QCOMPARE(readLines(path).size(), 3);
        sink.write(numbered(4, LogLevel::Critical));
        QCOMPARE(readLines(path).size(), 5);
        sink.write(numbered(5));
        sink.flush();
        QCOMPARE(readLines(path).size(), 6);
        QCOMPARE(sink.pendingBytes(), 0);
    }

    void oldBufferedLinesAreWrittenWithTheNextEntry()
    {
        const QString path = pathIn(QStringLiteral("age.jsonl"));
        JsonlFileSink sink({.path = path, .bufferBytes = 1 << 20, .flushIntervalMs = 20});
        sink.write(numbered(0));
        QVERIFY(readLines(path).isEmpty());
        QThread::msleep(40);
        sink.write(numbered(1));
        QCOMPARE(readLines(path).size(), 2);
    }

    void fullBufferIsWritten()
    {
        const QString path = pathIn(QStringLiteral("buffer.jsonl"));
        const qint64 lineSize = formatJsonLine(numbered(0)).size();
        JsonlFileSink sink(
            {.path = path, .bufferBytes = 10 * lineSize, .flushIntervalMs = 3600000});
        for (int i = 0; i < 9; ++i)
            sink.write(numbered(i));
        QVERIFY(readLines(path).isEmpty());
        sink.write(numbered(9));
        QCOMPARE(readLines(path).size(), 10);
    }

    void rotatesBySizeWithoutLosingEntries_data()
    {
        QTest::addColumn<qint64>("maxBytes");
        QTest::addColumn<int>("backupCount");
        QTest::addColumn<int>("entries");
        QTest::addColumn<int>("bufferLines"); // lines buffered before a write
        QTest::newRow("small files, all kept") << qint64(2000) << 30 << 300 << 1;
        QTest::newRow("buffered lines across rotations") << qint64(2000) << 30 << 300 << 50;
        QTest::newRow("one line per file") << qint64(150) << 80 << 60 << 7;
        QTest::newRow("no rotation") << qint64(0) << 3 << 300 << 10;
    }

    void rotatesBySizeWithoutLosingEntries()
    {
        QFETCH(qint64, maxBytes);
        QFETCH(int, backupCount);
        QFETCH(int, entries);
        QFETCH(int, bufferLines);
        const QString path = pathIn(QStringLiteral("rot/%1.jsonl").arg(QTest::currentDataTag()));
        const qint64 lineSize = formatJsonLine(numbered(100)).size();
        {
            JsonlFileSink sink({.path = path,
                                .maxBytes = maxBytes,
                                .backupCount = backupCount,
                                .bufferBytes = bufferLines * lineSize,
                                .flushIntervalMs = 3600000});
            for (int i = 0; i < entries; ++i)
                sink.write(numbered(i));
            QCOMPARE(sink.errorCount(), 0u);
        }
        const QByteArrayList lines = readRotatedSet(path, backupCount);
        QCOMPARE(lines.size(), entries);
        for (int i = 0; i < entries; ++i)
            QCOMPARE(indexOf(lines[i]), i);

        int files = 0;
        for (int i = 1; i <= backupCount; ++i) {
            const QFileInfo info(JsonlFileSink::backupPath(path, i));
            if (!info.exists())
                break;
            ++files;
            if (maxBytes > 0) {
                QVERIFY2(info.size() <= maxBytes, qPrintable(info.fileName()));
                QVERIFY2(info.size() > maxBytes - 2 * lineSize, qPrintable(info.fileName()));
            }
        }
        const qint64 total = entries * lineSize;
        const int expectedBackups =
            maxBytes > 0 ? int((total - 1) / (maxBytes / lineSize * lineSize)) : 0;
        QCOMPARE(files, expectedBackups);
        QVERIFY(maxBytes == 0 || QFileInfo(path).size() <= maxBytes);
    }

    void keepsOnlyTheNewestBackups()
    {
        const QString path = pathIn(QStringLiteral("keep/runner.jsonl"));
        const qint64 lineSize = formatJsonLine(numbered(100)).size();
        const int linesPerFile = 10;
        const int backupCount = 3;
        {
            JsonlFileSink sink(
                {.path = path, .maxBytes = linesPerFile * lineSize, .backupCount = backupCount});
            for (int i = 0; i < 95; ++i)
                sink.write(numbered(100 + i));
        }
        QCOMPARE(QDir(pathIn(QStringLiteral("keep"))).entryList(QDir::Files).size(),
                 backupCount + 1);
        const QByteArrayList lines = readRotatedSet(path, backupCount);
        QCOMPARE(lines.size(), 35); // three full backups and the five newest lines
        for (int i = 0; i < lines.size(); ++i)
            QCOMPARE(indexOf(lines[i]), 160 + i);
    }

    void zeroBackupsStartsAFreshFile()
    {
        const QString path = pathIn(QStringLiteral("zero/runner.jsonl"));
        const qint64 lineSize = formatJsonLine(numbered(100)).size();
        {
            JsonlFileSink sink({.path = path, .maxBytes = 4 * lineSize, .backupCount = 0});
            for (int i = 0; i < 10; ++i)
                sink.write(numbered(100 + i));
        }
        QCOMPARE(QDir(pathIn(QStringLiteral("zero"))).entryList(QDir::Files),
                 QStringList{QStringLiteral("runner.jsonl")});
        const QByteArrayList lines = readLines(path);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(indexOf(lines[1]), 109);
    }

    void oversizedLineGetsAFileOfItsOwn()
    {
        const QString path = pathIn(QStringLiteral("big/runner.jsonl"));
        LogEntry big = numbered(1);
        big.message = QString(5000, u'x');
        {
            JsonlFileSink sink({.path = path, .maxBytes = 1000, .backupCount = 5});
            sink.write(numbered(0));
            sink.write(big);
            sink.write(numbered(2));
        }
        const QByteArrayList lines = readRotatedSet(path, 5);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(parseJsonLine(lines[1]).value().message.size(), 5000);
        QCOMPARE(readLines(JsonlFileSink::backupPath(path, 1)).size(), 1);
    }

    void anOversizedExistingFileIsRotatedFirst()
    {
        const QString path = pathIn(QStringLiteral("existing/runner.jsonl"));
        {
            JsonlFileSink sink({.path = path, .maxBytes = 0});
            for (int i = 0; i < 20; ++i)
                sink.write(numbered(i));
        }
        {
            JsonlFileSink sink({.path = path, .maxBytes = 1000, .backupCount = 2});
            sink.write(numbered(20));
        }
        QCOMPARE(readLines(JsonlFileSink::backupPath(path, 1)).size(), 20);
        QCOMPARE(readLines(path).size(), 1);
    }

    void aFailedRotationKeepsWritingToTheCurrentFile()
    {
        const QString path = pathIn(QStringLiteral("stuck/runner.jsonl"));
        const QString backup = JsonlFileSink::backupPath(path, 1);
        QVERIFY(QDir().mkpath(backup + QStringLiteral("/occupied"))); // cannot be replaced
        const qint64 lineSize = formatJsonLine(numbered(100)).size();
        {
            JsonlFileSink sink({.path = path, .maxBytes = 3 * lineSize, .backupCount = 1});
            for (int i = 0; i < 10; ++i)
                sink.write(numbered(100 + i));
            sink.flush();
            QVERIFY(sink.errorCount() >= 1);
            QVERIFY2(sink.lastError().contains(QStringLiteral("rotate")),
                     qPrintable(sink.lastError()));
        }
        const QByteArrayList lines = readLines(path);
        QCOMPARE(lines.size(), 10);
        QCOMPARE(indexOf(lines.last()), 109);
    }

    void writeFailuresAreReportedAndEntriesKept()
    {
        // Runs as root in CI, so permissions do not block: a regular file where a directory
        // should be does.
        const QString blocker = pathIn(QStringLiteral("blocker"));
        QFile file(blocker);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        const QString path = blocker + QStringLiteral("/logs/runner.jsonl");

        JsonlFileSink sink({.path = path, .retryIntervalMs = 3600000});
        QVERIFY(!sink.lastError().isEmpty());
        QVERIFY2(sink.lastError().contains(path) || sink.lastError().contains(blocker),
                 qPrintable(sink.lastError()));
        const quint64 errorsAtOpen = sink.errorCount();
        QVERIFY(errorsAtOpen >= 1);
        sink.write(numbered(0));
        sink.write(numbered(1, LogLevel::Error));
        sink.write(numbered(2));
        QCOMPARE(sink.errorCount(), errorsAtOpen); // automatic retries wait for the interval
        sink.flush();
        QCOMPARE(sink.errorCount(), errorsAtOpen + 1);
        QVERIFY(sink.pendingBytes() > 0);
        QCOMPARE(sink.droppedCount(), 0u);

        QVERIFY(QFile::remove(blocker));
        sink.flush();
        QCOMPARE(sink.pendingBytes(), 0);
        const QByteArrayList lines = readLines(path);
        QCOMPARE(lines.size(), 3);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(indexOf(lines[i]), i);
    }

    void aFullPendingBufferRefusesAndCounts()
    {
        const QString blocker = pathIn(QStringLiteral("blocker2"));
        QFile file(blocker);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        const qint64 lineSize = formatJsonLine(numbered(10)).size();
        JsonlFileSink sink(
            {.path = blocker + QStringLiteral("/runner.jsonl"), .maxPendingBytes = 5 * lineSize});
        for (int i = 10; i < 30; ++i)
            sink.write(numbered(i));
        QCOMPARE(sink.droppedCount(), 15u);
        QCOMPARE(sink.pendingBytes(), 5 * lineSize);
        QVERIFY(sink.lastError().contains(QStringLiteral("dropped")));
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("bytes of log lines could not be")));
    }
};

QTEST_GUILESS_MAIN(TestJsonlFileSink)
#include "test_jsonl_file_sink.moc"
