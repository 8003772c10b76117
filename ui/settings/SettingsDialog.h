// The console's settings: service URLs (empty: the embedded services), LLM endpoint, model and
// API key, timeouts, retry policy, parallel runners, log level and language. Every value is
// checked with ConfigLoader::applyText, so the messages are the headless runner's; OK stays
// disabled while one is invalid.
#pragma once

#include "core/RunnerConfig.h"
#include "settings/ApiKeyStore.h"

#include <QDialog>
#include <QHash>

class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QSettings;

namespace necrocode {

class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    static constexpr const char *kLanguageSetting = "language";
    static constexpr const char *kMessageSource = "settings";

    SettingsDialog(const RunnerConfig &config, const QString &language,
                   ApiKeyStore::Storage apiKeyStorage, QWidget *parent = nullptr);

    // The ConfigLoader keys the dialog edits, secrets excluded.
    static QStringList editedKeys();

    // The settings as edited; meaningful while isValid().
    RunnerConfig config() const { return m_edited; }
    QString language() const;
    QString apiKey() const;
    bool isValid() const { return m_problems.isEmpty(); }
    // The ConfigLoader messages of the invalid values.
    QStringList problems() const { return m_problems; }

    // The editor of a ConfigLoader key (a QLineEdit, QSpinBox, QDoubleSpinBox or QComboBox).
    QWidget *editor(const QString &key) const { return m_editors.value(key); }
    QLineEdit *apiKeyEdit() const { return m_apiKey; }

    void setApiKeyStorage(ApiKeyStore::Storage storage);

    // Writes the settings under "config/" (never the API key), the language, and hands the API
    // key to `apiKeys`.
    void save(QSettings &settings, ApiKeyStore &apiKeys) const;

protected:
    void changeEvent(QEvent *event) override;

private:
    // Names `editor` after `key` and gives it a label.
    QWidget *addEditor(const QString &key, QWidget *editor);
    void addRow(QFormLayout *form, const QString &key, QWidget *editor);
    QLineEdit *lineEditor(const QString &key);
    QWidget *integerEditor(const QString &key);
    QWidget *numberEditor(const QString &key, int decimals);
    QString editorText(const QString &key) const;
    void validate();
    void retranslateUi();

    RunnerConfig m_initial;
    RunnerConfig m_edited;
    QStringList m_problems;
    ApiKeyStore::Storage m_apiKeyStorage;
    QHash<QString, QWidget *> m_editors;
    QHash<QString, QLabel *> m_labels;
    QList<QGroupBox *> m_groups;
    QLineEdit *m_apiKey;
    QLabel *m_apiKeyLabel;
    QLabel *m_apiKeyNote;
    QComboBox *m_language;
    QLabel *m_languageLabel;
    QLabel *m_problemsLabel;
    QDialogButtonBox *m_buttons;
};

} // namespace necrocode
