// Bearer tokens: only "Bearer <the token>" matches (the scheme in any case), not a prefix, a
// longer value, the bare token or an empty token; a token file is read trimmed and an unreadable
// or empty one is an error naming the file but not its content; a server off loopback without a
// token is refused with a message that says how to set one. The configuration reads
// health.token_file (and the services' *.token_file) into the token and never shows it.
#include "core/AccessToken.h"
#include "core/ConfigLoader.h"

#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;

namespace {

// Writes `content` to `path` (replacing it); false when it cannot.
bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(content) == content.size();
}

} // namespace

class TestAccessToken : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void onlyTheWholeBearerTokenMatches()
    {
        QVERIFY(bearerTokenMatches("Bearer abc123", "abc123"));
        QVERIFY(bearerTokenMatches("bearer abc123", "abc123"));
        QVERIFY(bearerTokenMatches("BEARER abc123", "abc123"));
        QVERIFY(!bearerTokenMatches("Bearer abc12", "abc123"));
        QVERIFY(!bearerTokenMatches("Bearer abc1234", "abc123"));
        QVERIFY(!bearerTokenMatches("Bearer abc124", "abc123"));
        QVERIFY(!bearerTokenMatches("abc123", "abc123"));
        QVERIFY(!bearerTokenMatches("Basic abc123", "abc123"));
        QVERIFY(!bearerTokenMatches("Bearer ", ""));
        QVERIFY(!bearerTokenMatches("", ""));
        QCOMPARE(bearerChallenge(), QByteArray("Bearer realm=\"necrocode\""));
    }

    void tokenFilesAreReadTrimmed()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("token"));
        QVERIFY(writeFile(path, "  t0ken-value\n"));
        QCOMPARE(readTokenFile(path).value(), QStringLiteral("t0ken-value"));

        const Result<QString> missing = readTokenFile(dir.filePath(QStringLiteral("nope")));
        QVERIFY(!missing.ok());
        QVERIFY(missing.errorMessage().contains(QStringLiteral("nope")));
        QVERIFY(writeFile(path, " \n"));
        const Result<QString> empty = readTokenFile(path);
        QVERIFY(!empty.ok());
        QVERIFY(empty.errorMessage().contains(QStringLiteral("is empty")));
    }

    void offLoopbackNeedsAToken()
    {
        QVERIFY(requireTokenOffLoopback(QStringLiteral("127.0.0.1"), true, {}, QStringLiteral("x"),
                                        QStringLiteral("Set y"))
                    .ok());
        QVERIFY(requireTokenOffLoopback(QStringLiteral("0.0.0.0"), false, QStringLiteral("t"),
                                        QStringLiteral("x"), QStringLiteral("Set y"))
                    .ok());
        const Status refused = requireTokenOffLoopback(QStringLiteral("0.0.0.0"), false, {},
                                                       QStringLiteral("the services"),
                                                       QStringLiteral("Set token_file"));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, QStringLiteral("config"));
        QVERIFY(refused.errorMessage().contains(QStringLiteral("the services on 0.0.0.0")));
        QVERIFY(refused.errorMessage().contains(QStringLiteral("Set token_file")));
    }

    void theConfigurationReadsTokenFiles()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("health-token"));
        QVERIFY(writeFile(path, "fleet-secret\n"));
        ConfigSources sources;
        sources.environment = QProcessEnvironment();
        sources.environment.insert(QStringLiteral("NECROCODE_HEALTH_TOKEN_FILE"), path);
        // The LLM's API key from a mounted secret as well (NECROCODE_LLM_API_KEY_FILE).
        sources.environment.insert(QStringLiteral("NECROCODE_LLM_API_KEY_FILE"), path);
        sources.overrides = {{QStringLiteral("task_registry.token_file"), path}};
        const Result<RunnerConfig> config = ConfigLoader::load(sources);
        QVERIFY2(config.ok(), qPrintable(config.errorMessage()));
        QCOMPARE(config->healthToken, QStringLiteral("fleet-secret"));
        QCOMPARE(config->taskRegistry.token, QStringLiteral("fleet-secret"));
        QCOMPARE(config->llm.apiKey, QStringLiteral("fleet-secret"));
        QVERIFY(config->secrets().contains(QStringLiteral("fleet-secret")));
        const QByteArray shown = QJsonDocument(config->toJson()).toJson();
        QVERIFY(!shown.contains("fleet-secret"));
        QVERIFY(!shown.contains("token_file"));

        sources.overrides = {{QStringLiteral("health.token_file"), dir.filePath("missing")}};
        const Result<RunnerConfig> broken = ConfigLoader::load(sources);
        QVERIFY(!broken.ok());
        QVERIFY2(broken.errorMessage().contains(QStringLiteral("health.token_file")) &&
                     broken.errorMessage().contains(QStringLiteral("missing")),
                 qPrintable(broken.errorMessage()));
    }
};

QTEST_GUILESS_MAIN(TestAccessToken)
#include "test_access_token.moc"
