// Maps transport errors and HTTP statuses onto the error classes of SPEC §2.5
// (rate_limit, timeout, connection, http_<code>, parse, auth, tls_certificate).
#pragma once

#include <QNetworkReply>
#include <QString>

namespace necrocode {

namespace error_type {
inline const QString RateLimit = QStringLiteral("rate_limit");
inline const QString Timeout = QStringLiteral("timeout");
inline const QString Connection = QStringLiteral("connection");
inline const QString Parse = QStringLiteral("parse");
inline const QString Auth = QStringLiteral("auth");
inline const QString Cancelled = QStringLiteral("cancelled");
// Something was larger than its configured limit (an answer, a change, a file).
inline const QString Limits = QStringLiteral("limits");
// The server's certificate is not trusted (unknown authority, wrong name, expired): not retried,
// since no retry fixes it.
inline const QString Certificate = QStringLiteral("tls_certificate");
QString http(int statusCode);
} // namespace error_type

// `timedOut` is true when the request was aborted by its own deadline.
QString classifyError(QNetworkReply::NetworkError error, int httpStatus, bool timedOut);

// Statuses worth retrying: 408, 429, 500, 502, 503, 504.
bool isRetryableStatus(int httpStatus);
// Error classes worth retrying: rate_limit, timeout, connection and the retryable http_<code>.
bool isRetryableErrorType(const QString &errorType);
// Authentication failures end a task at once.
bool isCriticalErrorType(const QString &errorType);

} // namespace necrocode
