// TLS end to end with certificates made by openssl at test time: the services and a worker's
// health server serve https; a worker that does not trust their authority fails its calls with
// the error class tls_certificate and runs nothing; given the authority (tls.ca_file) it runs the
// demo task over https; certificate and key files that are wrong are refused with a message
// naming the file.
#include "HttpTestClient.h"
#include "ServeWorkerProcess.h"
#include "TestCertificates.h"
#include "log/Logger.h"
#include "net/ErrorClassifier.h"
#include "net/HttpClient.h"
#include "stack/LocalServiceStack.h"
#include "tls/TlsFiles.h"

#include <QJsonDocument>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace necrocode;
using namespace necrocode::test;

class TestTls : public QObject
{
    Q_OBJECT

private:
    TestCertificates m_certificates;
    QTemporaryDir m_dir;
    std::unique_ptr<LocalServiceStack> m_stack;
    ServiceUrls m_urls;
    HttpTestClient m_http;

    static bool said(const ServeWorkerProcess &worker, const QByteArray &text)
    {
        for (const QJsonObject &line : worker.lines())
            if (QJsonDocument(line).toJson(QJsonDocument::Compact).contains(text))
                return true;
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QSslSocket::supportsSsl());
        const QString made = m_certificates.create();
        QVERIFY2(made.isEmpty(), qPrintable(made));
        const Result<QSslConfiguration> tls =
            loadServerTls(m_certificates.serverCertificate(), m_certificates.serverKey());
        QVERIFY2(tls.ok(), qPrintable(tls.errorMessage()));
        ServiceStackConfig config;
        config.dataDirectory = m_dir.filePath(QStringLiteral("services"));
        config.demo = true;
        config.tls = *tls;
        config.llmLatency = LatencySettings{20.0, 0.0, 0, 24, std::nullopt};
        m_stack = std::make_unique<LocalServiceStack>(config);
        const auto urls = m_stack->start();
        QVERIFY2(urls, qPrintable(urls.errorMessage()));
        m_urls = *urls;
        for (const QUrl &url :
             {m_urls.taskRegistry, m_urls.repoPool, m_urls.artifactStore, m_urls.llm})
            QCOMPARE(url.scheme(), QStringLiteral("https"));
    }

    void wrongCertificateFilesAreRefusedByName()
    {
        const Result<QSslConfiguration> missing = loadServerTls(
            m_certificates.path(QStringLiteral("none.pem")), m_certificates.serverKey());
        QVERIFY(!missing.ok());
        QVERIFY2(missing.errorMessage().contains(QStringLiteral("none.pem")),
                 qPrintable(missing.errorMessage()));
        const Result<QSslConfiguration> keyAsCertificate =
            loadServerTls(m_certificates.serverKey(), m_certificates.serverKey());
        QVERIFY(!keyAsCertificate.ok());
        QVERIFY2(keyAsCertificate.errorMessage().contains(QStringLiteral("no PEM certificate")),
                 qPrintable(keyAsCertificate.errorMessage()));
        const Result<QSslConfiguration> certificateAsKey =
            loadServerTls(m_certificates.serverCertificate(), m_certificates.serverCertificate());
        QVERIFY(!certificateAsKey.ok());
        QVERIFY2(certificateAsKey.errorMessage().contains(QStringLiteral("private key")),
                 qPrintable(certificateAsKey.errorMessage()));
        // Each valid on its own, but not a pair (a renewed certificate with the old key).
        const Result<QSslConfiguration> mismatched =
            loadServerTls(m_certificates.serverCertificate(), m_certificates.selfSignedKey());
        QVERIFY(!mismatched.ok());
        QVERIFY2(mismatched.errorMessage().contains(QStringLiteral("does not belong")) &&
                     mismatched.errorMessage().contains(QStringLiteral("self-signed.key")),
                 qPrintable(mismatched.errorMessage()));
        const Result<ServiceStackConfig> config = ServiceStackConfig::fromJson(
            {{QStringLiteral("tls"),
              QJsonObject{{QStringLiteral("certificate_file"), QStringLiteral("absent.pem")},
                          {QStringLiteral("key_file"), QStringLiteral("absent.key")}}}},
            m_dir.path());
        QVERIFY(!config.ok());
        QVERIFY2(config.errorMessage().startsWith(QStringLiteral("'tls': ")),
                 qPrintable(config.errorMessage()));
    }

    void aClientWithoutTheAuthorityFailsWithACertificateError()
    {
        // This process does not trust the test authority yet.
        const TestResponse refused =
            m_http.get(urlOf(m_urls.taskRegistry, QStringLiteral("/livez")));
        QCOMPARE(refused.status, 0);
        QCOMPARE(refused.networkError, QNetworkReply::SslHandshakeFailedError);
        QCOMPARE(classifyError(refused.networkError, 0, false), error_type::Certificate);

        ServeWorkerProcess worker(m_urls, QStringLiteral("worker-untrusting"),
                                  {QStringLiteral("--log-level"), QStringLiteral("DEBUG")});
        QTRY_VERIFY_WITH_TIMEOUT(said(worker, "\"error_type\":\"tls_certificate\""), 30000);
        // The feeder's warning is written after the call's own line, possibly a moment later.
        QTRY_VERIFY_WITH_TIMEOUT(
            said(worker, "cannot take tasks from the task registry: SSL handshake failed"), 10000);
        QVERIFY(worker.claimed().isEmpty());
    }

    void onlyARefusedCertificateIsACertificateError()
    {
        QNetworkAccessManager network;
        HttpClient once(&network, Logger(), RetryPolicy(RetryConfig{1, 0.05, 2.0, 1.0, 0.0}));
        const auto call = [&](const QUrl &url) {
            HttpRequest request;
            request.service = QStringLiteral("task_registry");
            request.operation = QStringLiteral("list_specs");
            request.url = url;
            request.timeoutMs = 5000;
            std::optional<HttpOutcome> outcome;
            QObject context;
            once.send(request, &context, [&outcome](const HttpOutcome &o) { outcome = o; });
            if (!QTest::qWaitFor([&] { return outcome.has_value(); }, 10000))
                return HttpOutcome{};
            return *outcome;
        };
        // The services' certificate, signed by an authority this process does not trust yet.
        const HttpOutcome refused = call(urlOf(m_urls.taskRegistry, QStringLiteral("/specs")));
        QCOMPARE(refused.errorType, error_type::Certificate);
        QVERIFY2(refused.errorMessage.contains(QStringLiteral("SSL")),
                 qPrintable(refused.errorMessage));
        // A server that hangs up in the middle of the handshake: a connection problem (retried).
        QTcpServer hangingUp;
        QVERIFY(hangingUp.listen(QHostAddress::LocalHost));
        connect(&hangingUp, &QTcpServer::newConnection, &hangingUp, [&hangingUp] {
            while (QTcpSocket *socket = hangingUp.nextPendingConnection()) {
                socket->readAll();
                socket->close();
                socket->deleteLater();
            }
        });
        const HttpOutcome cut =
            call(QUrl(QStringLiteral("https://127.0.0.1:%1/specs").arg(hangingUp.serverPort())));
        QVERIFY(!cut.ok);
        QCOMPARE(cut.errorType, error_type::Connection);
    }

    void theDemoRunsOverHttpsWithTheAuthority()
    {
        ServeWorkerProcess worker(
            m_urls, QStringLiteral("worker-trusting"),
            {QStringLiteral("--set"),
             QStringLiteral("tls.ca_file=") + m_certificates.caCertificate(),
             QStringLiteral("--set"),
             QStringLiteral("health.tls_certificate_file=") + m_certificates.serverCertificate(),
             QStringLiteral("--set"),
             QStringLiteral("health.tls_key_file=") + m_certificates.serverKey()});
        QTRY_VERIFY_WITH_TIMEOUT(
            !worker.messagesMatching(QStringLiteral("task 1.1 completed")).isEmpty(), 60000);
        QVERIFY(!said(worker, "tls_certificate"));
        // Its health server speaks https too, verified against the same authority.
        QCOMPARE(worker.url().scheme(), QStringLiteral("https"));
        const QList<QSslCertificate> system = QSslConfiguration::systemCaCertificates();
        QVERIFY(!system.isEmpty());
        QVERIFY(trustCertificateAuthorities(m_certificates.caCertificate()).ok());
        // The system's authorities stay trusted besides the new one.
        const QList<QSslCertificate> trusted =
            QSslConfiguration::defaultConfiguration().caCertificates();
        QVERIFY(trusted.contains(system.first()) && trusted.contains(system.last()));
        QCOMPARE(trusted.size(), system.size() + 1);
        HttpTestClient trusting;
        const TestResponse live = trusting.get(urlOf(worker.url(), QStringLiteral("/livez")));
        QCOMPARE(live.status, 200);
        // New connections of this process trust it now.
        HttpTestClient fresh;
        QCOMPARE(fresh.get(urlOf(m_urls.taskRegistry, QStringLiteral("/specs"))).status, 200);
    }

    void aWrongAuthorityFileStopsTheWorkerAtStart()
    {
        ServeWorkerProcess worker(
            m_urls, QStringLiteral("worker-bad-ca"),
            {QStringLiteral("--set"), QStringLiteral("tls.ca_file=") + m_certificates.serverKey()});
        QVERIFY(worker.process().waitForFinished(30000));
        QCOMPARE(worker.process().exitCode(), 2);
        QVERIFY(worker.process().readAllStandardError().contains("tls.ca_file"));
    }

    void cleanupTestCase() { m_stack->stop(); }
};

QTEST_GUILESS_MAIN(TestTls)
#include "test_tls.moc"
