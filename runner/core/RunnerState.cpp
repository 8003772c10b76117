#include "core/RunnerState.h"

namespace necrocode {

QString runnerStateName(RunnerState state)
{
    switch (state) {
    case RunnerState::Idle:
        return QStringLiteral("idle");
    case RunnerState::Running:
        return QStringLiteral("running");
    case RunnerState::Completed:
        return QStringLiteral("completed");
    case RunnerState::Failed:
        return QStringLiteral("failed");
    }
    return QStringLiteral("idle");
}

std::optional<RunnerState> parseRunnerState(const QString &name)
{
    for (auto s :
         {RunnerState::Idle, RunnerState::Running, RunnerState::Completed, RunnerState::Failed})
        if (runnerStateName(s) == name)
            return s;
    return std::nullopt;
}

bool isAllowedTransition(RunnerState from, RunnerState to)
{
    if (from == to)
        return true;
    switch (from) {
    case RunnerState::Idle:
        return to == RunnerState::Running;
    case RunnerState::Running:
        return to == RunnerState::Completed || to == RunnerState::Failed;
    case RunnerState::Completed:
    case RunnerState::Failed:
        return to == RunnerState::Idle;
    }
    return false;
}

} // namespace necrocode
