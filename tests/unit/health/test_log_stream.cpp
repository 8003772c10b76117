// The /logs endpoint of the health server and the client that follows it: catch-up from a
// sequence, live entries, the level filter, Last-Event-ID, gaps when the history overflowed,
// bad parameters, the subscription released when the client leaves, reconnection.
#include "ProcessMemory.h"
#include "TestCertificates.h"
#include "health/HealthServer.h"
#include "log/JsonLineFormatter.h"
#include "log/LogHub.h"
#include "remote/LogStreamClient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTest>

#include <csignal>

using namespace necrocode;

namespace {

LogEntry entry(int number, LogLevel level = LogLevel::Info)
{
    LogEntry e =
        LogEntry::now(level, QStringLiteral("test.stream"), QStringLiteral("entry %1").arg(number),
                      {{QStringLiteral("number"), number}});
    e.runnerId = QStringLiteral("runner-1");
    e.taskId = QStringLiteral("1.%1").arg(number);
    return e;
}

// Collects what a LogStreamClient receives.
struct Received
{
    QList<LogEntry> entries;
    QList<quint64> gaps;
    quint64 lastSequence = 0;

    explicit Received(LogStreamClient &client)
    {
        QObject::connect(&client, &LogStreamClient::received, &client,
                         [this](const QList<LogEntry> &batch, quint64 last) {
                             entries += batch;
                             lastSequence = last;
                         });
        QObject::connect(&client, &LogStreamClient::gap, &client,
                         [this](quint64 missed) { gaps.append(missed); });
    }
    QStringList messages() const
    {
        QStringList list;
        for (const LogEntry &e : entries)
            list.append(e.message);
        return list;
    }
};

} // namespace

class TestLogStream : public QObject
{
    Q_OBJECT

    std::shared_ptr<LogHub> m_hub;
    std::unique_ptr<HealthServer> m_server;
    QNetworkAccessManager m_network;

    QUrl baseUrl() const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server->port()));
    }

    void startServer(std::size_t history = LogHub::kDefaultHistory)
    {
        m_hub = std::make_shared<LogHub>(history);
        HealthServerProviders providers;
        providers.logs = m_hub;
        m_server = std::make_unique<HealthServer>(providers);
        QVERIFY(m_server->listen().ok());
    }

    QByteArray getRaw(const QString &pathAndQuery, int *status)
    {
        QNetworkReply *reply =
            m_network.get(QNetworkRequest(QUrl(baseUrl().toString() + pathAndQuery)));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        finished.wait(5000);
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        reply->deleteLater();
        return body;
    }

private Q_SLOTS:
    void init() { startServer(); }
    void cleanup()
    {
        m_server.reset();
        m_hub.reset();
    }

    void eachEntryIsAnSseEventWithItsSequenceAndJsonLine()
    {
        m_hub->post(entry(1));
        QNetworkReply *reply = m_network.get(
            QNetworkRequest(QUrl(baseUrl().toString() + QStringLiteral("/logs?since=0"))));
        QByteArray bytes;
        connect(reply, &QNetworkReply::readyRead, this, [&] { bytes += reply->readAll(); });
        QTRY_VERIFY_WITH_TIMEOUT(bytes.contains("\n\n") && bytes.contains("data: "), 5000);
        QCOMPARE(reply->header(QNetworkRequest::ContentTypeHeader).toString(),
                 QStringLiteral("text/event-stream; charset=utf-8"));
        const qsizetype start = bytes.indexOf("id: 1\n");
        QVERIFY2(start >= 0, bytes.constData());
        const QByteArray event = bytes.mid(start, bytes.indexOf("\n\n", start) - start);
        const QList<QByteArray> lines = event.split('\n');
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[1], QByteArray("event: log"));
        QVERIFY(lines[2].startsWith("data: "));
        const auto parsed = parseJsonLine(lines[2].mid(6));
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->message, QStringLiteral("entry 1"));
        QCOMPARE(parsed->taskId, QStringLiteral("1.1"));
        reply->abort();
        reply->deleteLater();
    }

    void aClientCatchesUpThenReceivesLiveEntries()
    {
        for (int i = 1; i <= 3; ++i)
            m_hub->post(entry(i));
        LogStreamClient client(&m_network, baseUrl());
        Received received(client);
        client.start();
        QTRY_COMPARE_WITH_TIMEOUT(received.entries.size(), 3, 5000);
        QVERIFY(client.isConnected());
        m_hub->post(entry(4));
        m_hub->post(entry(5));
        QTRY_COMPARE_WITH_TIMEOUT(received.entries.size(), 5, 5000);
        QCOMPARE(received.messages(),
                 (QStringList{"entry 1", "entry 2", "entry 3", "entry 4", "entry 5"}));
        QCOMPARE(received.lastSequence, quint64(5));
        QCOMPARE(received.entries[3].extra.value("number").toInt(), 4);
    }

    void sinceStartsAfterTheGivenSequence()
    {
        for (int i = 1; i <= 6; ++i)
            m_hub->post(entry(i));
        LogStreamClient client(&m_network, baseUrl());
        Received received(client);
        client.start(4);
        QTRY_COMPARE_WITH_TIMEOUT(received.entries.size(), 2, 5000);
        QCOMPARE(received.messages(), (QStringList{"entry 5", "entry 6"}));
    }

    void lastEventIdOfAReconnectingClientIsHonoured()
    {
        for (int i = 1; i <= 4; ++i)
            m_hub->post(entry(i));
        QNetworkRequest request(QUrl(baseUrl().toString() + QStringLiteral("/logs")));
        request.setRawHeader("Last-Event-ID", "3");
        QNetworkReply *reply = m_network.get(request);
        QByteArray bytes;
        connect(reply, &QNetworkReply::readyRead, this, [&] { bytes += reply->readAll(); });
        QTRY_VERIFY_WITH_TIMEOUT(bytes.contains("id: 4\n"), 5000);
        QVERIFY(!bytes.contains("id: 3\n"));
        reply->abort();
        reply->deleteLater();
    }

    void theLevelParameterKeepsEntriesAtOrAboveIt()
    {
        m_hub->post(entry(1, LogLevel::Debug));
        m_hub->post(entry(2, LogLevel::Error));
        m_hub->post(entry(3, LogLevel::Warning));
        m_hub->post(entry(4, LogLevel::Info));
        m_hub->post(entry(5, LogLevel::Critical));
        QNetworkReply *reply = m_network.get(QNetworkRequest(
            QUrl(baseUrl().toString() + QStringLiteral("/logs?since=0&level=warning"))));
        QByteArray bytes;
        connect(reply, &QNetworkReply::readyRead, this, [&] { bytes += reply->readAll(); });
        QTRY_VERIFY_WITH_TIMEOUT(bytes.contains("id: 5\n"), 5000);
        QVERIFY(bytes.contains("id: 2\n") && bytes.contains("id: 3\n"));
        QVERIFY(!bytes.contains("id: 1\n") && !bytes.contains("id: 4\n"));
        reply->abort();
        reply->deleteLater();
    }

    void badParametersAreRejectedWithTheirName_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("named");
        QTest::newRow("since not a number")
            << QStringLiteral("since=abc") << QStringLiteral("since");
        QTest::newRow("since negative") << QStringLiteral("since=-1") << QStringLiteral("since");
        QTest::newRow("unknown level") << QStringLiteral("level=LOUD") << QStringLiteral("level");
    }

    void badParametersAreRejectedWithTheirName()
    {
        QFETCH(QString, query);
        QFETCH(QString, named);
        int status = 0;
        const QByteArray body = getRaw(QStringLiteral("/logs?") + query, &status);
        QCOMPARE(status, 400);
        const QString error = QJsonDocument::fromJson(body).object().value("error").toString();
        QVERIFY2(error.startsWith(named), qPrintable(error));
    }

    void entriesThatLeftTheHistoryAreReportedAsAGap()
    {
        startServer(3);
        for (int i = 1; i <= 10; ++i)
            m_hub->post(entry(i));
        LogStreamClient client(&m_network, baseUrl());
        Received received(client);
        client.start(0);
        QTRY_COMPARE_WITH_TIMEOUT(received.entries.size(), 3, 5000);
        QCOMPARE(received.gaps, QList<quint64>{7});
        QCOMPARE(received.messages(), (QStringList{"entry 8", "entry 9", "entry 10"}));
    }

    void aClientThatLeavesReleasesItsSubscription()
    {
        LogStreamClient client(&m_network, baseUrl());
        QSignalSpy connected(&client, &LogStreamClient::connectionChanged);
        client.start();
        QTRY_COMPARE_WITH_TIMEOUT(m_hub->subscriberCount(), std::size_t(1), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(client.isConnected(), 5000);
        client.stop();
        QTRY_COMPARE_WITH_TIMEOUT(m_hub->subscriberCount(), std::size_t(0), 5000);
        // Connected, then stopped on purpose.
        QCOMPARE(connected.size(), 2);
        QCOMPARE(connected.at(0).at(0).toBool(), true);
        QCOMPARE(connected.at(1).at(0).toBool(), false);
        QCOMPARE(connected.at(1).at(1).toString(), QStringLiteral("stopped"));
    }

    void theClientReconnectsFromItsLastSequence()
    {
        m_hub->post(entry(1));
        LogStreamClient client(&m_network, baseUrl());
        client.setReconnectDelayMs(100);
        Received received(client);
        QSignalSpy changes(&client, &LogStreamClient::connectionChanged);
        client.start();
        QTRY_COMPARE_WITH_TIMEOUT(received.entries.size(), 1, 5000);
        // The worker restarts on the same port: the stream drops, the client comes back and
        // asks for what followed entry 1.
        const quint16 port = m_server->port();
        const std::shared_ptr<LogHub> hub = m_hub;
        m_server.reset();
        QTRY_VERIFY_WITH_TIMEOUT(!client.isConnected(), 5000);
        hub->post(entry(2));
        HealthServerProviders providers;
        providers.logs = hub;
        m_server = std::make_unique<HealthServer>(providers);
        QVERIFY(m_server->listen(QHostAddress(QHostAddress::LocalHost), port).ok());
        QTRY_COMPARE_WITH_TIMEOUT(received.entries.size(), 2, 10000);
        QCOMPARE(received.messages(), (QStringList{"entry 1", "entry 2"}));
        QVERIFY(client.isConnected());
        // Connected, dropped, connected again; attempts while the port was closed may add
        // failures in between, but the first three changes are these.
        QVERIFY(changes.size() >= 3);
        QCOMPARE(changes.at(0).at(0).toBool(), true);
        QCOMPARE(changes.at(1).at(0).toBool(), false);
        QCOMPARE(changes.last().at(0).toBool(), true);
    }

    void withoutSinceTheStreamStartsWithTheNextEntry()
    {
        for (int i = 1; i <= 3; ++i)
            m_hub->post(entry(i));
        QNetworkReply *reply =
            m_network.get(QNetworkRequest(QUrl(baseUrl().toString() + QStringLiteral("/logs"))));
        QByteArray bytes;
        connect(reply, &QNetworkReply::readyRead, this, [&] { bytes += reply->readAll(); });
        QTRY_COMPARE_WITH_TIMEOUT(m_hub->subscriberCount(), std::size_t(1), 5000);
        m_hub->post(entry(4));
        QTRY_VERIFY_WITH_TIMEOUT(bytes.contains("entry 4"), 5000);
        QVERIFY2(!bytes.contains("entry 1") && !bytes.contains("entry 3"), bytes.constData());
        reply->abort();
        reply->deleteLater();
    }

    void streamsBeyondTheLimitAreRefusedAndMemoryComesBack()
    {
        const QByteArray padding(800, 'p');
        for (int i = 1; i <= 20000; ++i) {
            LogEntry e = entry(i);
            e.extra.insert(QStringLiteral("padding"), QString::fromLatin1(padding));
            m_hub->post(std::move(e));
        }
        const double before = necrocode::test::processMemoryMiB("VmRSS");
        std::vector<std::unique_ptr<QTcpSocket>> clients;
        for (int i = 0; i < 200; ++i) {
            auto socket = std::make_unique<QTcpSocket>();
            socket->setReadBufferSize(4096); // a slow reader: the server must hold back
            socket->connectToHost(QHostAddress::LocalHost, m_server->port());
            socket->write("GET /logs?since=0 HTTP/1.1\r\nHost: x\r\n\r\n");
            clients.push_back(std::move(socket));
        }
        QByteArray heads[200];
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                int answered = 0;
                for (int i = 0; i < 200; ++i) {
                    if (heads[i].size() < 12)
                        heads[i] += clients[i]->read(12 - heads[i].size());
                    answered += heads[i].size() >= 12;
                }
                return answered == 200;
            }(),
            20000);
        int accepted = 0;
        int refused = 0;
        for (const QByteArray &head : heads) {
            accepted += head.startsWith("HTTP/1.1 200");
            refused += head.startsWith("HTTP/1.1 503");
        }
        QTest::qWait(500); // let the accepted streams fill what they may
        const double during = necrocode::test::processMemoryMiB("VmRSS");
        QCOMPARE(accepted, LogStreamClients::kDefaultMaximum);
        QCOMPARE(refused, 200 - LogStreamClients::kDefaultMaximum);
        QCOMPARE(m_server->openLogStreams(), LogStreamClients::kDefaultMaximum);
        clients.clear();
        QTRY_COMPARE_WITH_TIMEOUT(m_server->openLogStreams(), 0, 5000);
        const double after = necrocode::test::processMemoryMiB("VmRSS");
        qInfo("200 /logs clients on 20000 entries: resident %.1f MiB before, %.1f with 64 open "
              "streams, %.1f after they left",
              before, during, after);
        if (necrocode::test::residentMemoryIsMeaningful()) {
            QVERIFY2(during - before < 128, qPrintable(QString::number(during - before)));
            QVERIFY2(after - before < 32, qPrintable(QString::number(after - before)));
        }
    }

    void aStalledReaderOverTlsHoldsBackWhatIsSentNotTheWholeLog()
    {
        test::TestCertificates certificates;
        const QString made = certificates.create();
        QVERIFY2(made.isEmpty(), qPrintable(made));
        const Result<QSslConfiguration> tls = certificates.selfSignedServerTls();
        QVERIFY(tls.ok());
        m_server.reset();
        m_hub = std::make_shared<LogHub>(std::size_t(200000));
        m_server = std::make_unique<HealthServer>(HealthServerProviders{{}, {}, {}, m_hub});
        m_server->setTls(*tls);
        QVERIFY(m_server->listen().ok());

        // A reader that asks for the stream, then stops reading (stopped by SIGSTOP).
        QProcess reader;
        reader.start(QStringLiteral("openssl"),
                     {QStringLiteral("s_client"), QStringLiteral("-quiet"),
                      QStringLiteral("-connect"),
                      QStringLiteral("127.0.0.1:%1").arg(m_server->port())});
        QVERIFY(reader.waitForStarted());
        reader.write("GET /logs HTTP/1.1\r\nHost: worker\r\nAccept: text/event-stream\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(m_server->openLogStreams() == 1, 10000);
        QVERIFY(::kill(pid_t(reader.processId()), SIGSTOP) == 0);

        const QString padding(900, QLatin1Char('x'));
        qint64 mostPending = 0;
        for (int round = 0; round < 40; ++round) {
            for (int i = 0; i < 2000; ++i) {
                LogEntry e = entry(round * 2000 + i);
                e.message += padding;
                m_hub->post(std::move(e));
            }
            QTest::qWait(60);
            for (const QSslSocket *socket : m_server->findChildren<QSslSocket *>())
                mostPending =
                    std::max(mostPending, socket->bytesToWrite() + socket->encryptedBytesToWrite());
        }
        // 80 000 entries of about 1 KB went to the hub; the stream holds back at most its limit
        // (plus the batch that crossed it) instead of all of them.
        QVERIFY2(mostPending > 0, "the stream never wrote to the stalled reader");
        QVERIFY2(mostPending < 4 * 1024 * 1024, qPrintable(QString::number(mostPending)));
        ::kill(pid_t(reader.processId()), SIGCONT);
        reader.kill();
        reader.waitForFinished(5000);
    }

    void withoutAHubThereIsNoLogsEndpoint()
    {
        m_server = std::make_unique<HealthServer>(HealthServerProviders{});
        QVERIFY(m_server->listen().ok());
        int status = 0;
        getRaw(QStringLiteral("/logs"), &status);
        QCOMPARE(status, 404);
    }

    void aWorkerThatIsNotThereIsReportedAsAConnectionError()
    {
        const quint16 port = m_server->port();
        m_server.reset();
        LogStreamClient client(&m_network, QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        QSignalSpy changes(&client, &LogStreamClient::connectionChanged);
        client.start();
        QTRY_VERIFY_WITH_TIMEOUT(!changes.isEmpty(), 5000);
        QCOMPARE(changes.first().at(0).toBool(), false);
        QVERIFY(!changes.first().at(1).toString().isEmpty());
        client.stop();
    }
};

QTEST_GUILESS_MAIN(TestLogStream)
#include "test_log_stream.moc"
