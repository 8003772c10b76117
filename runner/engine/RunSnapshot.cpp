#include "engine/RunSnapshot.h"

#include "net/ErrorClassifier.h"

namespace necrocode {

RunOutcome finishedRunOutcome(bool success, const QString &errorType)
{
    if (success)
        return RunOutcome::Completed;
    return errorType == error_type::Cancelled ? RunOutcome::Cancelled : RunOutcome::Failed;
}

QString runOutcomeName(RunOutcome outcome)
{
    switch (outcome) {
    case RunOutcome::Pending:
        return QStringLiteral("queued");
    case RunOutcome::Running:
        return QStringLiteral("running");
    case RunOutcome::Completed:
        return QStringLiteral("completed");
    case RunOutcome::Failed:
        return QStringLiteral("failed");
    case RunOutcome::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QStringLiteral("queued");
}

} // namespace necrocode
