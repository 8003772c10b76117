// Runner lifecycle: idle → running → completed | failed → idle.
#pragma once

#include <QString>

#include <optional>

namespace necrocode {

enum class RunnerState { Idle, Running, Completed, Failed };

QString runnerStateName(RunnerState state);
std::optional<RunnerState> parseRunnerState(const QString &name);
// True for the transitions of the lifecycle above (and staying in a state).
bool isAllowedTransition(RunnerState from, RunnerState to);

} // namespace necrocode
