// The phases of a run (SPEC §3.1), in the order a run goes through them.
#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace necrocode {

enum class RunPhase {
    Queued,
    Validation,
    WorkspacePreparation, // workspace_preparation
    TaskImplementation,   // task_implementation
    TestExecution,        // test_execution
    CommitAndPush,        // commit_and_push
    ArtifactUpload,       // artifact_upload
    CompletionReport,     // completion_report
    Finished
};

// SPEC §3.1 phase names ("workspace_preparation", ...); "queued", "validation", "finished".
QString runPhaseName(RunPhase phase);
std::optional<RunPhase> parseRunPhase(QStringView name);

} // namespace necrocode
