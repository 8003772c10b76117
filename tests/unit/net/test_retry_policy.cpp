// Retry decisions of SPEC §2.5: which errors are retried, backoff with cap and jitter,
// Retry-After in both forms, and no retry of a POST without an idempotency key.
#include "net/ErrorClassifier.h"
#include "net/RetryPolicy.h"

#include <QTest>

using namespace necrocode;

class TestRetryPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void classification_data()
    {
        QTest::addColumn<int>("networkError");
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("timedOut");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<bool>("retryable");
        QTest::newRow("429") << int(QNetworkReply::UnknownContentError) << 429 << false
                             << "rate_limit" << true;
        QTest::newRow("401") << int(QNetworkReply::AuthenticationRequiredError) << 401 << false
                             << "auth" << false;
        QTest::newRow("403") << int(QNetworkReply::ContentAccessDenied) << 403 << false << "auth"
                             << false;
        QTest::newRow("400") << int(QNetworkReply::ProtocolInvalidOperationError) << 400 << false
                             << "http_400" << false;
        QTest::newRow("404") << int(QNetworkReply::ContentNotFoundError) << 404 << false
                             << "http_404" << false;
        QTest::newRow("422") << int(QNetworkReply::UnknownContentError) << 422 << false
                             << "http_422" << false;
        QTest::newRow("408") << int(QNetworkReply::UnknownContentError) << 408 << false
                             << "http_408" << true;
        QTest::newRow("500") << int(QNetworkReply::InternalServerError) << 500 << false
                             << "http_500" << true;
        QTest::newRow("501") << int(QNetworkReply::OperationNotImplementedError) << 501 << false
                             << "http_501" << false;
        QTest::newRow("502") << int(QNetworkReply::UnknownServerError) << 502 << false << "http_502"
                             << true;
        QTest::newRow("503") << int(QNetworkReply::ServiceUnavailableError) << 503 << false
                             << "http_503" << true;
        QTest::newRow("504") << int(QNetworkReply::UnknownServerError) << 504 << false << "http_504"
                             << true;
        QTest::newRow("refused") << int(QNetworkReply::ConnectionRefusedError) << 0 << false
                                 << "connection" << true;
        QTest::newRow("closed") << int(QNetworkReply::RemoteHostClosedError) << 0 << false
                                << "connection" << true;
        QTest::newRow("deadline") << int(QNetworkReply::OperationCanceledError) << 0 << true
                                  << "timeout" << true;
        QTest::newRow("cancel") << int(QNetworkReply::OperationCanceledError) << 0 << false
                                << "cancelled" << false;
    }

    void classification()
    {
        QFETCH(int, networkError);
        QFETCH(int, status);
        QFETCH(bool, timedOut);
        QFETCH(QString, expected);
        QFETCH(bool, retryable);
        const QString type =
            classifyError(QNetworkReply::NetworkError(networkError), status, timedOut);
        QCOMPARE(type, expected);
        QCOMPARE(isRetryableErrorType(type), retryable);
    }

    void backoffGrowsAndIsCapped()
    {
        RetryPolicy policy(RetryConfig{10, 0.5, 2.0, 3.0, 0.0});
        QCOMPARE(policy.baseDelaySeconds(1), 0.5);
        QCOMPARE(policy.baseDelaySeconds(2), 1.0);
        QCOMPARE(policy.baseDelaySeconds(3), 2.0);
        QCOMPARE(policy.baseDelaySeconds(4), 3.0);
        QCOMPARE(policy.nextDelay(2, {QStringLiteral("http_503"), {}}, true).value(), 1.0);
    }

    void jitterStaysWithinItsBand()
    {
        RetryPolicy policy(RetryConfig{5, 1.0, 2.0, 30.0, 0.25}, 7);
        double low = 100, high = 0;
        for (int i = 0; i < 1000; ++i) {
            const double d = policy.nextDelay(1, {QStringLiteral("connection"), {}}, true).value();
            low = std::min(low, d);
            high = std::max(high, d);
        }
        QVERIFY(low >= 0.75 && high <= 1.25);
        QVERIFY(high - low > 0.3); // it really varies
    }

    void stopsWhenAttemptsAreUsedUp()
    {
        RetryPolicy policy(RetryConfig{3, 0.1, 2.0, 1.0, 0.0});
        QVERIFY(policy.nextDelay(1, {QStringLiteral("timeout"), {}}, true).has_value());
        QVERIFY(policy.nextDelay(2, {QStringLiteral("timeout"), {}}, true).has_value());
        QVERIFY(!policy.nextDelay(3, {QStringLiteral("timeout"), {}}, true).has_value());
    }

    void neverRetriesClientErrorsOrUnsafePosts()
    {
        RetryPolicy policy(RetryConfig{5, 0.1, 2.0, 1.0, 0.0});
        for (const char *type :
             {"http_400", "http_401", "auth", "http_403", "http_404", "http_422", "parse"})
            QVERIFY2(!policy.nextDelay(1, {QString::fromLatin1(type), {}}, true), type);
        QVERIFY(!policy.nextDelay(1, {QStringLiteral("http_503"), {}}, false));
    }

    void retryAfterWinsOverBackoff()
    {
        RetryPolicy policy(RetryConfig{5, 0.1, 2.0, 1.0, 0.0});
        QCOMPARE(policy.nextDelay(1, {QStringLiteral("rate_limit"), 2.0}, true).value(), 2.0);
    }

    void retryAfterParsing()
    {
        QCOMPARE(RetryPolicy::parseRetryAfter("1").value(), 1.0);
        QCOMPARE(RetryPolicy::parseRetryAfter(" 120 ").value(), 120.0);
        const QDateTime now = QDateTime(QDate(2015, 10, 21), QTime(7, 27, 30), Qt::UTC);
        QCOMPARE(RetryPolicy::parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now).value(), 30.0);
        QCOMPARE(RetryPolicy::parseRetryAfter("Wed, 21 Oct 2015 07:00:00 GMT", now).value(), 0.0);
        QVERIFY(!RetryPolicy::parseRetryAfter("soon"));
        QVERIFY(!RetryPolicy::parseRetryAfter("-3"));
        QVERIFY(!RetryPolicy::parseRetryAfter(""));
    }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "test_retry_policy.moc"
