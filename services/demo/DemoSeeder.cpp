#include "demo/DemoSeeder.h"

#include "core/JsonFields.h"
#include "pool/GitCommand.h"
#include "registry/TaskRegistryStore.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

namespace necrocode {

namespace {

const QString demoRoot = QStringLiteral(":/necrocode/demo/demo-calculator");
const QString originPlaceholder = QStringLiteral("{{DEMO_ORIGIN}}");

Error demoError(const QString &message)
{
    return makeError(message, QStringLiteral("demo"));
}

Status copyProjectFiles(const QString &target)
{
    const QString source = demoRoot + QStringLiteral("/repo");
    QDirIterator it(source, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    int copied = 0;
    while (it.hasNext()) {
        const QString from = it.next();
        const QString relative = QDir(source).relativeFilePath(from);
        const QString to = QDir(target).filePath(relative);
        QDir().mkpath(QFileInfo(to).absolutePath());
        QFile in(from);
        QFile out(to);
        if (!in.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly) ||
            out.write(in.readAll()) < 0)
            return demoError(
                QStringLiteral("cannot copy the demo file %1 to %2").arg(relative, to));
        ++copied;
    }
    if (copied == 0)
        return demoError(QStringLiteral("the demo project resources are missing"));
    return Ok{};
}

Status git(const QStringList &arguments, const QString &workingDirectory)
{
    const GitOutcome outcome = GitCommand::runBlocking(arguments, workingDirectory);
    if (!outcome.ok())
        return demoError(outcome.failureMessage());
    return Ok{};
}

} // namespace

QString DemoSeeder::specName()
{
    return QStringLiteral("demo-calculator");
}

QString DemoSeeder::scenarioPath()
{
    return demoRoot + QStringLiteral("/scenario.json");
}

Result<QString> DemoSeeder::ensureOriginRepository(const QString &dataDirectory)
{
    const QDir demoDir(QDir(dataDirectory).filePath(QStringLiteral("demo")));
    const QString origin = demoDir.filePath(QStringLiteral("demo-calculator-origin.git"));
    if (QFileInfo::exists(QDir(origin).filePath(QStringLiteral("HEAD"))))
        return origin;
    const QString work = demoDir.filePath(QStringLiteral("demo-calculator-work"));
    const QString partial = origin + QStringLiteral(".partial");
    QDir(work).removeRecursively();
    QDir(partial).removeRecursively();
    if (!QDir().mkpath(work))
        return demoError(QStringLiteral("cannot create %1").arg(work));
    if (Status copied = copyProjectFiles(work); !copied)
        return copied.error();
    const QStringList identity = {
        QStringLiteral("-c"), QStringLiteral("user.name=NecroCode Demo"),
        QStringLiteral("-c"), QStringLiteral("user.email=demo@necrocode.invalid"),
        QStringLiteral("-c"), QStringLiteral("commit.gpgsign=false")};
    for (const QStringList &arguments :
         {QStringList{QStringLiteral("-c"), QStringLiteral("init.defaultBranch=main"),
                      QStringLiteral("init"), QStringLiteral("--quiet")},
          QStringList{QStringLiteral("add"), QStringLiteral("--all")},
          identity + QStringList{QStringLiteral("commit"), QStringLiteral("--quiet"),
                                 QStringLiteral("-m"),
                                 QStringLiteral("Start the demo calculator with add()")},
          QStringList{QStringLiteral("clone"), QStringLiteral("--quiet"), QStringLiteral("--bare"),
                      work, partial}}) {
        if (Status done = git(arguments, work); !done)
            return done.error();
    }
    if (!QDir().rename(partial, origin))
        return demoError(QStringLiteral("cannot move %1 to %2").arg(partial, origin));
    QDir(work).removeRecursively();
    return origin;
}

Result<QList<TaskDefinition>> DemoSeeder::demoTasks(const QString &originPath)
{
    QFile file(demoRoot + QStringLiteral("/tasks.json"));
    if (!file.open(QIODevice::ReadOnly))
        return demoError(QStringLiteral("the demo task set resource is missing"));
    QByteArray text = file.readAll();
    QString escapedOrigin = originPath;
    escapedOrigin.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    escapedOrigin.replace(QLatin1Char('"'), QStringLiteral("\\\""));
    text.replace(originPlaceholder.toUtf8(), escapedOrigin.toUtf8());
    const Result<QJsonObject> root = json::parseObject(text, QStringLiteral("the demo task set"));
    if (!root)
        return root.error();
    QList<TaskDefinition> tasks;
    const QJsonArray array = root->value(QStringLiteral("tasks")).toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        Result<TaskDefinition> task =
            TaskDefinition::fromJson(array.at(i).toObject(), QStringLiteral("tasks[%1]").arg(i));
        if (!task)
            return task.error();
        tasks.append(std::move(task).value());
    }
    return tasks;
}

Status DemoSeeder::seed(TaskRegistryStore &store, const QString &dataDirectory)
{
    const Result<QString> origin = ensureOriginRepository(dataDirectory);
    if (!origin)
        return origin.error();
    const Result<QList<TaskDefinition>> tasks = demoTasks(*origin);
    if (!tasks)
        return tasks.error();
    const Result<TaskSetChange> change = store.upsertTaskSet(specName(), *tasks);
    if (!change)
        return change.error();
    return Ok{};
}

} // namespace necrocode
