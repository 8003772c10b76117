// TestCommandDetector: one data row per ecosystem, built from marker files in a temporary
// directory; and a detected unittest command that really runs.
#include "../workspace/WorkspaceTestSupport.h"
#include "engine/TestCommandDetector.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;
using namespace necrocode::test;

namespace {

TestCommandDetector detectorWith(bool pytestInstalled)
{
    return TestCommandDetector([pytestInstalled](const QString &program) {
        return program == QLatin1String("pytest") && pytestInstalled;
    });
}

void createFiles(const QString &root, const QMap<QString, QByteArray> &files)
{
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        const QString path = QDir(root).filePath(it.key());
        QDir().mkpath(QFileInfo(path).path());
        writeTextFile(path, it.value());
    }
}

} // namespace

class TestTestCommandDetector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void detectsEachEcosystem_data()
    {
        using Files = QMap<QString, QByteArray>;
        QTest::addColumn<Files>("files");
        QTest::addColumn<bool>("pytestInstalled");
        QTest::addColumn<QStringList>("commands");

        QTest::newRow("nothing") << Files{{"README.md", "hi"}} << true << QStringList{};
        QTest::newRow("cmake")
            << Files{{"CMakeLists.txt", "project(x)"}} << false
            << QStringList{"mkdir -p build-necrocode && printf '*\\n' > build-necrocode/.gitignore"
                           " && cmake -S . -B build-necrocode",
                           "cmake --build build-necrocode",
                           "ctest --test-dir build-necrocode --output-on-failure"};
        QTest::newRow("npm") << Files{{"package.json", "{\"scripts\":{\"test\":\"jest\"}}"}}
                             << false << QStringList{"npm test"};
        QTest::newRow("npm placeholder script")
            << Files{{"package.json", "{\"scripts\":{\"test\":\"echo \\\"Error: no test "
                                      "specified\\\" && exit 1\"}}"}}
            << false << QStringList{};
        QTest::newRow("npm without test script")
            << Files{{"package.json", "{\"scripts\":{\"build\":\"tsc\"}}"}} << false
            << QStringList{};
        QTest::newRow("pytest.ini")
            << Files{{"pytest.ini", "[pytest]\n"}} << false << QStringList{"python3 -m pytest -q"};
        QTest::newRow("conftest") << Files{{"conftest.py", ""}} << false
                                  << QStringList{"python3 -m pytest -q"};
        QTest::newRow("pyproject pytest")
            << Files{{"pyproject.toml", "[tool.pytest.ini_options]\naddopts = \"-q\"\n"}} << false
            << QStringList{"python3 -m pytest -q"};
        QTest::newRow("pyproject without pytest")
            << Files{{"pyproject.toml", "[project]\nname = \"x\"\n"}} << true << QStringList{};
        QTest::newRow("setup.cfg pytest") << Files{{"setup.cfg", "[tool:pytest]\n"}} << false
                                          << QStringList{"python3 -m pytest -q"};
        QTest::newRow("tests dir with pytest")
            << Files{{"tests/test_models.py", ""}} << true << QStringList{"python3 -m pytest -q"};
        QTest::newRow("tests dir without pytest")
            << Files{{"tests/test_models.py", ""}} << false
            << QStringList{"python3 -m unittest discover -v -s tests"};
        QTest::newRow("tests package without pytest")
            << Files{{"tests/__init__.py", ""}, {"tests/test_models.py", ""}} << false
            << QStringList{"python3 -m unittest discover -v"};
        QTest::newRow("root test file without pytest")
            << Files{{"test_app.py", ""}} << false
            << QStringList{"python3 -m unittest discover -v"};
        QTest::newRow("tests dir without test files")
            << Files{{"tests/helpers.py", ""}} << true << QStringList{};
        QTest::newRow("go") << Files{{"go.mod", "module x\n"}} << false
                            << QStringList{"go test ./..."};
        QTest::newRow("cargo") << Files{{"Cargo.toml", "[package]\n"}} << false
                               << QStringList{"cargo test"};
        QTest::newRow("maven") << Files{{"pom.xml", "<project/>"}} << false
                               << QStringList{"mvn -q test"};
        QTest::newRow("gradle") << Files{{"build.gradle", ""}} << false
                                << QStringList{"gradle test"};
        QTest::newRow("gradle kts with wrapper")
            << Files{{"build.gradle.kts", ""}, {"gradlew", "#!/bin/sh\n"}} << false
            << QStringList{"./gradlew test"};
        QTest::newRow("several, in order")
            << Files{{"go.mod", "module x\n"},
                     {"package.json", "{\"scripts\":{\"test\":\"vitest\"}}"},
                     {"conftest.py", ""}}
            << false << QStringList{"npm test", "python3 -m pytest -q", "go test ./..."};
    }

    void detectsEachEcosystem()
    {
        using Files = QMap<QString, QByteArray>;
        QFETCH(Files, files);
        QFETCH(bool, pytestInstalled);
        QFETCH(QStringList, commands);
        QTemporaryDir dir;
        createFiles(dir.path(), files);
        QCOMPARE(detectorWith(pytestInstalled).detectCommands(dir.path()), commands);
    }

    void reportsTheMarker()
    {
        QTemporaryDir dir;
        createFiles(dir.path(), {{QStringLiteral("Cargo.toml"), "[package]\n"}});
        const QList<DetectedTestCommand> found = detectorWith(false).detect(dir.path());
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.first().ecosystem, QStringLiteral("cargo"));
        QCOMPARE(found.first().marker, QStringLiteral("Cargo.toml"));
    }

    void theDetectedUnittestCommandFindsTheTests()
    {
        QTemporaryDir dir;
        createFiles(dir.path(),
                    {{QStringLiteral("app.py"), "def double(x):\n    return 2 * x\n"},
                     {QStringLiteral("tests/test_app.py"),
                      "import unittest\nimport app\n\n"
                      "class T(unittest.TestCase):\n"
                      "    def test_double(self):\n        self.assertEqual(app.double(2), 4)\n"}});
        const QStringList commands = detectorWith(false).detectCommands(dir.path());
        QCOMPARE(commands.size(), 1);
        QProcess process;
        process.setWorkingDirectory(dir.path());
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), commands.first()});
        QVERIFY(process.waitForFinished(30000));
        const QByteArray output = process.readAll();
        QVERIFY2(process.exitCode() == 0, output.constData());
        QVERIFY2(output.contains("Ran 1 test"), output.constData());
    }
};

QTEST_GUILESS_MAIN(TestTestCommandDetector)
#include "test_test_command_detector.moc"
