#include "engine/TestRunner.h"

#include "engine/PlaybookLoader.h"

#include <QJsonArray>

namespace necrocode {

TestRunner::TestRunner(Logger logger, TestCommandDetector detector, QObject *parent)
    : QObject(parent), m_logger(logger), m_detector(std::move(detector)),
      m_playbookRunner(std::move(logger), this)
{}

QMap<QString, QString> TestRunner::testEnvironment()
{
    return {{QStringLiteral("CI"), QStringLiteral("true")},
            {QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1")},
            {QStringLiteral("GIT_TERMINAL_PROMPT"), QStringLiteral("0")}};
}

void TestRunner::run(const TaskContext &task, TestRunSettings settings, Callback done)
{
    if (!settings.playbook) {
        auto loaded =
            PlaybookLoader::loadForTask(task, settings.workspace, settings.configuredPlaybookPath);
        if (!loaded) {
            TestRunReport failed;
            failed.error = loaded.errorMessage();
            m_logger.error(QStringLiteral("the playbook could not be loaded: %1").arg(failed.error),
                           {{QStringLiteral("playbook_path"), task.playbookPath}});
            QMetaObject::invokeMethod(
                this, [done = std::move(done), failed] { done(failed); }, Qt::QueuedConnection);
            return;
        }
        settings.playbook = std::move(loaded).value();
    }
    QStringList commands = task.testCommands;
    QString source = QStringLiteral("task");
    if (commands.isEmpty()) {
        commands = m_detector.detectCommands(settings.workspace);
        source = commands.isEmpty() ? QStringLiteral("none") : QStringLiteral("detected");
    }
    QString note;
    if (commands.isEmpty()) {
        note = QStringLiteral("no test commands were given and none were detected in the "
                              "workspace: the test step runs nothing");
        m_logger.info(note, {{QStringLiteral("workspace"), settings.workspace}});
    } else {
        m_logger.info(QStringLiteral("%1 test command(s) from the %2")
                          .arg(commands.size())
                          .arg(source == QLatin1String("task") ? QStringLiteral("task")
                                                               : QStringLiteral("workspace")),
                      {{QStringLiteral("commands"), QJsonArray::fromStringList(commands)},
                       {QStringLiteral("source"), source}});
    }

    PlaybookRunOptions options;
    options.workspace = settings.workspace;
    options.variables =
        PlaybookVariables::forTask(task, settings.workspace, commands, settings.baseBranch);
    options.failFast = task.failFast;
    options.defaultStepTimeoutSeconds = settings.perTestTimeoutSeconds;
    options.deadline = settings.deadline;
    options.environment = environmentFor(task);
    options.masker = settings.masker;
    options.outputLimitBytes = settings.outputLimitBytes;
    options.killGraceMs = settings.killGraceMs;
    options.sandbox = settings.sandbox;
    if (task.metadata.value(QLatin1String("allow_network")).toBool())
        options.sandbox.network = true;

    m_playbookRunner.run(
        std::move(*settings.playbook), std::move(options),
        [done = std::move(done), commands, source, note](const PlaybookReport &playbook) {
            TestRunReport report;
            report.tests = playbook.testResult();
            report.commands = commands;
            report.commandSource = source;
            report.note = note;
            report.playbook = playbook;
            report.cancelled = playbook.cancelled;
            done(report);
        });
}

QMap<QString, QString> TestRunner::environmentFor(const TaskContext &task)
{
    QMap<QString, QString> environment = testEnvironment();
    const QJsonObject declared = task.metadata.value(QLatin1String("environment")).toObject();
    for (auto it = declared.begin(); it != declared.end(); ++it)
        if (it.value().isString())
            environment.insert(it.key(), it.value().toString());
    return environment;
}

} // namespace necrocode
