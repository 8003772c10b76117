#include "settings/SettingsDialog.h"

#include "core/ConfigLoader.h"
#include "settings/ConfigSettings.h"
#include "shell/LanguageSwitcher.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

#include <limits>

namespace necrocode {

namespace {

const QString kInvalidStyle = QStringLiteral("border: 1px solid #c0392b;");
const QString kApiKey = QStringLiteral("llm.api_key");

const QStringList &serviceKeys()
{
    static const QStringList keys = {QStringLiteral("task_registry"), QStringLiteral("repo_pool"),
                                     QStringLiteral("artifact_store")};
    return keys;
}

} // namespace

QStringList SettingsDialog::editedKeys()
{
    QStringList keys;
    for (const QString &service : serviceKeys()) {
        keys.append(service + QStringLiteral(".url"));
        keys.append(service + QStringLiteral(".timeout_seconds"));
    }
    keys.append({QStringLiteral("llm.base_url"), QStringLiteral("llm.model"),
                 QStringLiteral("llm.timeout_seconds"), QStringLiteral("retry.max_attempts"),
                 QStringLiteral("retry.initial_delay_seconds"), QStringLiteral("retry.factor"),
                 QStringLiteral("retry.max_delay_seconds"), QStringLiteral("task.timeout_seconds"),
                 QStringLiteral("runners.max_parallel"), QStringLiteral("log.level")});
    return keys;
}

SettingsDialog::SettingsDialog(const RunnerConfig &config, const QString &language,
                               ApiKeyStore::Storage apiKeyStorage, QWidget *parent)
    : QDialog(parent), m_initial(config), m_edited(config), m_apiKeyStorage(apiKeyStorage),
      m_apiKey(new QLineEdit(this)), m_apiKeyLabel(new QLabel(this)),
      m_apiKeyNote(new QLabel(this)), m_language(new QComboBox(this)),
      m_languageLabel(new QLabel(this)), m_problemsLabel(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("settingsDialog"));
    for (int i = 0; i < 5; ++i)
        m_groups.append(new QGroupBox(this));

    auto *services = new QFormLayout(m_groups[0]);
    for (const QString &service : serviceKeys()) {
        const QString url = service + QStringLiteral(".url");
        const QString timeout = service + QStringLiteral(".timeout_seconds");
        addRow(services, url, lineEditor(url));
        addRow(services, timeout, integerEditor(timeout));
    }

    auto *llm = new QFormLayout(m_groups[1]);
    for (const char *name : {"llm.base_url", "llm.model"}) {
        const QString key = QString::fromLatin1(name);
        addRow(llm, key, lineEditor(key));
    }
    m_apiKey->setObjectName(QStringLiteral("setting:llm.api_key"));
    m_apiKey->setEchoMode(QLineEdit::Password);
    m_apiKey->setText(config.llm.apiKey);
    m_apiKeyNote->setObjectName(QStringLiteral("settingsApiKeyNote"));
    m_apiKeyNote->setWordWrap(true);
    QFont noteFont = m_apiKeyNote->font();
    noteFont.setPointSizeF(noteFont.pointSizeF() * 0.9);
    m_apiKeyNote->setFont(noteFont);
    connect(m_apiKey, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    llm->addRow(m_apiKeyLabel, m_apiKey);
    llm->addRow(QString(), m_apiKeyNote);
    const QString llmTimeout = QStringLiteral("llm.timeout_seconds");
    addRow(llm, llmTimeout, integerEditor(llmTimeout));

    auto *retry = new QFormLayout(m_groups[2]);
    const QString attempts = QStringLiteral("retry.max_attempts");
    addRow(retry, attempts, integerEditor(attempts));
    for (const char *name :
         {"retry.initial_delay_seconds", "retry.factor", "retry.max_delay_seconds"}) {
        const QString key = QString::fromLatin1(name);
        addRow(retry, key, numberEditor(key, 2));
    }

    auto *runs = new QFormLayout(m_groups[3]);
    for (const char *name : {"task.timeout_seconds", "runners.max_parallel"}) {
        const QString key = QString::fromLatin1(name);
        addRow(runs, key, integerEditor(key));
    }
    auto *level = new QComboBox(this);
    for (int i = 0; i < kLogLevelCount; ++i)
        level->addItem(logLevelName(static_cast<LogLevel>(i)));
    level->setCurrentText(logLevelName(config.logLevel));
    connect(level, &QComboBox::currentIndexChanged, this, &SettingsDialog::validate);
    const QString logLevel = QStringLiteral("log.level");
    addRow(runs, logLevel, addEditor(logLevel, level));

    auto *interfaceForm = new QFormLayout(m_groups[4]);
    m_language->setObjectName(QStringLiteral("settingsLanguage"));
    for (const QString &code : LanguageSwitcher::languages())
        m_language->addItem(LanguageSwitcher::nativeName(code), code);
    m_language->setCurrentIndex(std::max(0, m_language->findData(language)));
    interfaceForm->addRow(m_languageLabel, m_language);

    m_problemsLabel->setObjectName(QStringLiteral("settingsProblems"));
    m_problemsLabel->setWordWrap(true);
    m_problemsLabel->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_problemsLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problemsLabel->hide();
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *left = new QVBoxLayout;
    left->addWidget(m_groups[0]);
    left->addWidget(m_groups[1]);
    left->addStretch(1);
    auto *right = new QVBoxLayout;
    right->addWidget(m_groups[2]);
    right->addWidget(m_groups[3]);
    right->addWidget(m_groups[4]);
    right->addStretch(1);
    auto *columns = new QHBoxLayout;
    columns->addLayout(left, 3);
    columns->addLayout(right, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns);
    layout->addWidget(m_problemsLabel);
    layout->addWidget(m_buttons);

    setApiKeyStorage(apiKeyStorage);
    retranslateUi();
    validate();
}

QWidget *SettingsDialog::addEditor(const QString &key, QWidget *editor)
{
    editor->setObjectName(QStringLiteral("setting:") + key);
    m_editors.insert(key, editor);
    auto *label = new QLabel(this);
    label->setBuddy(editor);
    m_labels.insert(key, label);
    return editor;
}

void SettingsDialog::addRow(QFormLayout *form, const QString &key, QWidget *editor)
{
    form->addRow(m_labels.value(key), editor);
}

QLineEdit *SettingsDialog::lineEditor(const QString &key)
{
    auto *edit = new QLineEdit(this);
    edit->setText(ConfigSettings::textOf(m_initial, *ConfigLoader::findKey(key)));
    edit->setMinimumWidth(fontMetrics().averageCharWidth() * 36);
    connect(edit, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    addEditor(key, edit);
    return edit;
}

QWidget *SettingsDialog::integerEditor(const QString &key)
{
    const ConfigKey &configKey = *ConfigLoader::findKey(key);
    auto *spin = new QSpinBox(this);
    spin->setRange(int(configKey.minimum),
                   int(std::min<double>(configKey.maximum, std::numeric_limits<int>::max())));
    spin->setValue(int(configKey.get(m_initial).toDouble()));
    spin->setGroupSeparatorShown(true);
    connect(spin, &QSpinBox::valueChanged, this, &SettingsDialog::validate);
    return addEditor(key, spin);
}

QWidget *SettingsDialog::numberEditor(const QString &key, int decimals)
{
    const ConfigKey &configKey = *ConfigLoader::findKey(key);
    auto *spin = new QDoubleSpinBox(this);
    spin->setDecimals(decimals);
    spin->setRange(configKey.minimum, configKey.maximum);
    spin->setSingleStep(0.5);
    spin->setValue(configKey.get(m_initial).toDouble());
    connect(spin, &QDoubleSpinBox::valueChanged, this, &SettingsDialog::validate);
    return addEditor(key, spin);
}

QString SettingsDialog::editorText(const QString &key) const
{
    QWidget *editor = m_editors.value(key);
    if (auto *edit = qobject_cast<QLineEdit *>(editor))
        return edit->text();
    if (auto *spin = qobject_cast<QSpinBox *>(editor))
        return QString::number(spin->value());
    if (auto *spin = qobject_cast<QDoubleSpinBox *>(editor))
        return QString::number(spin->value(), 'g', 15);
    if (auto *combo = qobject_cast<QComboBox *>(editor))
        return combo->currentText();
    return {};
}

QString SettingsDialog::language() const
{
    return m_language->currentData().toString();
}

QString SettingsDialog::apiKey() const
{
    return m_apiKey->text();
}

void SettingsDialog::validate()
{
    const QString source = QString::fromLatin1(kMessageSource);
    RunnerConfig edited = m_initial;
    QStringList problems;
    for (const QString &key : editedKeys()) {
        const Status applied = ConfigLoader::applyText(edited, key, editorText(key), source);
        if (QWidget *editor = qobject_cast<QLineEdit *>(m_editors.value(key)))
            editor->setStyleSheet(applied ? QString() : kInvalidStyle);
        if (!applied)
            problems.append(applied.errorMessage());
    }
    if (const Status applied = ConfigLoader::applyText(edited, kApiKey, apiKey(), source); !applied)
        problems.append(applied.errorMessage());
    if (problems.isEmpty()) {
        if (const Status valid = ConfigLoader::validate(edited); !valid)
            problems.append(valid.errorMessage());
    }
    m_edited = std::move(edited);
    m_problems = problems;
    m_problemsLabel->setText(problems.join(QLatin1Char('\n')));
    m_problemsLabel->setVisible(!problems.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problems.isEmpty());
}

void SettingsDialog::setApiKeyStorage(ApiKeyStore::Storage storage)
{
    m_apiKeyStorage = storage;
    switch (storage) {
    case ApiKeyStore::Storage::Checking:
        m_apiKeyNote->setText(tr("Looking for a desktop keychain…"));
        break;
    case ApiKeyStore::Storage::Keychain:
        m_apiKeyNote->setText(tr("Kept in the desktop keychain, never in the settings file."));
        break;
    case ApiKeyStore::Storage::SessionOnly:
        m_apiKeyNote->setText(tr("No desktop keychain is available: the key is kept in memory "
                                 "only and forgotten when the console exits."));
        break;
    }
}

void SettingsDialog::save(QSettings &settings, ApiKeyStore &apiKeys) const
{
    ConfigSettings(settings).save(m_edited, editedKeys());
    settings.setValue(QString::fromLatin1(kLanguageSetting), language());
    settings.sync();
    apiKeys.store(apiKey());
}

void SettingsDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void SettingsDialog::retranslateUi()
{
    setWindowTitle(tr("Settings"));
    m_groups[0]->setTitle(tr("Services"));
    m_groups[1]->setTitle(tr("LLM"));
    m_groups[2]->setTitle(tr("Retries"));
    m_groups[3]->setTitle(tr("Runs"));
    m_groups[4]->setTitle(tr("Interface"));

    const QString embedded = tr("Empty: the embedded local service");
    const std::pair<const char *, QString> labels[] = {
        {"task_registry.url", tr("Task registry URL")},
        {"task_registry.timeout_seconds", tr("Task registry timeout (s)")},
        {"repo_pool.url", tr("Repo pool URL")},
        {"repo_pool.timeout_seconds", tr("Repo pool timeout (s)")},
        {"artifact_store.url", tr("Artifact store URL")},
        {"artifact_store.timeout_seconds", tr("Artifact store timeout (s)")},
        {"llm.base_url", tr("Base URL")},
        {"llm.model", tr("Model")},
        {"llm.timeout_seconds", tr("Timeout (s)")},
        {"retry.max_attempts", tr("Attempts")},
        {"retry.initial_delay_seconds", tr("Initial delay (s)")},
        {"retry.factor", tr("Backoff factor")},
        {"retry.max_delay_seconds", tr("Delay cap (s)")},
        {"task.timeout_seconds", tr("Task timeout (s)")},
        {"runners.max_parallel", tr("Parallel runners")},
        {"log.level", tr("Log level")},
    };
    for (const auto &[key, text] : labels)
        m_labels.value(QString::fromLatin1(key))->setText(text);
    for (const QString &service : serviceKeys())
        qobject_cast<QLineEdit *>(m_editors.value(service + QStringLiteral(".url")))
            ->setPlaceholderText(embedded);
    qobject_cast<QLineEdit *>(m_editors.value(QStringLiteral("llm.base_url")))
        ->setPlaceholderText(tr("Empty: the embedded scripted model"));
    m_apiKeyLabel->setText(tr("API key"));
    m_apiKey->setPlaceholderText(tr("Not set"));
    m_languageLabel->setText(tr("Language"));
    setApiKeyStorage(m_apiKeyStorage);
}

} // namespace necrocode
