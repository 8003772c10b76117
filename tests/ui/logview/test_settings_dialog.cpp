// SettingsDialog and its storage: ConfigLoader's messages for invalid values, OK disabled while
// one is shown, values stored under config/ by ConfigLoader key name, the API key never written.
#include "core/ConfigLoader.h"
#include "settings/ApiKeyStore.h"
#include "settings/ConfigSettings.h"
#include "settings/SettingsDialog.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;

class TestSettingsDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsTheLoaderMessageForABadValue_data();
    void showsTheLoaderMessageForABadValue();
    void checksValuesAcrossKeys();
    void editsEveryDocumentedSetting();
    void savesUnderConfigWithoutTheApiKey();
    void explainsWhereTheApiKeyIsKept();
    void skipsStoredValuesThatNoLongerValidate();

private:
    static QPushButton *okButton(SettingsDialog &dialog)
    {
        return dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    }
    static QLabel *problemsLabel(SettingsDialog &dialog)
    {
        return dialog.findChild<QLabel *>(QStringLiteral("settingsProblems"));
    }
};

void TestSettingsDialog::showsTheLoaderMessageForABadValue_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::newRow("LLM URL without scheme")
        << QStringLiteral("llm.base_url") << QStringLiteral("llm.example.test/v1");
    QTest::newRow("ftp task registry")
        << QStringLiteral("task_registry.url") << QStringLiteral("ftp://registry.example.test");
    QTest::newRow("artifact store without host")
        << QStringLiteral("artifact_store.url") << QStringLiteral("http://");
}

void TestSettingsDialog::showsTheLoaderMessageForABadValue()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    SettingsDialog dialog(RunnerConfig{}, QStringLiteral("en"), ApiKeyStore::Storage::SessionOnly);
    dialog.show();
    QVERIFY(dialog.isValid());
    QVERIFY(okButton(dialog)->isEnabled());
    QVERIFY(problemsLabel(dialog)->isHidden());

    auto *edit = qobject_cast<QLineEdit *>(dialog.editor(key));
    QVERIFY(edit);
    edit->setText(value);

    RunnerConfig reference;
    const Status expected = ConfigLoader::applyText(
        reference, key, value, QString::fromLatin1(SettingsDialog::kMessageSource));
    QVERIFY(!expected.ok());
    QVERIFY(!dialog.isValid());
    QCOMPARE(dialog.problems(), QStringList{expected.errorMessage()});
    QVERIFY(problemsLabel(dialog)->isVisible());
    QCOMPARE(problemsLabel(dialog)->text(), expected.errorMessage());
    QVERIFY(!okButton(dialog)->isEnabled());

    edit->setText(QStringLiteral("https://services.example.test:8443"));
    QVERIFY(dialog.isValid());
    QVERIFY(okButton(dialog)->isEnabled());
    QVERIFY(problemsLabel(dialog)->isHidden());
}

void TestSettingsDialog::checksValuesAcrossKeys()
{
    SettingsDialog dialog(RunnerConfig{}, QStringLiteral("en"), ApiKeyStore::Storage::SessionOnly);
    qobject_cast<QDoubleSpinBox *>(dialog.editor(QStringLiteral("retry.initial_delay_seconds")))
        ->setValue(10);
    qobject_cast<QDoubleSpinBox *>(dialog.editor(QStringLiteral("retry.max_delay_seconds")))
        ->setValue(2);
    QVERIFY(!dialog.isValid());
    QVERIFY(dialog.problems().value(0).contains(QStringLiteral("retry.max_delay_seconds")));
    QVERIFY(!okButton(dialog)->isEnabled());
    qobject_cast<QLineEdit *>(dialog.editor(QStringLiteral("llm.model")))->clear();
    qobject_cast<QDoubleSpinBox *>(dialog.editor(QStringLiteral("retry.max_delay_seconds")))
        ->setValue(60);
    QVERIFY(dialog.problems().value(0).contains(QStringLiteral("llm.model")));
}

void TestSettingsDialog::editsEveryDocumentedSetting()
{
    RunnerConfig config;
    config.llm.model = QStringLiteral("gpt-test");
    config.retry.maxAttempts = 5;
    config.maxParallelRunners = 4;
    config.logLevel = LogLevel::Debug;
    SettingsDialog dialog(config, QStringLiteral("ja"), ApiKeyStore::Storage::SessionOnly);
    for (const QString &key : SettingsDialog::editedKeys()) {
        QVERIFY2(dialog.editor(key), qPrintable(key));
        QVERIFY2(ConfigLoader::findKey(key), qPrintable(key));
        QVERIFY(!ConfigLoader::findKey(key)->secret);
    }
    QCOMPARE(dialog.config(), config);
    QCOMPARE(dialog.language(), QStringLiteral("ja"));
    qobject_cast<QSpinBox *>(dialog.editor(QStringLiteral("runners.max_parallel")))->setValue(6);
    qobject_cast<QLineEdit *>(dialog.editor(QStringLiteral("repo_pool.url")))
        ->setText(QStringLiteral("http://127.0.0.1:8081"));
    QCOMPARE(dialog.config().maxParallelRunners, 6);
    QCOMPARE(dialog.config().repoPool.url, QStringLiteral("http://127.0.0.1:8081"));
}

void TestSettingsDialog::savesUnderConfigWithoutTheApiKey()
{
    const QString secret = QStringLiteral("sk-test-DO-NOT-STORE-4711");
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("console.ini"));
    RunnerConfig saved;
    {
        QSettings settings(path, QSettings::IniFormat);
        ApiKeyStore apiKeys(ApiKeyStore::Mode::SessionOnly);
        SettingsDialog dialog(RunnerConfig{}, QStringLiteral("en"), apiKeys.storage());
        qobject_cast<QLineEdit *>(dialog.editor(QStringLiteral("llm.base_url")))
            ->setText(QStringLiteral("https://llm.example.test/v1"));
        qobject_cast<QLineEdit *>(dialog.editor(QStringLiteral("llm.model")))
            ->setText(QStringLiteral("model-x"));
        qobject_cast<QSpinBox *>(dialog.editor(QStringLiteral("retry.max_attempts")))->setValue(7);
        dialog.apiKeyEdit()->setText(secret);
        QCOMPARE(dialog.apiKeyEdit()->echoMode(), QLineEdit::Password);
        QVERIFY(dialog.isValid());
        QCOMPARE(dialog.config().llm.apiKey, secret);
        dialog.save(settings, apiKeys);
        QCOMPARE(apiKeys.apiKey(), secret);
        saved = dialog.config();
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(!bytes.isEmpty());
    QVERIFY(!bytes.contains(secret.toUtf8()));
    QVERIFY(!bytes.contains("api_key"));

    QSettings settings(path, QSettings::IniFormat);
    QCOMPARE(settings.value(QStringLiteral("config/llm.base_url")).toString(),
             QStringLiteral("https://llm.example.test/v1"));
    QCOMPARE(settings.value(QStringLiteral("config/retry.max_attempts")).toString(),
             QStringLiteral("7"));
    QCOMPARE(settings.value(QStringLiteral("language")).toString(), QStringLiteral("en"));
    QStringList problems;
    RunnerConfig loaded = ConfigSettings(settings).load(RunnerConfig{}, &problems);
    QVERIFY(problems.isEmpty());
    QVERIFY(loaded.llm.apiKey.isEmpty());
    saved.llm.apiKey.clear();
    QCOMPARE(loaded, saved);
}

void TestSettingsDialog::explainsWhereTheApiKeyIsKept()
{
    SettingsDialog dialog(RunnerConfig{}, QStringLiteral("en"), ApiKeyStore::Storage::SessionOnly);
    auto *note = dialog.findChild<QLabel *>(QStringLiteral("settingsApiKeyNote"));
    const QString sessionOnly = note->text();
    QVERIFY(sessionOnly.contains(QStringLiteral("memory")));
    dialog.setApiKeyStorage(ApiKeyStore::Storage::Keychain);
    QVERIFY(note->text().contains(QStringLiteral("keychain")));
    QVERIFY(note->text() != sessionOnly);
}

void TestSettingsDialog::skipsStoredValuesThatNoLongerValidate()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("console.ini")), QSettings::IniFormat);
    settings.setValue(QStringLiteral("config/llm.base_url"), QStringLiteral("not a url"));
    settings.setValue(QStringLiteral("config/llm.model"), QStringLiteral("kept-model"));
    settings.setValue(QStringLiteral("config/llm.api_key"), QStringLiteral("planted"));
    QStringList problems;
    const RunnerConfig loaded = ConfigSettings(settings).load(RunnerConfig{}, &problems);
    QCOMPARE(loaded.llm.model, QStringLiteral("kept-model"));
    QCOMPARE(loaded.llm.baseUrl, QString());
    QVERIFY(loaded.llm.apiKey.isEmpty());
    QCOMPARE(problems.size(), 1);
    QVERIFY(problems.first().contains(QStringLiteral("llm.base_url")));
}

QTEST_MAIN(TestSettingsDialog)
#include "test_settings_dialog.moc"
