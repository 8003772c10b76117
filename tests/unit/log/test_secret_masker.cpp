// SecretMasker: every credential shape and every known secret disappears without leaving a
// fragment, the JSON line stays valid, `extra` is masked at any depth, other text is untouched.
#include "log/JsonLineFormatter.h"
#include "log/SecretMasker.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace necrocode;

namespace {

// The first substring of `secret` with at least 4 characters that is still in `text`.
QString leakedFragment(const QString &text, const QString &secret)
{
    constexpr qsizetype kFragment = 4;
    for (qsizetype i = 0; i + kFragment <= secret.size(); ++i) {
        const QStringView fragment = QStringView(secret).mid(i, kFragment);
        if (text.contains(fragment))
            return fragment.toString();
    }
    return {};
}

QString leakIn(const QString &text, const QStringList &secrets)
{
    for (const QString &secret : secrets) {
        const QString fragment = leakedFragment(text, secret);
        if (!fragment.isEmpty())
            return QStringLiteral("'%1' of '%2' left in: %3").arg(fragment, secret, text);
    }
    return {};
}

const QString kGitHubBody = QStringLiteral("16C7e42F292c6912E7710c838347Ae178B4a");

} // namespace

class TestSecretMasker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void masksEverySecretShape_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("secrets"); // what must vanish, in every form it appears
        QTest::addColumn<QStringList>("known");   // known secrets from configuration
        QTest::addColumn<QString>("kept");        // text that must survive

        const QStringList none;
        auto row = [](const char *name, const QString &text, const QStringList &secrets,
                      const QStringList &known, const QString &kept) {
            QTest::newRow(name) << text << secrets << known << kept;
        };
        const QString jwt = QStringLiteral(
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c");
        row("bearer header", QStringLiteral("GET /v1/models Authorization: Bearer ") + jwt, {jwt},
            none, QStringLiteral("GET /v1/models Authorization: Bearer "));
        row("bearer in prose", QStringLiteral("retrying with bearer Zm9vYmFyYmF6cXV4 now"),
            {QStringLiteral("Zm9vYmFyYmF6cXV4")}, none, QStringLiteral("retrying with bearer "));
        row("basic auth header", QStringLiteral("authorization: Basic dXNlcjpwYXNzd29yZA=="),
            {QStringLiteral("dXNlcjpwYXNzd29yZA==")}, none, QStringLiteral("Basic ***"));
        row("authorization in json",
            QStringLiteral(
                "{\"Authorization\": \"Token 9f8e7d6c5b4a39281706\", \"Accept\": \"*/*\"}"),
            {QStringLiteral("9f8e7d6c5b4a39281706")}, none, QStringLiteral("\"Accept\": \"*/*\"}"));
        row("authorization in python repr",
            QStringLiteral("headers={'authorization': 'Bearer abcDEF123456ghi', 'x': 1}"),
            {QStringLiteral("abcDEF123456ghi")}, none, QStringLiteral("'x': 1}"));
        row("authorization digest",
            QStringLiteral("Authorization: Digest username=\"bob\", "
                           "response=\"6629fae49393a05397450978507c4ef1\""),
            {QStringLiteral("6629fae49393a05397450978507c4ef1")}, none,
            QStringLiteral("Authorization: "));
        row("authorization multi-line",
            QStringLiteral("POST /x\nAuthorization: Bearer abcdef123456\nContent-Type: json"),
            {QStringLiteral("abcdef123456")}, none, QStringLiteral("\nContent-Type: json"));
        const QString openAi =
            QStringLiteral("sk-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKL");
        row("openai key", QStringLiteral("using key ") + openAi + QStringLiteral(" for llm"),
            {openAi}, none, QStringLiteral(" for llm"));
        const QString project = QStringLiteral("sk-proj-Ab3dE_fGh1jK-lMn0pQrS7tUvWxYz12345678");
        row("openai project key", QStringLiteral("LLM key=") + project, {project}, none,
            QStringLiteral("LLM key="));
        row("query string api_key",
            QStringLiteral(
                "GET https://api.example.com/v1?model=gpt&api_key=Zx81Kq2Lm9Np&stream=true"),
            {QStringLiteral("Zx81Kq2Lm9Np")}, none, QStringLiteral("&stream=true"));
        row("query string apikey", QStringLiteral("/search?apikey=Qw12Er34Ty56&q=cats"),
            {QStringLiteral("Qw12Er34Ty56")}, none, QStringLiteral("&q=cats"));
        row("form body password",
            QStringLiteral("grant_type=password&username=bob&password=S3cr3t!Pass&client_id=cli"),
            {QStringLiteral("S3cr3t!Pass")}, none, QStringLiteral("&client_id=cli"));
        row("token parameter", QStringLiteral("callback?token=0a1b2c3d4e5f6a7b&next=/home"),
            {QStringLiteral("0a1b2c3d4e5f6a7b")}, none, QStringLiteral("&next=/home"));
        row("client secret", QStringLiteral("client_secret=9Yt6Rr4Ee2Ww0Qq; expires=3600"),
            {QStringLiteral("9Yt6Rr4Ee2Ww0Qq")}, none, QStringLiteral("; expires=3600"));
        row("environment style", QStringLiteral("LLM_API_KEY: q7w8e9r0t1y2u3i4"),
            {QStringLiteral("q7w8e9r0t1y2u3i4")}, none, QStringLiteral("LLM_API_KEY: "));
        row("yaml password with ampersand", QStringLiteral("password: Tr0ub4dor&3xyz"),
            {QStringLiteral("Tr0ub4dor&3xyz")}, none, QStringLiteral("password: "));
        row("api key header", QStringLiteral("X-Api-Key: 5f4dcc3b5aa765d61d8327deb882cf99"),
            {QStringLiteral("5f4dcc3b5aa765d61d8327deb882cf99")}, none,
            QStringLiteral("X-Api-Key: "));
        row("json api_key",
            QStringLiteral("{\"api_key\":\"AbCdEfGh12345678\",\"model\":\"gpt-4o\"}"),
            {QStringLiteral("AbCdEfGh12345678")}, none, QStringLiteral("\"model\":\"gpt-4o\"}"));
        row("json password with escaped quote",
            QStringLiteral("{\"password\": \"pa\\\"ss123xyz9\", \"user\": \"bob\"}"),
            {QStringLiteral("pa\\\"ss123xyz9")}, none, QStringLiteral("\"user\": \"bob\"}"));
        row("escaped json token",
            QStringLiteral("body={\\\"token\\\":\\\"tok_live_998877665544\\\",\\\"n\\\":1}"),
            {QStringLiteral("tok_live_998877665544")}, none, QStringLiteral(",\\\"n\\\":1}"));
        row("truncated json body", QStringLiteral("request body: {\"api_key\": \"AbCdEfGh1234"),
            {QStringLiteral("AbCdEfGh1234")}, none, QStringLiteral("request body: "));
        row("single quoted secret", QStringLiteral("secret='Zz99Yy88Xx77' rest"),
            {QStringLiteral("Zz99Yy88Xx77")}, none, QStringLiteral(" rest"));
        for (const char *prefix : {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}) {
            const QString token = QLatin1StringView(prefix) + kGitHubBody;
            QTest::newRow(prefix) << (QStringLiteral("git push with ") + token)
                                  << QStringList{token} << none << QStringLiteral("git push with ");
        }
        const QString pat = QStringLiteral(
            "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVW");
        row("github fine-grained token", QStringLiteral("GIT_TOKEN ") + pat + QStringLiteral("."),
            {pat}, none, QStringLiteral("GIT_TOKEN "));
        row("aws access key id", QStringLiteral("aws key AKIAIOSFODNN7EXAMPLE in use"),
            {QStringLiteral("AKIAIOSFODNN7EXAMPLE")}, none, QStringLiteral(" in use"));
        row("aws session key id", QStringLiteral("ASIAY34FZKBOKMUTVV7A,"),
            {QStringLiteral("ASIAY34FZKBOKMUTVV7A")}, none, QStringLiteral(","));
        row("aws secret access key",
            QStringLiteral("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            {QStringLiteral("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")}, none,
            QStringLiteral("aws_secret_access_key = "));
        row("url password",
            QStringLiteral("cloning https://deploy:gh-Pa55w0rd-x@github.com/org/repo.git"),
            {QStringLiteral("gh-Pa55w0rd-x")}, none,
            QStringLiteral("https://deploy:***@github.com/org/repo.git"));
        row("database url", QStringLiteral("postgres://app:db_pass_1234@localhost:5432/app"),
            {QStringLiteral("db_pass_1234")}, none, QStringLiteral("@localhost:5432/app"));
        row("url token as password",
            QStringLiteral("https://x-access-token:ghs_") + kGitHubBody +
                QStringLiteral("@github.com/o/r"),
            {QStringLiteral("ghs_") + kGitHubBody}, none, QStringLiteral("@github.com/o/r"));
        row("known secret", QStringLiteral("connecting with correct-horse-battery-staple now"),
            {QStringLiteral("correct-horse-battery-staple")},
            {QStringLiteral("correct-horse-battery-staple")}, QStringLiteral(" now"));
        row("known secret percent-encoded",
            QStringLiteral("GET /login?u=bob&pw=p%40ss%2Fw0rd%2Bx&lang=en"),
            {QStringLiteral("p%40ss%2Fw0rd%2Bx")}, {QStringLiteral("p@ss/w0rd+x")},
            QStringLiteral("&lang=en"));
        row("known secret json-escaped", QStringLiteral("{\"v\":\"quote\\\"back\\\\slash\"}"),
            {QStringLiteral("quote\\\"back\\\\slash")}, {QStringLiteral("quote\"back\\slash")},
            QStringLiteral("{\"v\":\""));
        row("known secret twice and inside a shape",
            QStringLiteral("token=MyKnownSecret99 and again MyKnownSecret99!"),
            {QStringLiteral("MyKnownSecret99")}, {QStringLiteral("MyKnownSecret99")},
            QStringLiteral(" and again ***!"));
        row("several secrets in one line",
            QStringLiteral("key=") + openAi + QStringLiteral(" url=https://u:hunter2hunter2@h/ ") +
                QStringLiteral("AKIAIOSFODNN7EXAMPLE"),
            {openAi, QStringLiteral("hunter2hunter2"), QStringLiteral("AKIAIOSFODNN7EXAMPLE")},
            none, QStringLiteral(" url=https://u:***@h/ "));
    }

    void masksEverySecretShape()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, secrets);
        QFETCH(QStringList, known);
        QFETCH(QString, kept);
        SecretMasker masker;
        masker.addKnownSecrets(known);

        const QString masked = masker.mask(text);
        const QString leak = leakIn(masked, secrets);
        QVERIFY2(leak.isEmpty(), qPrintable(leak));
        QVERIFY2(masked.contains(SecretMasker::maskText()), qPrintable(masked));
        QVERIFY2(masked.contains(kept), qPrintable(masked));
        QCOMPARE(masker.mask(masked), masked); // masking is idempotent
    }

    void maskedEntryIsValidJsonWithoutSecrets_data() { masksEverySecretShape_data(); }

    void maskedEntryIsValidJsonWithoutSecrets()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, secrets);
        QFETCH(QStringList, known);
        SecretMasker masker;
        masker.addKnownSecrets(known);

        LogEntry entry = LogEntry::now(LogLevel::Error, QStringLiteral("t"), text);
        entry.exception = QStringLiteral("RuntimeError: ") + text;
        entry.extra.insert(QStringLiteral("detail"), text);
        entry.extra.insert(QStringLiteral("nested"),
                           QJsonObject{{QStringLiteral("list"), QJsonArray{1, text}}});
        masker.maskEntry(entry);
        const QByteArray line = formatJsonLine(entry);

        QJsonParseError error;
        const QJsonObject parsed = QJsonDocument::fromJson(line, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QVERIFY(parseJsonLine(line).ok());
        const QString nested =
            parsed[QStringLiteral("extra")][QStringLiteral("nested")][QStringLiteral("list")][1]
                .toString();
        for (const QString &field :
             {parsed[QStringLiteral("message")].toString(),
              parsed[QStringLiteral("exception")].toString(),
              parsed[QStringLiteral("extra")][QStringLiteral("detail")].toString(), nested,
              QString::fromUtf8(line)}) {
            const QString leak = leakIn(field, secrets);
            QVERIFY2(leak.isEmpty(), qPrintable(leak));
        }
        QVERIFY(nested.contains(SecretMasker::maskText()));
        QCOMPARE(
            parsed[QStringLiteral("extra")][QStringLiteral("nested")][QStringLiteral("list")][0]
                .toInt(),
            1);
    }

    void randomTextAroundSecretsNeverLeaks()
    {
        const QString noiseChars =
            QStringLiteral("abcXYZ019 _-.,;:=&@/?#'\"\\{}[]()\n\t\u00e9\u65e5");
        const QString alphabet =
            QStringLiteral("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
        const QStringList shapes = {
            QStringLiteral("api_key=%1"),
            QStringLiteral("Authorization: Bearer %1"),
            QStringLiteral("{\"password\":\"%1\"}"),
            QStringLiteral("https://bob:%1@host/x"),
            QStringLiteral("token: %1"),
            QStringLiteral("secret='%1'"),
            QStringLiteral("known:%1"),
        };
        QRandomGenerator rng(7);
        auto randomText = [&rng](const QString &chars, int length) {
            QString text;
            for (int i = 0; i < length; ++i)
                text.append(chars.at(rng.bounded(int(chars.size()))));
            return text;
        };
        for (int round = 0; round < 700; ++round) {
            const QString secret = randomText(alphabet, rng.bounded(12, 40));
            const QString &shape = shapes.at(round % shapes.size());
            SecretMasker masker;
            if (shape.startsWith(QStringLiteral("known")))
                masker.addKnownSecret(secret);
            const QString text = randomText(noiseChars, rng.bounded(0, 30)) + u' ' +
                                 shape.arg(secret) + u' ' +
                                 randomText(noiseChars, rng.bounded(0, 30));
            LogEntry entry = LogEntry::now(LogLevel::Info, QStringLiteral("t"), text);
            entry.extra.insert(QStringLiteral("text"), text);
            masker.maskEntry(entry);
            const QString leak = leakIn(entry.message, {secret});
            QVERIFY2(leak.isEmpty(), qPrintable(leak));
            QCOMPARE(entry.extra.value(QStringLiteral("text")).toString(), entry.message);
            QVERIFY(QJsonDocument::fromJson(formatJsonLine(entry)).isObject());
        }
    }

    void leavesOrdinaryTextAlone_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QString();
        QTest::newRow("plain") << QStringLiteral("workspace prepared in 1.2 s");
        QTest::newRow("token counts")
            << QStringLiteral("max_tokens=4096 prompt_tokens=12 completion_tokens=30");
        QTest::newRow("token field") << QStringLiteral("tokens_used: 1234, token_count=5");
        QTest::newRow("words with sk-") << QStringLiteral("task-management and risk-assessment");
        QTest::newRow("short sk-") << QStringLiteral("sk-8 is a size");
        QTest::newRow("url with port") << QStringLiteral("https://example.com:8080/path?x=1");
        QTest::newRow("url and email")
            << QStringLiteral("mail bob@example.com about https://example.com/a");
        QTest::newRow("auth failure")
            << QStringLiteral("authorization failed: invalid credentials");
        QTest::newRow("key in prose") << QStringLiteral("the key was rotated; password reset");
        QTest::newRow("short aws-like") << QStringLiteral("AKIA1234 and ASIAN food");
        QTest::newRow("short github-like") << QStringLiteral("ghp_short github_pat_x");
        QTest::newRow("unicode") << QStringLiteral("日本語のメッセージ ✓ token なし");
        QTest::newRow("json without secrets")
            << QStringLiteral("{\"model\":\"gpt-4o\",\"max_tokens\":512}");
    }

    void leavesOrdinaryTextAlone()
    {
        QFETCH(QString, text);
        SecretMasker masker;
        masker.addKnownSecret(QStringLiteral("unrelated-secret"));
        const QString masked = masker.mask(text);
        QCOMPARE(masked, text);
        QCOMPARE(masked.constData(), text.constData()); // unchanged text is not copied
    }

    void masksExtraAtEveryDepthAndKeepsKeys()
    {
        const QJsonObject extra{
            {QStringLiteral("service"), QStringLiteral("llm")},
            {QStringLiteral("api_key"), QStringLiteral("plainvalue123")},
            {QStringLiteral("headers"),
             QJsonObject{{QStringLiteral("Authorization"), QStringLiteral("Bearer tok123456789")},
                         {QStringLiteral("Accept"), QStringLiteral("application/json")}}},
            {QStringLiteral("args"),
             QJsonArray{QStringLiteral("--token=abc12345xyz"), QStringLiteral("keep")}},
            {QStringLiteral("credentials"),
             QJsonObject{{QStringLiteral("user"), QStringLiteral("bob")},
                         {QStringLiteral("pin"), 98765432}}},
            {QStringLiteral("password"), 12345678},
            {QStringLiteral("max_tokens"), 4096},
            {QStringLiteral("tokens_used"), 10},
            {QStringLiteral("ok"), true},
        };
        SecretMasker masker;
        LogEntry entry = LogEntry::now(LogLevel::Info, QStringLiteral("t"), QStringLiteral("m"));
        entry.extra = extra;
        masker.maskEntry(entry);
        const QJsonObject &m = entry.extra;

        QCOMPARE(m.keys(), extra.keys());
        QCOMPARE(m[QStringLiteral("service")].toString(), QStringLiteral("llm"));
        QCOMPARE(m[QStringLiteral("api_key")].toString(), QStringLiteral("***"));
        QCOMPARE(m[QStringLiteral("headers")][QStringLiteral("Authorization")].toString(),
                 QStringLiteral("***"));
        QCOMPARE(m[QStringLiteral("headers")][QStringLiteral("Accept")].toString(),
                 QStringLiteral("application/json"));
        QCOMPARE(m[QStringLiteral("args")][0].toString(), QStringLiteral("--token=***"));
        QCOMPARE(m[QStringLiteral("args")][1].toString(), QStringLiteral("keep"));
        QCOMPARE(m[QStringLiteral("credentials")][QStringLiteral("user")].toString(),
                 QStringLiteral("***"));
        QCOMPARE(m[QStringLiteral("credentials")][QStringLiteral("pin")].toString(),
                 QStringLiteral("***"));
        QCOMPARE(m[QStringLiteral("password")].toString(), QStringLiteral("***"));
        QCOMPARE(m[QStringLiteral("max_tokens")].toInt(), 4096);
        QCOMPARE(m[QStringLiteral("tokens_used")].toInt(), 10);
        QCOMPARE(m[QStringLiteral("ok")].toBool(), true);
        QCOMPARE(masker.maskJsonObject(extra), m);
        QCOMPARE(masker.maskJsonObject(m), m);
        QCOMPARE(masker.maskJsonValue(QJsonValue(extra)).toObject(), m);
    }

    void untouchedExtraIsNotCopied()
    {
        SecretMasker masker;
        const QJsonObject extra{{QStringLiteral("service"), QStringLiteral("llm")},
                                {QStringLiteral("attempt"), 2}};
        QCOMPARE(masker.maskJsonObject(extra), extra);
        LogEntry entry = LogEntry::now(LogLevel::Info, QStringLiteral("t"), QStringLiteral("m"));
        entry.extra = extra;
        masker.maskEntry(entry);
        QCOMPARE(entry.extra, extra);
    }

    void sensitiveKeys_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<bool>("sensitive");
        const std::pair<const char *, bool> keys[] = {
            {"api_key", true},        {"apiKey", true},       {"X-Api-Key", true},
            {"llm_api_key", true},    {"GIT_TOKEN", true},    {"access_token", true},
            {"password", true},       {"db_passwd", true},    {"client_secret", true},
            {"Authorization", true},  {"credentials", true},  {"aws_secret_access_key", true},
            {"private_key", true},    {"max_tokens", false},  {"tokens_used", false},
            {"prompt_tokens", false}, {"token_count", false}, {"service", false},
            {"secret_name", false},   {"key_count", false},   {"aws_access_key_id", false},
        };
        for (const auto &[key, sensitive] : keys)
            QTest::newRow(key) << QString::fromLatin1(key) << sensitive;
    }

    void sensitiveKeys()
    {
        QFETCH(QString, key);
        QFETCH(bool, sensitive);
        QCOMPARE(SecretMasker::isSensitiveKey(key), sensitive);
    }

    void shortAndDuplicateKnownSecretsAreIgnored()
    {
        SecretMasker masker;
        masker.addKnownSecrets({QStringLiteral("abc"), QStringLiteral("  x "), QString(),
                                QStringLiteral("s3cr3t-value"), QStringLiteral("s3cr3t-value")});
        QCOMPARE(masker.knownSecretCount(), 1);
        QCOMPARE(masker.mask(QStringLiteral("abc x")), QStringLiteral("abc x"));
        QCOMPARE(masker.mask(QStringLiteral("[s3cr3t-value]")), QStringLiteral("[***]"));
    }

    void copiesAreIndependentValues()
    {
        SecretMasker first;
        first.addKnownSecret(QStringLiteral("first-secret"));
        SecretMasker second = first;
        second.addKnownSecret(QStringLiteral("second-secret"));
        QCOMPARE(first.knownSecretCount(), 1);
        QCOMPARE(second.knownSecretCount(), 2);
        QCOMPARE(first.mask(QStringLiteral("second-secret")), QStringLiteral("second-secret"));
        QCOMPARE(second.mask(QStringLiteral("first-secret second-secret")),
                 QStringLiteral("*** ***"));
    }
};

QTEST_GUILESS_MAIN(TestSecretMasker)
#include "test_secret_masker.moc"
