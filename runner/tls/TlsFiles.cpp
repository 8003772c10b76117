#include "tls/TlsFiles.h"

#include "tls/TlsTcpServer.h"

#include <QEventLoop>
#include <QFile>
#include <QSslKey>
#include <QSslSocket>
#include <QTimer>

namespace necrocode {

namespace {

Error tlsError(const QString &message)
{
    return makeError(message, QStringLiteral("config"));
}

Result<QByteArray> readPem(const QString &path, const QString &what)
{
    if (path.isEmpty())
        return tlsError(QStringLiteral("no %1 file given").arg(what));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return tlsError(
            QStringLiteral("cannot read the %1 file %2: %3").arg(what, path, file.errorString()));
    return file.readAll();
}

// Empty when a client completes a TLS handshake with a server using `server` over loopback;
// otherwise why not. The only way to tell, before the first real client, that a certificate and
// a key (each valid on its own) do not belong together.
QString loopbackHandshake(const QSslConfiguration &server)
{
    TlsTcpServer listener(server);
    if (!listener.listen(QHostAddress::LocalHost, 0))
        return {}; // no loopback to test on: the first client will tell
    QSslSocket client;
    QSslConfiguration trusting = QSslConfiguration::defaultConfiguration();
    trusting.setPeerVerifyMode(QSslSocket::VerifyNone);
    client.setSslConfiguration(trusting);
    QString failure;
    QEventLoop loop;
    QTimer::singleShot(5000, &loop, [&] {
        failure = QStringLiteral("no answer within 5 s");
        loop.quit();
    });
    QObject::connect(&listener, &QTcpServer::newConnection, &loop, [&] {
        auto *accepted = qobject_cast<QSslSocket *>(listener.nextPendingConnection());
        if (!accepted)
            return;
        QObject::connect(accepted, &QSslSocket::errorOccurred, &loop,
                         [failureText = &failure, waiting = &loop, accepted] {
                             if (failureText->isEmpty())
                                 *failureText = accepted->errorString();
                             waiting->quit();
                         });
    });
    QObject::connect(&client, &QSslSocket::encrypted, &loop, &QEventLoop::quit);
    QObject::connect(&client, &QSslSocket::errorOccurred, &loop, [&] {
        if (failure.isEmpty())
            failure = client.errorString();
        loop.quit();
    });
    client.connectToHostEncrypted(QStringLiteral("127.0.0.1"), listener.serverPort());
    if (!client.isEncrypted())
        loop.exec();
    if (client.isEncrypted())
        return {};
    return listener.lastHandshakeError().isEmpty() ? failure : listener.lastHandshakeError();
}

} // namespace

Result<QSslConfiguration> loadServerTls(const QString &certificateFile, const QString &keyFile)
{
    const Result<QByteArray> chainPem = readPem(certificateFile, QStringLiteral("certificate"));
    if (!chainPem)
        return chainPem.error();
    const QList<QSslCertificate> chain = QSslCertificate::fromData(*chainPem, QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull())
        return tlsError(
            QStringLiteral("%1 holds no PEM certificate (BEGIN CERTIFICATE)").arg(certificateFile));
    const Result<QByteArray> keyPem = readPem(keyFile, QStringLiteral("key"));
    if (!keyPem)
        return keyPem.error();
    QSslKey key(*keyPem, QSsl::Rsa, QSsl::Pem, QSsl::PrivateKey);
    if (key.isNull())
        key = QSslKey(*keyPem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    if (key.isNull())
        return tlsError(
            QStringLiteral("%1 holds no unencrypted PEM RSA or EC private key").arg(keyFile));
    if (chain.first().publicKey().algorithm() != key.algorithm())
        return tlsError(QStringLiteral("the key in %1 does not belong to the certificate in %2")
                            .arg(keyFile, certificateFile));
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // clients prove who they are by token
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    if (const QString failed = loopbackHandshake(configuration); !failed.isEmpty())
        return tlsError(QStringLiteral("the key in %1 does not belong to the certificate in %2 "
                                       "(a test handshake failed: %3)")
                            .arg(keyFile, certificateFile, failed));
    return configuration;
}

Status trustCertificateAuthorities(const QString &caFile)
{
    const Result<QByteArray> pem = readPem(caFile, QStringLiteral("certificate authority"));
    if (!pem)
        return pem.error();
    const QList<QSslCertificate> authorities = QSslCertificate::fromData(*pem, QSsl::Pem);
    if (authorities.isEmpty() || authorities.first().isNull())
        return tlsError(
            QStringLiteral("%1 holds no PEM certificate (BEGIN CERTIFICATE)").arg(caFile));
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    // Qt loads the system's authorities on demand only while the list was never set: setting it
    // must name them too, or every public https endpoint stops being trusted.
    QList<QSslCertificate> trusted = configuration.caCertificates();
    if (trusted.isEmpty())
        trusted = QSslConfiguration::systemCaCertificates();
    qsizetype added = 0;
    for (const QSslCertificate &authority : authorities)
        if (!trusted.contains(authority)) {
            trusted.append(authority);
            ++added;
        }
    if (added == 0)
        return Ok{};
    configuration.setCaCertificates(trusted);
    QSslConfiguration::setDefaultConfiguration(configuration);
    return Ok{};
}

QString certificateFingerprint(const QSslCertificate &certificate)
{
    const QByteArray hex = certificate.digest(QCryptographicHash::Sha256).toHex().toUpper();
    QStringList pairs;
    for (qsizetype i = 0; i + 1 < hex.size(); i += 2)
        pairs.append(QString::fromLatin1(hex.mid(i, 2)));
    return pairs.join(QLatin1Char(':'));
}

QString describeCertificateProblem(const QList<QSslError> &errors, const QSslCertificate &peer)
{
    QStringList reasons;
    for (const QSslError &error : errors)
        if (!reasons.contains(error.errorString()))
            reasons.append(error.errorString());
    QString text = reasons.join(QStringLiteral("; "));
    if (!peer.isNull())
        text += QStringLiteral(" (certificate of %1, SHA-256 %2)")
                    .arg(peer.subjectDisplayName(), certificateFingerprint(peer));
    return text;
}

} // namespace necrocode
