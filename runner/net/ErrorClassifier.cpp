#include "net/ErrorClassifier.h"

namespace necrocode {

QString error_type::http(int statusCode)
{
    return QStringLiteral("http_%1").arg(statusCode);
}

QString classifyError(QNetworkReply::NetworkError error, int httpStatus, bool timedOut)
{
    if (timedOut || error == QNetworkReply::TimeoutError)
        return error_type::Timeout;
    if (httpStatus == 401 || httpStatus == 403)
        return error_type::Auth;
    if (httpStatus == 429)
        return error_type::RateLimit;
    if (httpStatus >= 400)
        return error_type::http(httpStatus);
    switch (error) {
    case QNetworkReply::NoError:
        return QString();
    case QNetworkReply::OperationCanceledError:
        return error_type::Cancelled;
    case QNetworkReply::AuthenticationRequiredError:
        return error_type::Auth;
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
        return error_type::Connection;
    case QNetworkReply::SslHandshakeFailedError:
        return error_type::Certificate;
    default:
        break;
    }
    return httpStatus > 0 ? error_type::http(httpStatus) : error_type::Connection;
}

bool isRetryableStatus(int httpStatus)
{
    switch (httpStatus) {
    case 408:
    case 429:
    case 500:
    case 502:
    case 503:
    case 504:
        return true;
    default:
        return false;
    }
}

bool isRetryableErrorType(const QString &errorType)
{
    if (errorType == error_type::RateLimit || errorType == error_type::Timeout ||
        errorType == error_type::Connection)
        return true;
    if (errorType.startsWith(QLatin1String("http_")))
        return isRetryableStatus(QStringView(errorType).mid(5).toInt());
    return false;
}

bool isCriticalErrorType(const QString &errorType)
{
    return errorType == error_type::Auth;
}

} // namespace necrocode
