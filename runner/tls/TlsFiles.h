// TLS from files: a server's certificate chain and private key (PEM), extra certificate
// authorities the clients of this process trust besides the system store, and the SHA-256
// fingerprint by which a user pins a self-signed certificate.
#pragma once

#include "core/Result.h"

#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>

namespace necrocode {

// The server configuration for a certificate file (the server's certificate first, then its
// chain) and its unencrypted RSA or EC key; the error names the file and what is wrong.
Result<QSslConfiguration> loadServerTls(const QString &certificateFile, const QString &keyFile);

// Adds the PEM certificates of `caFile` to the authorities every client of this process trusts
// (QSslConfiguration's default, on top of the system store). Adding the same file again changes
// nothing.
Status trustCertificateAuthorities(const QString &caFile);

// "AB:CD:…" (32 hex pairs): the SHA-256 digest of the certificate's DER form.
QString certificateFingerprint(const QSslCertificate &certificate);

// One line for a person: the errors' descriptions, and the peer's subject and fingerprint.
QString describeCertificateProblem(const QList<QSslError> &errors, const QSslCertificate &peer);

} // namespace necrocode
