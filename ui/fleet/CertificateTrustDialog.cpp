#include "fleet/CertificateTrustDialog.h"

#include <QPushButton>

namespace necrocode {

CertificateTrustDialog::CertificateTrustDialog(const QUrl &workerUrl, const QString &fingerprint,
                                               const QString &problem, QWidget *parent)
    : QMessageBox(parent), m_workerUrl(workerUrl), m_fingerprint(fingerprint)
{
    setObjectName(QStringLiteral("trustCertificateDialog"));
    setAttribute(Qt::WA_DeleteOnClose);
    setIcon(QMessageBox::Warning);
    setWindowTitle(tr("Untrusted Certificate"));
    setText(tr("The worker at %1 presents a certificate this console does not trust.")
                .arg(workerUrl.toString()));
    setInformativeText(
        tr("%1\n\nSHA-256 fingerprint:\n%2\n\nTrust it only if it is the fingerprint of the "
           "worker's certificate on its own machine. The console then follows this worker over "
           "https as long as it presents exactly this certificate.")
            .arg(problem, fingerprint));
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_trust = addButton(tr("Trust This Certificate"), QMessageBox::AcceptRole);
    addButton(QMessageBox::Cancel);
    setDefaultButton(QMessageBox::Cancel);
    connect(this, &QMessageBox::buttonClicked, this, [this](QAbstractButton *button) {
        if (button == m_trust)
            Q_EMIT trusted(m_workerUrl, m_fingerprint);
    });
}

} // namespace necrocode
