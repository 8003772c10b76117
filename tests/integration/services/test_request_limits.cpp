// Every service refuses what it must not buffer or cannot frame, before reading the body: an
// oversized upload or task JSON (413, with bounded memory), conflicting or malformed
// Content-Length, Content-Length with chunked (400, and the request piped after it is not
// served), chunked bodies (411); an idle keep-alive connection is closed.
#include "ProcessMemory.h"
#include "artifacts/ArtifactStoreService.h"
#include "registry/TaskRegistryService.h"

#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;

namespace {

// Sends raw bytes on a fresh connection and returns everything the server answered before it
// closed the connection (or `waitMs` passed). The services run on this thread: waiting runs the
// event loop.
QByteArray exchange(quint16 port, const QByteArray &request, int waitMs = 5000)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 3000))
        return {};
    socket.write(request);
    QByteArray answer;
    (void)QTest::qWaitFor(
        [&] {
            answer += socket.readAll();
            return socket.state() == QAbstractSocket::UnconnectedState;
        },
        waitMs);
    answer += socket.readAll();
    return answer;
}

int statusOf(const QByteArray &answer)
{
    return answer.startsWith("HTTP/1.1 ") ? answer.mid(9, 3).toInt() : 0;
}

} // namespace

class TestRequestLimits : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<ArtifactStoreService> m_store;
    std::unique_ptr<TaskRegistryService> m_registry;
    quint16 m_storePort = 0;
    quint16 m_registryPort = 0;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_store = std::make_unique<ArtifactStoreService>(m_dir.filePath(QStringLiteral("store")));
        m_store->setRequestLimits({8 * 1024 * 1024, 64 * 1024, 1000});
        const auto storePort = m_store->listen();
        QVERIFY(storePort);
        m_storePort = storePort.value();
        auto registry = TaskRegistryService::open(m_dir.filePath(QStringLiteral("registry")));
        QVERIFY2(registry, qPrintable(registry.errorMessage()));
        m_registry = std::move(registry).value();
        m_registry->setRequestLimits({1024 * 1024, 64 * 1024, 60000});
        const auto registryPort = m_registry->listen();
        QVERIFY(registryPort);
        m_registryPort = registryPort.value();
    }

    void anOversizedUploadIsRefusedWithoutBufferingIt()
    {
        const double before = necrocode::test::processMemoryMiB("VmHWM");
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_storePort);
        QVERIFY(QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; },
                                3000));
        const qint64 total = 200LL * 1024 * 1024;
        socket.write("POST /artifacts HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
                     "boundary=b\r\nContent-Length: " +
                     QByteArray::number(total) + "\r\n\r\n");
        const QByteArray chunk(1024 * 1024, 'x');
        QByteArray answer;
        for (qint64 sent = 0; sent < total && socket.state() == QAbstractSocket::ConnectedState;
             sent += chunk.size()) {
            socket.write(chunk);
            (void)QTest::qWaitFor(
                [&] {
                    answer += socket.readAll();
                    return socket.bytesToWrite() < 2 * chunk.size() ||
                           socket.state() != QAbstractSocket::ConnectedState;
                },
                5000);
        }
        (void)QTest::qWaitFor(
            [&] {
                answer += socket.readAll();
                return answer.contains("\r\n\r\n") ||
                       socket.state() != QAbstractSocket::ConnectedState;
            },
            5000);
        answer += socket.readAll();
        const double after = necrocode::test::processMemoryMiB("VmHWM");
        qInfo("200 MiB upload: peak RSS %.1f MiB before, %.1f MiB after", before, after);
        QCOMPARE(statusOf(answer), 413);
        QVERIFY2(answer.contains("larger than this service's limit of 8388608 bytes"),
                 answer.constData());
        QVERIFY2(after - before < 64, qPrintable(QString::number(after - before)));
    }

    void anOversizedTaskSetIsRefused()
    {
        const QByteArray body =
            "{\"tasks\":[{\"id\":\"1\",\"title\":\"" + QByteArray(10 * 1024 * 1024, 'a') + "\"}]}";
        const QByteArray answer =
            exchange(m_registryPort, "POST /specs/big/tasks HTTP/1.1\r\nHost: x\r\nContent-Type: "
                                     "application/json\r\nContent-Length: " +
                                         QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QCOMPARE(statusOf(answer), 413);
        const QByteArray specs =
            exchange(m_registryPort, "GET /specs HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        QCOMPARE(statusOf(specs), 200);
        QVERIFY2(!specs.contains("\"big\""), specs.constData());
    }

    void badFramingIsRefused_data()
    {
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<int>("status");
        QTest::newRow("two different lengths")
            << QByteArray("Content-Length: 2\r\nContent-Length: 40\r\n") << 400;
        QTest::newRow("negative length") << QByteArray("Content-Length: -1\r\n") << 400;
        QTest::newRow("not a number") << QByteArray("Content-Length: 12abc\r\n") << 400;
        QTest::newRow("length and chunked")
            << QByteArray("Content-Length: 2\r\nTransfer-Encoding: chunked\r\n") << 400;
        QTest::newRow("chunked") << QByteArray("Transfer-Encoding: chunked\r\n") << 411;
    }

    void badFramingIsRefused()
    {
        QFETCH(QByteArray, headers);
        QFETCH(int, status);
        // A second, pipelined request follows the bad one: it must not be served.
        const QByteArray answer = exchange(
            m_registryPort, "POST /specs/framed/tasks HTTP/1.1\r\nHost: x\r\n" + headers +
                                "\r\n2\r\n{}\r\n0\r\n\r\nGET /specs HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(statusOf(answer), status);
        QCOMPARE(answer.count("HTTP/1.1 "), 1);
    }

    void aGoodRequestStillWorks()
    {
        const QByteArray body = "{\"tasks\":[{\"id\":\"1\",\"title\":\"fine\"}]}";
        const QByteArray answer =
            exchange(m_registryPort, "POST /specs/fine/tasks HTTP/1.1\r\nHost: x\r\nContent-Type: "
                                     "application/json\r\nConnection: close\r\nContent-Length: " +
                                         QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QVERIFY2(statusOf(answer) == 200 || statusOf(answer) == 201, answer.constData());
    }

    void anIdleConnectionIsClosed()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_storePort);
        QVERIFY(QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; },
                                3000));
        socket.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY(QTest::qWaitFor([&] { return socket.bytesAvailable() > 0; }, 3000));
        QVERIFY(socket.readAll().startsWith("HTTP/1.1 200"));
        QVERIFY(socket.state() == QAbstractSocket::ConnectedState);
        QVERIFY(QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::UnconnectedState; },
                                5000));
    }
};

QTEST_GUILESS_MAIN(TestRequestLimits)
#include "test_request_limits.moc"
