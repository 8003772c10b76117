#include "workspace/ChangeApplier.h"

#include "workspace/AtomicFileWrite.h"
#include "workspace/ChangeJournal.h"
#include "workspace/RelativePath.h"
#include "workspace/WorkspacePaths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

namespace necrocode {

namespace {

Error workspaceError(const QString &message)
{
    return makeError(message, QStringLiteral("workspace"));
}

// Creates the missing directories above `path`, top-down, recording each one.
Status createParents(const QString &path, const QString &root, ChangeJournal &journal)
{
    QStringList missing;
    for (QString dir = QFileInfo(path).path(); dir.size() > root.size() && !QFileInfo::exists(dir);
         dir = QFileInfo(dir).path())
        missing.prepend(dir);
    for (const QString &dir : std::as_const(missing)) {
        if (!QDir().mkdir(dir))
            return workspaceError(QStringLiteral("cannot create the directory %1").arg(dir));
        journal.recordCreatedDirectory(dir);
    }
    return Ok{};
}

Result<QByteArray> readExisting(const QString &path, const QString &relative)
{
    const QFileInfo info(path);
    if (!info.exists())
        return workspaceError(QStringLiteral("'%1' does not exist").arg(relative));
    if (!info.isFile())
        return workspaceError(QStringLiteral("'%1' is not a regular file").arg(relative));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return workspaceError(
            QStringLiteral("cannot read '%1': %2").arg(relative, file.errorString()));
    return file.readAll();
}

Status applyOne(const CodeChange &change, const QString &path, const QString &root,
                ChangeJournal &journal)
{
    const QString &relative = change.filePath;
    if (change.operation == ChangeOperation::Create) {
        if (QFileInfo::exists(path))
            return workspaceError(
                QStringLiteral("'%1' exists already (use modify to change it)").arg(relative));
        if (Status parents = createParents(path, root, journal); !parents)
            return parents;
        journal.recordCreatedFile(path);
        return writeFileAtomically(path, change.content.toUtf8());
    }
    auto before = readExisting(path, relative);
    if (!before)
        return before.error();
    const QFileDevice::Permissions permissions = QFile::permissions(path);
    journal.recordReplacedFile(path, std::move(before).value(), permissions);
    if (change.operation == ChangeOperation::Modify)
        return writeFileAtomically(path, change.content.toUtf8(), permissions);
    QFile file(path);
    if (!file.remove())
        return workspaceError(
            QStringLiteral("cannot delete '%1': %2").arg(relative, file.errorString()));
    return Ok{};
}

} // namespace

ChangeApplier::ChangeApplier(QString workspaceRoot) : m_root(std::move(workspaceRoot)) {}

Result<AppliedChanges> ChangeApplier::apply(const QList<CodeChange> &changes) const
{
    auto paths = WorkspacePaths::open(m_root);
    if (!paths)
        return paths.error();

    ChangeJournal journal;
    AppliedChanges applied;
    QSet<QString> seen;
    for (qsizetype i = 0; i < changes.size(); ++i) {
        const CodeChange &change = changes.at(i);
        auto describe = [&](const QString &reason) {
            return QStringLiteral("change %1 (%2 %3): %4")
                .arg(i + 1)
                .arg(changeOperationName(change.operation), change.filePath, reason);
        };
        auto fail = [&](const QString &reason) -> Error {
            const int undone = int(applied.filesChanged.size());
            const QStringList problems = journal.rollBack();
            QString message = describe(reason);
            message += undone == 0 ? QStringLiteral("; nothing was changed")
                                   : QStringLiteral("; the %1 change(s) applied before it were "
                                                    "undone")
                                         .arg(undone);
            if (!problems.isEmpty())
                message +=
                    QStringLiteral("; undoing also failed: ") + problems.join(QStringLiteral("; "));
            return workspaceError(message);
        };

        const auto path = paths->resolve(change.filePath);
        if (!path)
            return fail(path.errorMessage());
        if (seen.contains(path.value()))
            return fail(QStringLiteral("the same file is changed twice"));
        seen.insert(path.value());
        if (const Status status = applyOne(change, path.value(), paths->canonicalRoot(), journal);
            !status)
            return fail(status.errorMessage());

        const QString relative = checkRelativePath(change.filePath).value();
        applied.filesChanged.append(relative);
        switch (change.operation) {
        case ChangeOperation::Create:
            applied.created.append(relative);
            break;
        case ChangeOperation::Modify:
            applied.modified.append(relative);
            break;
        case ChangeOperation::Delete:
            applied.deleted.append(relative);
            break;
        }
    }
    return applied;
}

} // namespace necrocode
