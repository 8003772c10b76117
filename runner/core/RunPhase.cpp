#include "core/RunPhase.h"

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

} // namespace necrocode
