// Finds how a working copy is tested when the task names no test commands: CMake (configure,
// build, ctest in a build directory), npm, pytest or unittest, go, cargo, Maven, Gradle.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace necrocode {

struct DetectedTestCommand
{
    QString ecosystem; // "cmake", "npm", "pytest", "unittest", "go", "cargo", "maven", "gradle"
    QString marker;    // the file that gave it away, relative to the workspace
    QString command;   // a shell command line, run in the workspace

    friend bool operator==(const DetectedTestCommand &, const DetectedTestCommand &) = default;
};

class TestCommandDetector
{
public:
    // The build directory of CMake projects, inside the workspace. It holds a .gitignore that
    // ignores the whole directory, so the build never ends up in the task's commit.
    static constexpr const char *kCMakeBuildDir = "build-necrocode";

    // Whether a program can be found on PATH; replaceable for tests.
    using ToolLookup = std::function<bool(const QString &program)>;

    explicit TestCommandDetector(ToolLookup hasTool = {});

    // In the order above; several ecosystems in one repository give several commands. Empty when
    // nothing is recognised. Only looks at files, runs nothing.
    QList<DetectedTestCommand> detect(const QString &workspaceDir) const;
    QStringList detectCommands(const QString &workspaceDir) const;

private:
    void detectPython(const QString &dir, QList<DetectedTestCommand> &found) const;

    ToolLookup m_hasTool;
};

} // namespace necrocode
