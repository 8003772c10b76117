// The question a person answers before the console follows a worker whose https certificate no
// known authority vouches for (typically self-signed): which worker, why the certificate is not
// trusted, and its SHA-256 fingerprint to compare with the one on the worker's machine
// (`openssl x509 -noout -fingerprint -sha256 -in cert.pem`). Trusting pins that fingerprint.
#pragma once

#include <QMessageBox>
#include <QUrl>

namespace necrocode {

class CertificateTrustDialog : public QMessageBox
{
    Q_OBJECT

public:
    CertificateTrustDialog(const QUrl &workerUrl, const QString &fingerprint,
                           const QString &problem, QWidget *parent = nullptr);

    const QUrl &workerUrl() const { return m_workerUrl; }
    const QString &fingerprint() const { return m_fingerprint; }
    QAbstractButton *trustButton() const { return m_trust; }

Q_SIGNALS:
    void trusted(const QUrl &workerUrl, const QString &fingerprint);

private:
    QUrl m_workerUrl;
    QString m_fingerprint;
    QAbstractButton *m_trust = nullptr;
};

} // namespace necrocode
