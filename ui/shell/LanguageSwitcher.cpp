#include "shell/LanguageSwitcher.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>

namespace necrocode {

LanguageSwitcher::LanguageSwitcher(QObject *parent) : QObject(parent) {}

LanguageSwitcher::~LanguageSwitcher()
{
    removeTranslators();
}

QStringList LanguageSwitcher::languages()
{
    return {QStringLiteral("en"), QStringLiteral("ja")};
}

QString LanguageSwitcher::nativeName(const QString &code)
{
    if (code == QLatin1String("ja"))
        return QStringLiteral("日本語");
    return QStringLiteral("English");
}

QString LanguageSwitcher::normalized(const QString &code)
{
    const QString language = code.section(QLatin1Char('_'), 0, 0).section(QLatin1Char('-'), 0, 0);
    const QString lower = language.trimmed().toLower();
    return languages().contains(lower) ? lower : QString();
}

QString LanguageSwitcher::systemLanguage()
{
    return QLocale::system().language() == QLocale::Japanese ? QStringLiteral("ja")
                                                             : QStringLiteral("en");
}

void LanguageSwitcher::removeTranslators()
{
    if (m_consoleInstalled)
        QCoreApplication::removeTranslator(&m_console);
    if (m_qtInstalled)
        QCoreApplication::removeTranslator(&m_qt);
    m_consoleInstalled = false;
    m_qtInstalled = false;
}

bool LanguageSwitcher::setLanguage(const QString &code)
{
    const QString language = normalized(code);
    if (language.isEmpty())
        return false;
    if (language == m_language)
        return true;
    removeTranslators();

    const QLocale system = QLocale::system();
    const QLocale locale =
        language == QLatin1String("ja")         ? QLocale(QLocale::Japanese, QLocale::Japan)
        : system.language() == QLocale::English ? system
                                                : QLocale(QLocale::English, QLocale::UnitedStates);
    QLocale::setDefault(locale);

    if (m_qt.load(QStringLiteral("qtbase_") + language,
                  QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        m_qtInstalled = QCoreApplication::installTranslator(&m_qt);
    if (m_console.load(QStringLiteral(":/i18n/necrocode_") + language))
        m_consoleInstalled = QCoreApplication::installTranslator(&m_console);
    m_language = language;
    Q_EMIT languageChanged(language);
    return true;
}

} // namespace necrocode
