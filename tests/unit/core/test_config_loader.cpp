// Configuration: file, environment and command line in order of precedence; validation messages
// name the key and the bad value; secrets never appear in a serialisation.
#include "core/ConfigLoader.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;

class TestConfigLoader : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString writeFile(const QString &name, const QByteArray &content)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(path));
        f.write(content);
        return path;
    }

private Q_SLOTS:
    void defaultsWorkWithoutAnySource()
    {
        ConfigSources sources;
        sources.environment = QProcessEnvironment();
        const auto config = ConfigLoader::load(sources);
        QVERIFY2(config.ok(), qPrintable(config.errorMessage()));
        QCOMPARE(config->llm.timeoutSeconds, 120);
        QCOMPARE(config->taskTimeoutSeconds, 1800);
        QCOMPARE(config->healthAddress, QStringLiteral("127.0.0.1"));
        QVERIFY(config->taskRegistry.url.isEmpty());
        QCOMPARE(config->taskLeaseSeconds, 60);
    }

    void theTaskLeaseIsBounded()
    {
        ConfigSources sources;
        sources.environment = QProcessEnvironment();
        sources.environment.insert(QStringLiteral("NECROCODE_TASK_REGISTRY_LEASE_SECONDS"),
                                   QStringLiteral("12"));
        QCOMPARE(ConfigLoader::load(sources)->taskLeaseSeconds, 12);
        sources.overrides = {{QStringLiteral("task_registry.lease_seconds"), QStringLiteral("2")}};
        const auto tooShort = ConfigLoader::load(sources);
        QVERIFY(!tooShort.ok());
        QVERIFY2(tooShort.errorMessage().contains(QStringLiteral("'2' is out of range [3, 3600]")),
                 qPrintable(tooShort.errorMessage()));
    }

    void commandLineBeatsEnvironmentBeatsFile()
    {
        const QString path = writeFile(
            QStringLiteral("c.json"),
            QJsonDocument(
                QJsonObject{
                    {QStringLiteral("llm"),
                     QJsonObject{{QStringLiteral("model"), QStringLiteral("from-file")},
                                 {QStringLiteral("max_tokens"), 100},
                                 {QStringLiteral("temperature"), 0.5}}},
                    {QStringLiteral("runners"), QJsonObject{{QStringLiteral("max_parallel"), 3}}},
                    {QStringLiteral("future_section"), QJsonObject{{QStringLiteral("x"), 1}}}})
                .toJson());
        ConfigSources sources;
        sources.filePath = path;
        sources.environment = QProcessEnvironment();
        sources.environment.insert(QStringLiteral("NECROCODE_LLM_MODEL"),
                                   QStringLiteral("from-env"));
        sources.environment.insert(QStringLiteral("NECROCODE_LLM_MAX_TOKENS"),
                                   QStringLiteral("200"));
        sources.overrides = {{QStringLiteral("llm.model"), QStringLiteral("from-cli")}};
        const auto config = ConfigLoader::load(sources);
        QVERIFY2(config.ok(), qPrintable(config.errorMessage()));
        QCOMPARE(config->llm.model, QStringLiteral("from-cli"));
        QCOMPARE(config->llm.maxTokens, 200);
        QCOMPARE(config->llm.temperature, 0.5);
        QCOMPARE(config->maxParallelRunners, 3);
    }

    void iniFilesWorkToo()
    {
        const QString path = writeFile(
            QStringLiteral("c.ini"), "[llm]\nmodel=ini-model\nstream=false\n[log]\nlevel=DEBUG\n");
        ConfigSources sources;
        sources.filePath = path;
        sources.environment = QProcessEnvironment();
        const auto config = ConfigLoader::load(sources);
        QVERIFY2(config.ok(), qPrintable(config.errorMessage()));
        QCOMPARE(config->llm.model, QStringLiteral("ini-model"));
        QCOMPARE(config->llm.stream, false);
        QCOMPARE(config->logLevel, LogLevel::Debug);
    }

    void apiKeyFromTheUsualVariables()
    {
        ConfigSources sources;
        sources.environment = QProcessEnvironment();
        sources.environment.insert(QStringLiteral("OPENAI_API_KEY"),
                                   QStringLiteral("sk-openai-1234"));
        QCOMPARE(ConfigLoader::load(sources)->llm.apiKey, QStringLiteral("sk-openai-1234"));
        sources.environment.insert(QStringLiteral("LLM_API_KEY"), QStringLiteral("llm-key-5678"));
        QCOMPARE(ConfigLoader::load(sources)->llm.apiKey, QStringLiteral("llm-key-5678"));
        sources.environment.insert(QStringLiteral("GIT_TOKEN"), QStringLiteral("ghp_token_abcdef"));
        QCOMPARE(ConfigLoader::load(sources)->gitToken, QStringLiteral("ghp_token_abcdef"));
    }

    void badValuesNameKeySourceAndValue_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("number")
            << "llm.temperature"
            << "warm"
            << "configuration key 'llm.temperature' (from command line): 'warm' is not a number";
        QTest::newRow("range") << "llm.temperature"
                               << "3"
                               << "'3' is out of range [0, 2]";
        QTest::newRow("integer") << "llm.max_tokens"
                                 << "1.5"
                                 << "'1.5' is not an integer";
        QTest::newRow("url") << "task_registry.url"
                             << "ftp://x"
                             << "'ftp://x' is not an http:// or https:// URL";
        QTest::newRow("url host") << "llm.base_url"
                                  << "http://"
                                  << "is not an http:// or https:// URL with a host";
        QTest::newRow("bool") << "llm.stream"
                              << "maybe"
                              << "'maybe' is not true or false";
        QTest::newRow("level") << "log.level"
                               << "LOUD"
                               << "is not one of DEBUG, INFO";
        QTest::newRow("port") << "health.port"
                              << "70000"
                              << "'health.port'";
        QTest::newRow("unknown") << "llm.colour"
                                 << "red"
                                 << "unknown configuration key 'llm.colour'";
    }

    void badValuesNameKeySourceAndValue()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, expected);
        ConfigSources sources;
        sources.environment = QProcessEnvironment();
        sources.overrides = {{key, value}};
        const auto config = ConfigLoader::load(sources);
        QVERIFY(!config.ok());
        QVERIFY2(config.errorMessage().contains(expected), qPrintable(config.errorMessage()));
        QCOMPARE(config.error().kind, QStringLiteral("config"));
    }

    void environmentErrorsNameTheVariable()
    {
        ConfigSources sources;
        sources.environment = QProcessEnvironment();
        sources.environment.insert(QStringLiteral("NECROCODE_RETRY_MAX_ATTEMPTS"),
                                   QStringLiteral("lots"));
        const auto config = ConfigLoader::load(sources);
        QVERIFY(config.errorMessage().contains(
            QStringLiteral("'retry.max_attempts' (from environment variable "
                           "NECROCODE_RETRY_MAX_ATTEMPTS): 'lots'")));
    }

    void fileErrorsNameTheFile()
    {
        ConfigSources sources;
        sources.environment = QProcessEnvironment();
        sources.filePath =
            writeFile(QStringLiteral("bad.json"), "{\"llm\": {\"max_tokens\": \"many\"}}");
        auto config = ConfigLoader::load(sources);
        QVERIFY2(config.errorMessage().contains(QStringLiteral("'llm.max_tokens' (from file ")),
                 qPrintable(config.errorMessage()));
        sources.filePath = writeFile(QStringLiteral("broken.json"), "{\"llm\": ");
        config = ConfigLoader::load(sources);
        QVERIFY(config.errorMessage().contains(QStringLiteral("is not valid JSON")));
        sources.filePath = m_dir.filePath(QStringLiteral("missing.json"));
        QVERIFY(
            ConfigLoader::load(sources).errorMessage().contains(QStringLiteral("does not exist")));
    }

    void crossKeyValidation()
    {
        ConfigSources sources;
        sources.environment = QProcessEnvironment();
        sources.overrides = {{QStringLiteral("retry.initial_delay_seconds"), QStringLiteral("10")},
                             {QStringLiteral("retry.max_delay_seconds"), QStringLiteral("5")}};
        QVERIFY(ConfigLoader::load(sources).errorMessage().contains(
            QStringLiteral("retry.max_delay_seconds")));
    }

    void secretsNeverSerialised()
    {
        ConfigSources sources;
        sources.environment = QProcessEnvironment();
        sources.overrides = {
            {QStringLiteral("llm.api_key"), QStringLiteral("sk-secret-value-1")},
            {QStringLiteral("git.token"), QStringLiteral("git-secret-value-2")},
            {QStringLiteral("task_registry.token"), QStringLiteral("reg-secret-3")}};
        const auto config = ConfigLoader::load(sources);
        QVERIFY(config.ok());
        const QByteArray text = QJsonDocument(config->toJson()).toJson();
        for (const QString &secret : config->secrets())
            QVERIFY2(!text.contains(secret.toUtf8()), qPrintable(secret));
        QCOMPARE(config->secrets().size(), 3);
        QVERIFY(text.contains("\"api_key_set\": true"));
        QVERIFY(!QJsonDocument(config->llm.toJson()).toJson().contains("sk-secret-value-1"));
        // Even a bad secret value is not echoed in the message.
        sources.overrides = {{QStringLiteral("llm.api_key"), QString()}};
        sources.environment.insert(QStringLiteral("NECROCODE_LLM_API_KEY"), QStringLiteral("x"));
        QVERIFY(ConfigLoader::load(sources).ok());
    }

    void groupsRoundTrip()
    {
        RetryConfig retry{5, 0.25, 3.0, 10.0, 0.1};
        QCOMPARE(RetryConfig::fromJson(retry.toJson()).value(), retry);
        LlmConfig llm;
        llm.baseUrl = QStringLiteral("http://127.0.0.1:1234/v1");
        llm.model = QStringLiteral("m");
        llm.maxTokens = 77;
        llm.stream = false;
        QCOMPARE(LlmConfig::fromJson(llm.toJson()).value(), llm);
        QVERIFY(RetryConfig::fromJson({{QStringLiteral("factor"), 0.5}})
                    .errorMessage()
                    .contains(QStringLiteral("'retry.factor'")));
    }

    void pricesFromFile()
    {
        ConfigSources sources;
        sources.environment = QProcessEnvironment();
        sources.filePath = writeFile(
            QStringLiteral("p.json"),
            "{\"prices\": {\"gpt-4o\": {\"input_per_million\": 2.5, \"output_per_million\": 10}}}");
        const auto config = ConfigLoader::load(sources);
        QVERIFY2(config.ok(), qPrintable(config.errorMessage()));
        QCOMPARE(config->prices.value(QStringLiteral("gpt-4o")).outputPerMillionUsd, 10.0);
        sources.filePath = writeFile(QStringLiteral("p2.json"),
                                     "{\"prices\": {\"gpt-4o\": {\"input_per_million\": -1}}}");
        QVERIFY(ConfigLoader::load(sources).errorMessage().contains(
            QStringLiteral("'prices.gpt-4o.input_per_million'")));
    }
};

QTEST_GUILESS_MAIN(TestConfigLoader)
#include "test_config_loader.moc"
