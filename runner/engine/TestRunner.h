// The test phase of a task: runs the task's playbook, whose test step runs the task's
// test_commands or, when it names none, the commands TestCommandDetector finds. Every command
// gets its own timeout, capped by what is left of the task's time budget; fail_fast stops at the
// first failure. Asynchronous and cancellable; lives in the thread that created it.
#pragma once

#include "core/RunResults.h"
#include "core/TaskContext.h"
#include "engine/Playbook.h"
#include "engine/PlaybookRunner.h"
#include "engine/TestCommandDetector.h"
#include "log/Logger.h"

#include <QDeadlineTimer>
#include <QObject>

#include <functional>
#include <optional>

namespace necrocode {

struct TestRunSettings
{
    QString workspace;
    // Unset: the task's playbook_path, else configuredPlaybookPath, else the embedded default
    // (PlaybookLoader::loadForTask).
    std::optional<Playbook> playbook;
    QString configuredPlaybookPath;
    QString baseBranch = QStringLiteral("main");
    int perTestTimeoutSeconds = 900;
    QDeadlineTimer deadline{QDeadlineTimer::Forever}; // the task's time budget
    std::shared_ptr<const SecretMasker> masker;
    qsizetype outputLimitBytes = qsizetype{256} * 1024; // per command
    int killGraceMs = ProcessSpec::kDefaultKillGraceMs;
    // How test commands are confined; a task's metadata.allow_network turns its network on.
    SandboxPolicy sandbox;
};

struct TestRunReport
{
    TestResult tests;
    QStringList commands;  // the test commands the test step was given
    QString commandSource; // "task", "detected" or "none"
    QString note;          // set when there was nothing to test
    PlaybookReport playbook;
    bool cancelled = false;
    QString error; // the playbook could not be loaded (kind "playbook"); nothing ran
};

class TestRunner : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(const TestRunReport &)>;

    explicit TestRunner(Logger logger, TestCommandDetector detector = TestCommandDetector(),
                        QObject *parent = nullptr);

    // `done` runs exactly once, later, from the event loop. Zero test commands is a success
    // with a note (and a log entry), not an error. A playbook that cannot be loaded fails the
    // run before anything starts.
    void run(const TaskContext &task, TestRunSettings settings, Callback done);
    void cancel() { m_playbookRunner.cancel(); }
    bool isRunning() const { return m_playbookRunner.isRunning(); }

    // Variables that keep test tools non-interactive and out of the commit: CI=true (no watch
    // mode, no prompts), no Python bytecode files.
    static QMap<QString, QString> testEnvironment();
    // testEnvironment() plus the string values of the task's metadata.environment: inside the
    // sandbox these are the only variables a test sees besides Sandbox::baseEnvironment().
    static QMap<QString, QString> environmentFor(const TaskContext &task);

private:
    Logger m_logger;
    TestCommandDetector m_detector;
    PlaybookRunner m_playbookRunner;
};

} // namespace necrocode
