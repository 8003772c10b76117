#include "workspace/CodeChange.h"

namespace necrocode {

QString changeOperationName(ChangeOperation operation)
{
    switch (operation) {
    case ChangeOperation::Create:
        return QStringLiteral("create");
    case ChangeOperation::Modify:
        return QStringLiteral("modify");
    case ChangeOperation::Delete:
        return QStringLiteral("delete");
    }
    return QStringLiteral("create");
}

std::optional<ChangeOperation> parseChangeOperation(const QString &name)
{
    for (auto op : {ChangeOperation::Create, ChangeOperation::Modify, ChangeOperation::Delete})
        if (changeOperationName(op) == name)
            return op;
    return std::nullopt;
}

} // namespace necrocode
