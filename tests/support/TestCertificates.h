// Certificates made at test time with openssl (Debian package openssl): a certificate authority,
// a server certificate it signed for localhost and 127.0.0.1, and a self-signed server
// certificate no authority vouches for, each with its unencrypted key, in a temporary directory.
#pragma once

#include "tls/TlsFiles.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

namespace necrocode::test {

class TestCertificates
{
public:
    // Empty on success; otherwise what openssl said.
    QString create()
    {
        if (!m_dir.isValid())
            return QStringLiteral("cannot create a temporary directory");
        QFile extensions(path(QStringLiteral("server.ext")));
        if (!extensions.open(QIODevice::WriteOnly))
            return extensions.errorString();
        extensions.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        extensions.close();
        const QString san = QStringLiteral("subjectAltName=DNS:localhost,IP:127.0.0.1");
        const QList<QStringList> steps{
            {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
             QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"),
             QStringLiteral("3"), QStringLiteral("-subj"), QStringLiteral("/CN=NecroCode Test CA"),
             QStringLiteral("-keyout"), caKey(), QStringLiteral("-out"), caCertificate()},
            {QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
             QStringLiteral("-nodes"), QStringLiteral("-subj"), QStringLiteral("/CN=localhost"),
             QStringLiteral("-keyout"), serverKey(), QStringLiteral("-out"),
             path(QStringLiteral("server.csr"))},
            {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
             path(QStringLiteral("server.csr")), QStringLiteral("-CA"), caCertificate(),
             QStringLiteral("-CAkey"), caKey(), QStringLiteral("-CAcreateserial"),
             QStringLiteral("-days"), QStringLiteral("3"), QStringLiteral("-extfile"),
             extensions.fileName(), QStringLiteral("-out"), serverCertificate()},
            {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
             QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"),
             QStringLiteral("3"), QStringLiteral("-subj"), QStringLiteral("/CN=self-signed worker"),
             QStringLiteral("-addext"), san, QStringLiteral("-keyout"), selfSignedKey(),
             QStringLiteral("-out"), selfSignedCertificate()},
        };
        for (const QStringList &arguments : steps) {
            QProcess openssl;
            openssl.setProcessChannelMode(QProcess::MergedChannels);
            openssl.start(QStringLiteral("openssl"), arguments);
            if (!openssl.waitForFinished(60000) || openssl.exitCode() != 0)
                return QStringLiteral("openssl %1 failed: %2%3")
                    .arg(arguments.first(), openssl.errorString(),
                         QString::fromLocal8Bit(openssl.readAll()));
        }
        return {};
    }

    // "AB:CD:…" as openssl prints it for the self-signed certificate.
    QString selfSignedFingerprint() const
    {
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("x509"), QStringLiteral("-noout"),
                       QStringLiteral("-fingerprint"), QStringLiteral("-sha256"),
                       QStringLiteral("-in"), selfSignedCertificate()});
        openssl.waitForFinished(30000);
        const QString line = QString::fromLatin1(openssl.readAllStandardOutput()).trimmed();
        return line.mid(line.indexOf(QLatin1Char('=')) + 1);
    }

    // The server configuration of the self-signed certificate (create() first).
    Result<QSslConfiguration> selfSignedServerTls() const
    {
        return loadServerTls(selfSignedCertificate(), selfSignedKey());
    }

    QString caCertificate() const { return path(QStringLiteral("ca.pem")); }
    QString caKey() const { return path(QStringLiteral("ca.key")); }
    QString serverCertificate() const { return path(QStringLiteral("server.pem")); }
    QString serverKey() const { return path(QStringLiteral("server.key")); }
    QString selfSignedCertificate() const { return path(QStringLiteral("self-signed.pem")); }
    QString selfSignedKey() const { return path(QStringLiteral("self-signed.key")); }
    QString path(const QString &name) const { return m_dir.filePath(name); }

private:
    QTemporaryDir m_dir;
};

} // namespace necrocode::test
