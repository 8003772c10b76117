#include "engine/TestCommandDetector.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

namespace necrocode {

namespace {

// `npm init` writes this placeholder, which always fails: it is no test script.
const QLatin1StringView kNpmPlaceholder("echo \"Error: no test specified\" && exit 1");

bool exists(const QString &dir, const QString &name)
{
    return QFileInfo::exists(QDir(dir).filePath(name));
}

QByteArray readSmallFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.read(qint64{1024} * 1024);
}

bool fileContains(const QString &dir, const QString &name, const QByteArray &needle)
{
    return readSmallFile(QDir(dir).filePath(name)).contains(needle);
}

bool hasNpmTestScript(const QString &dir)
{
    const QJsonDocument package =
        QJsonDocument::fromJson(readSmallFile(QDir(dir).filePath(QStringLiteral("package.json"))));
    const QString test = package.object()
                             .value(QLatin1String("scripts"))
                             .toObject()
                             .value(QLatin1String("test"))
                             .toString()
                             .trimmed();
    return !test.isEmpty() && test != kNpmPlaceholder;
}

bool hasPythonTests(const QString &dir)
{
    return !QDir(dir).entryList({QStringLiteral("test_*.py")}, QDir::Files).isEmpty();
}

} // namespace

TestCommandDetector::TestCommandDetector(ToolLookup hasTool) : m_hasTool(std::move(hasTool))
{
    if (!m_hasTool)
        m_hasTool = [](const QString &program) {
            return !QStandardPaths::findExecutable(program).isEmpty();
        };
}

QList<DetectedTestCommand> TestCommandDetector::detect(const QString &dir) const
{
    QList<DetectedTestCommand> found;
    if (exists(dir, QStringLiteral("CMakeLists.txt"))) {
        const QString build = QString::fromLatin1(kCMakeBuildDir);
        const QString marker = QStringLiteral("CMakeLists.txt");
        found.append({QStringLiteral("cmake"), marker,
                      QStringLiteral("mkdir -p %1 && printf '*\\n' > %1/.gitignore && "
                                     "cmake -S . -B %1")
                          .arg(build)});
        found.append(
            {QStringLiteral("cmake"), marker, QStringLiteral("cmake --build %1").arg(build)});
        found.append({QStringLiteral("cmake"), marker,
                      QStringLiteral("ctest --test-dir %1 --output-on-failure").arg(build)});
    }
    if (exists(dir, QStringLiteral("package.json")) && hasNpmTestScript(dir))
        found.append(
            {QStringLiteral("npm"), QStringLiteral("package.json"), QStringLiteral("npm test")});
    detectPython(dir, found);
    if (exists(dir, QStringLiteral("go.mod")))
        found.append(
            {QStringLiteral("go"), QStringLiteral("go.mod"), QStringLiteral("go test ./...")});
    if (exists(dir, QStringLiteral("Cargo.toml")))
        found.append(
            {QStringLiteral("cargo"), QStringLiteral("Cargo.toml"), QStringLiteral("cargo test")});
    if (exists(dir, QStringLiteral("pom.xml")))
        found.append(
            {QStringLiteral("maven"), QStringLiteral("pom.xml"), QStringLiteral("mvn -q test")});
    for (const QString &gradle :
         {QStringLiteral("build.gradle"), QStringLiteral("build.gradle.kts")}) {
        if (!exists(dir, gradle))
            continue;
        const bool wrapper = exists(dir, QStringLiteral("gradlew"));
        found.append({QStringLiteral("gradle"), gradle,
                      wrapper ? QStringLiteral("./gradlew test") : QStringLiteral("gradle test")});
        break;
    }
    return found;
}

void TestCommandDetector::detectPython(const QString &dir, QList<DetectedTestCommand> &found) const
{
    const QString pytest = QStringLiteral("python3 -m pytest -q");
    const QString pytestMarkers[] = {QStringLiteral("pytest.ini"), QStringLiteral("conftest.py")};
    for (const QString &marker : pytestMarkers) {
        if (exists(dir, marker)) {
            found.append({QStringLiteral("pytest"), marker, pytest});
            return;
        }
    }
    const std::pair<QString, QByteArray> sections[] = {
        {QStringLiteral("pyproject.toml"), QByteArrayLiteral("[tool.pytest")},
        {QStringLiteral("setup.cfg"), QByteArrayLiteral("[tool:pytest]")},
        {QStringLiteral("tox.ini"), QByteArrayLiteral("[pytest]")},
    };
    for (const auto &[file, section] : sections) {
        if (fileContains(dir, file, section)) {
            found.append({QStringLiteral("pytest"), file, pytest});
            return;
        }
    }

    const QString testsDir = QDir(dir).filePath(QStringLiteral("tests"));
    const bool rootTests = hasPythonTests(dir);
    const bool dirTests = hasPythonTests(testsDir);
    if (!rootTests && !dirTests)
        return;
    const QString marker = rootTests ? QStringLiteral("test_*.py") : QStringLiteral("tests/");
    if (m_hasTool(QStringLiteral("pytest"))) {
        found.append({QStringLiteral("pytest"), marker, pytest});
        return;
    }
    // unittest only descends into packages; a plain tests/ directory is given as the start.
    const bool package = exists(testsDir, QStringLiteral("__init__.py"));
    found.append({QStringLiteral("unittest"), marker,
                  rootTests || package
                      ? QStringLiteral("python3 -m unittest discover -v")
                      : QStringLiteral("python3 -m unittest discover -v -s tests")});
}

QStringList TestCommandDetector::detectCommands(const QString &workspaceDir) const
{
    QStringList commands;
    for (const DetectedTestCommand &detected : detect(workspaceDir))
        commands.append(detected.command);
    return commands;
}

} // namespace necrocode
