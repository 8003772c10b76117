// Switches the console's language at run time: installs the console's catalogue and Qt's own
// (qtbase_<lang>) and sets the default locale, after which every widget receives
// QEvent::LanguageChange and retranslates itself.
#pragma once

#include <QObject>
#include <QStringList>
#include <QTranslator>

namespace necrocode {

class LanguageSwitcher : public QObject
{
    Q_OBJECT

public:
    explicit LanguageSwitcher(QObject *parent = nullptr);
    ~LanguageSwitcher() override;

    // Language codes in menu order: "en", "ja".
    static QStringList languages();
    // The name of a language in that language ("English", "日本語").
    static QString nativeName(const QString &code);
    // `code` when the console has it ("ja_JP" and "JA" give "ja"), else empty.
    static QString normalized(const QString &code);
    // "ja" when the system locale is Japanese, else "en".
    static QString systemLanguage();

    QString language() const { return m_language; }
    // False (and nothing changes) for an unknown language.
    bool setLanguage(const QString &code);

Q_SIGNALS:
    void languageChanged(const QString &code);

private:
    void removeTranslators();

    QString m_language;
    QTranslator m_console;
    QTranslator m_qt;
    bool m_consoleInstalled = false;
    bool m_qtInstalled = false;
};

} // namespace necrocode
