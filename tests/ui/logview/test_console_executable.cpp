// The necrocode-console executable: --screenshot writes a picture of the window before
// --quit-after ends it, the start-up time is reported on request, bad options are refused.
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

class TestConsoleExecutable : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void savesAScreenshotBeforeQuitting_data();
    void savesAScreenshotBeforeQuitting();
    void reportsTheStartupTime();
    void refusesAnUnknownLanguage();

private:
    QProcess *start(const QStringList &arguments, const QProcessEnvironment &extra = {});

    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<QProcess> m_process;
};

void TestConsoleExecutable::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
}

QProcess *TestConsoleExecutable::start(const QStringList &arguments,
                                       const QProcessEnvironment &extra)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"),
                       m_home->filePath(QStringLiteral("config")));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_home->filePath(QStringLiteral("data")));
    environment.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    for (const QString &name : extra.keys())
        environment.insert(name, extra.value(name));
    m_process = std::make_unique<QProcess>();
    m_process->setProcessEnvironment(environment);
    m_process->start(QStringLiteral(NECROCODE_CONSOLE_EXECUTABLE), arguments);
    return m_process.get();
}

void TestConsoleExecutable::savesAScreenshotBeforeQuitting_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("English") << QStringLiteral("en");
    QTest::newRow("Japanese") << QStringLiteral("ja");
}

void TestConsoleExecutable::savesAScreenshotBeforeQuitting()
{
    QFETCH(QString, language);
    const QString picture = m_home->filePath(QStringLiteral("console.png"));
    QProcess *console = start({QStringLiteral("--demo"), QStringLiteral("--lang"), language,
                               QStringLiteral("--screenshot"), picture,
                               QStringLiteral("--quit-after"), QStringLiteral("1.5")});
    QVERIFY(console->waitForStarted());
    QVERIFY(console->waitForFinished(60000));
    QVERIFY2(console->exitCode() == 0, console->readAllStandardError().constData());
    QCOMPARE(console->exitStatus(), QProcess::NormalExit);
    QVERIFY(QFileInfo(picture).size() > 0);
    const QImage image(picture);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() >= 800);
    QVERIFY(image.height() >= 600);
}

void TestConsoleExecutable::reportsTheStartupTime()
{
    QProcessEnvironment report;
    report.insert(QStringLiteral("NECROCODE_CONSOLE_REPORT_STARTUP"), QStringLiteral("1"));
    QProcess *console = start({QStringLiteral("--quit-after"), QStringLiteral("0.5")}, report);
    QVERIFY(console->waitForFinished(60000));
    QCOMPARE(console->exitCode(), 0);
    const QByteArray output = console->readAllStandardOutput();
    QVERIFY2(output.contains("first_show_ms="), output.constData());
}

void TestConsoleExecutable::refusesAnUnknownLanguage()
{
    QProcess *console = start({QStringLiteral("--lang"), QStringLiteral("xx"),
                               QStringLiteral("--quit-after"), QStringLiteral("0")});
    QVERIFY(console->waitForFinished(60000));
    QCOMPARE(console->exitCode(), 2);
    QVERIFY(console->readAllStandardError().contains("xx"));
}

QTEST_GUILESS_MAIN(TestConsoleExecutable)
#include "test_console_executable.moc"
