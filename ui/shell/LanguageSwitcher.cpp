#include "shell/LanguageSwitcher.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QLoggingCategory>

namespace necrocode {

// Where the console's catalogues came from: QT_LOGGING_RULES="necrocode.i18n.info=true".
Q_LOGGING_CATEGORY(lcTranslations, "necrocode.i18n", QtWarningMsg)

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
    // The installed catalogue first (a package may update it), the built-in one otherwise.
    const QString installed =
        QDir(QCoreApplication::applicationDirPath())
            .absoluteFilePath(QStringLiteral(NECROCODE_TRANSLATIONS_FROM_BIN));
    for (const QString &directory : {QDir::cleanPath(installed), QStringLiteral(":/i18n")}) {
        if (!m_console.load(QStringLiteral("necrocode_") + language, directory))
            continue;
        qCInfo(lcTranslations, "console translation %s loaded from %s", qPrintable(language),
               qPrintable(m_console.filePath()));
        m_consoleInstalled = QCoreApplication::installTranslator(&m_console);
        break;
    }
    m_language = language;
    Q_EMIT languageChanged(language);
    return true;
}

} // namespace necrocode
