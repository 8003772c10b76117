// necrocode-console: the desktop console that runs the NecroCode agent runner and shows it live.
//   necrocode-console [--lang en|ja] [--demo] [--open FILE.jsonl]... [--attach URL]...
//                     [--screenshot FILE.png] [--quit-after SECONDS]
#include "EngineBackend.h"
#include "StartupReporter.h"
#include "core/ConfigLoader.h"
#include "settings/ConfigSettings.h"
#include "settings/SettingsDialog.h"
#include "shell/LanguageSwitcher.h"
#include "shell/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSettings>
#include <QTimer>
#include <QUrl>

#include <cstdio>

using namespace necrocode;

namespace {

constexpr int kDefaultScreenshotDelaySeconds = 3;

// The translation context of the command line's texts.
struct CommandLine
{
    Q_DECLARE_TR_FUNCTIONS(CommandLine)
};

// The --lang value, read before the parser so that its help text is already translated.
QString languageArgument(const QStringList &arguments)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument.startsWith(QLatin1String("--lang=")))
            return argument.mid(7);
        if (argument == QLatin1String("--lang") && i + 1 < arguments.size())
            return arguments.at(i + 1);
    }
    return {};
}

RunnerConfig startupConfig(QSettings &settings, QStringList &problems)
{
    Result<RunnerConfig> loaded = ConfigLoader::load(ConfigSources{});
    RunnerConfig config;
    if (loaded)
        config = std::move(loaded).value();
    else
        problems.append(loaded.errorMessage());
    return ConfigSettings(settings).load(config, &problems);
}

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("NecroCode"));
    QApplication::setApplicationName(QStringLiteral("necrocode-console"));
    QApplication::setApplicationVersion(QStringLiteral(NECROCODE_VERSION));
    QApplication::setWindowIcon(MainWindow::applicationIcon());

    QSettings settings;
    LanguageSwitcher languages;
    const QString requestedLanguage = languageArgument(QApplication::arguments());
    QString language = LanguageSwitcher::normalized(requestedLanguage);
    if (language.isEmpty())
        language = LanguageSwitcher::normalized(
            settings.value(QString::fromLatin1(SettingsDialog::kLanguageSetting)).toString());
    if (language.isEmpty())
        language = LanguageSwitcher::systemLanguage();
    languages.setLanguage(language);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        CommandLine::tr("Runs the NecroCode agent runner and shows it live."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption langOption(QStringLiteral("lang"),
                                        CommandLine::tr("Interface language: en or ja."),
                                        CommandLine::tr("language"));
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        CommandLine::tr("Queue the demo task set once the services are up."));
    const QCommandLineOption openOption(QStringLiteral("open"),
                                        CommandLine::tr("Open a JSON Lines log file (repeatable)."),
                                        CommandLine::tr("file"));
    const QCommandLineOption attachOption(
        QStringLiteral("attach"),
        CommandLine::tr("Follow a headless necrocode-runner serve (repeatable)."),
        CommandLine::tr("url"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        CommandLine::tr("Save a picture of the main window before quitting."),
        CommandLine::tr("file"));
    const QCommandLineOption quitAfterOption(QStringLiteral("quit-after"),
                                             CommandLine::tr("Quit after this many seconds."),
                                             CommandLine::tr("seconds"));
    parser.addOptions(
        {langOption, demoOption, openOption, attachOption, screenshotOption, quitAfterOption});
    parser.process(app);

    if (parser.isSet(langOption) && LanguageSwitcher::normalized(requestedLanguage).isEmpty()) {
        std::fprintf(
            stderr, "%s\n",
            qPrintable(
                CommandLine::tr("Unknown language '%1': use en or ja.").arg(requestedLanguage)));
        return 2;
    }
    double quitAfterSeconds = -1;
    if (parser.isSet(quitAfterOption)) {
        bool ok = false;
        quitAfterSeconds = parser.value(quitAfterOption).toDouble(&ok);
        if (!ok || quitAfterSeconds < 0) {
            std::fprintf(
                stderr, "%s\n",
                qPrintable(CommandLine::tr("--quit-after needs a number of seconds, not '%1'.")
                               .arg(parser.value(quitAfterOption))));
            return 2;
        }
    } else if (parser.isSet(screenshotOption)) {
        quitAfterSeconds = kDefaultScreenshotDelaySeconds;
    }

    QStringList problems;
    // The engine with the embedded local services (unless the settings name other services).
    const auto backend = std::make_unique<EngineBackend>(startupConfig(settings, problems));
    backend->start();

    MainWindow window(backend.get(), &languages);
    window.show();
    StartupReporter::watch(window, sinceStart);
    if (!problems.isEmpty())
        window.showNotice(problems.join(QStringLiteral("; ")), true);

    for (const QString &url : parser.values(attachOption))
        backend->attach(QUrl::fromUserInput(url));
    if (parser.isSet(demoOption))
        QObject::connect(backend.get(), &ConsoleBackend::ready, backend.get(),
                         &ConsoleBackend::runDemo, Qt::SingleShotConnection);
    const QStringList logFiles = parser.values(openOption);
    if (!logFiles.isEmpty())
        QTimer::singleShot(0, &window, [&window, logFiles] { window.openLogFiles(logFiles); });

    int exitCode = 0;
    if (quitAfterSeconds >= 0) {
        const QString screenshot = parser.value(screenshotOption);
        // The path by value: this block ends long before the timer fires.
        QTimer::singleShot(int(quitAfterSeconds * 1000), &app, [&window, &exitCode, screenshot] {
            if (!screenshot.isEmpty() && !window.saveScreenshot(screenshot)) {
                std::fprintf(
                    stderr, "%s\n",
                    qPrintable(
                        CommandLine::tr("Could not save the screenshot to %1.").arg(screenshot)));
                exitCode = 1;
            }
            window.close();
            QApplication::quit();
        });
    }
    const int loopCode = QApplication::exec();
    return exitCode != 0 ? exitCode : loopCode;
}
