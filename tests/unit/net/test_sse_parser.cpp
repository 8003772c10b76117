// Server-sent events split across arbitrary network chunks parse to the same events.
#include "net/SseParser.h"

#include <QRandomGenerator>
#include <QTest>

using namespace necrocode;

class TestSseParser : public QObject
{
    Q_OBJECT

    static QByteArray sampleStream(const QByteArray &newline)
    {
        QByteArray s;
        s += ": keep-alive" + newline;
        s += "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}" + newline + newline;
        s += "event: chunk" + newline + "id: 7" + newline;
        s += "data: {\"choices\":[{\"delta\":{\"content\":\"lo \\u65e5\\u672c\"}}]}" + newline +
             newline;
        s += "data: first line" + newline + "data: second line" + newline + newline;
        s += "data:no-space" + newline + newline;
        s += "data: [DONE]" + newline + newline;
        return s;
    }

    static void checkEvents(const QList<SseEvent> &events)
    {
        QCOMPARE(events.size(), 5);
        QCOMPARE(events[0].data, QByteArray("{\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}"));
        QCOMPARE(events[1].event, QByteArray("chunk"));
        QCOMPARE(events[1].id, QByteArray("7"));
        QCOMPARE(events[2].data, QByteArray("first line\nsecond line"));
        QCOMPARE(events[3].data, QByteArray("no-space"));
        QCOMPARE(events[4].data, QByteArray("[DONE]"));
    }

private Q_SLOTS:
    void wholeStream_data()
    {
        QTest::addColumn<QByteArray>("newline");
        QTest::newRow("LF") << QByteArray("\n");
        QTest::newRow("CRLF") << QByteArray("\r\n");
        QTest::newRow("CR") << QByteArray("\r");
    }

    void wholeStream()
    {
        QFETCH(QByteArray, newline);
        SseParser parser;
        QList<SseEvent> events = parser.feed(sampleStream(newline));
        events += parser.finish();
        checkEvents(events);
    }

    void arbitraryChunks_data() { wholeStream_data(); }

    void arbitraryChunks()
    {
        QFETCH(QByteArray, newline);
        const QByteArray stream = sampleStream(newline);
        QRandomGenerator rng(1234);
        for (int round = 0; round < 500; ++round) {
            SseParser parser;
            QList<SseEvent> events;
            qsizetype pos = 0;
            while (pos < stream.size()) {
                const qsizetype n = std::min<qsizetype>(rng.bounded(1, 12), stream.size() - pos);
                events += parser.feed(stream.mid(pos, n));
                pos += n;
            }
            events += parser.finish();
            checkEvents(events);
        }
    }

    void oneByteAtATime()
    {
        const QByteArray stream = sampleStream("\r\n");
        SseParser parser;
        QList<SseEvent> events;
        for (char c : stream)
            events += parser.feed(QByteArray(1, c));
        events += parser.finish();
        checkEvents(events);
    }

    void unterminatedLastEventIsDeliveredAtFinish()
    {
        SseParser parser;
        QVERIFY(parser.feed("data: tail").isEmpty());
        const QList<SseEvent> events = parser.finish();
        QCOMPARE(events.size(), 1);
        QCOMPARE(events[0].data, QByteArray("tail"));
    }

    void anEndlessLineIsDroppedAsItArrives()
    {
        SseParser parser(1024 * 1024);
        const QByteArray chunk(64 * 1024, 'x');
        QList<SseEvent> events = parser.feed("data: before\n\ndata: ");
        for (int i = 0; i < 320; ++i) // 20 MiB without a line break
            events += parser.feed(chunk);
        events += parser.feed("\n\ndata: after\n\n");
        QCOMPARE(events.size(), 2);
        QCOMPARE(events[0].data, QByteArray("before"));
        QCOMPARE(events[1].data, QByteArray("after"));
        QCOMPARE(parser.droppedEvents(), 1);
    }

    void anEventOfManyLinesOverTheLimitIsDropped()
    {
        SseParser parser(1000);
        QByteArray stream;
        for (int i = 0; i < 50; ++i)
            stream += "data: " + QByteArray(100, 'y') + "\n";
        stream += "\ndata: small\n\n";
        const QList<SseEvent> events = parser.feed(stream);
        QCOMPARE(events.size(), 1);
        QCOMPARE(events[0].data, QByteArray("small"));
        QCOMPARE(parser.droppedEvents(), 1);
    }
};

QTEST_GUILESS_MAIN(TestSseParser)
#include "test_sse_parser.moc"
