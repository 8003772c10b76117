// One file change the model asked for (SPEC §2.4), as the workspace applies it.
#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace necrocode {

enum class ChangeOperation { Create, Modify, Delete };

QString changeOperationName(ChangeOperation operation);
std::optional<ChangeOperation> parseChangeOperation(const QString &name);

struct CodeChange
{
    QString filePath; // relative to the workspace, normalised with '/'
    ChangeOperation operation = ChangeOperation::Create;
    QString content;

    friend bool operator==(const CodeChange &, const CodeChange &) = default;
};

} // namespace necrocode
