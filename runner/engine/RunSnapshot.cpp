#include "engine/RunSnapshot.h"

#include "net/ErrorClassifier.h"

namespace necrocode {

QString runPhaseName(RunPhase phase)
{
    switch (phase) {
    case RunPhase::Queued:
        return QStringLiteral("queued");
    case RunPhase::Validation:
        return QStringLiteral("validation");
    case RunPhase::WorkspacePreparation:
        return QStringLiteral("workspace_preparation");
    case RunPhase::TaskImplementation:
        return QStringLiteral("task_implementation");
    case RunPhase::TestExecution:
        return QStringLiteral("test_execution");
    case RunPhase::CommitAndPush:
        return QStringLiteral("commit_and_push");
    case RunPhase::ArtifactUpload:
        return QStringLiteral("artifact_upload");
    case RunPhase::CompletionReport:
        return QStringLiteral("completion_report");
    case RunPhase::Finished:
        return QStringLiteral("finished");
    }
    return QStringLiteral("queued");
}

std::optional<RunPhase> parseRunPhase(QStringView name)
{
    for (int i = int(RunPhase::Queued); i <= int(RunPhase::Finished); ++i)
        if (name == runPhaseName(RunPhase(i)))
            return RunPhase(i);
    return std::nullopt;
}

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
