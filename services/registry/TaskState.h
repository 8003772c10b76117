// The states of a registry task and the transitions SPEC §2.1 allows between them.
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace necrocode {

enum class TaskState { Ready, Running, Blocked, Done, Failed };

QString taskStateName(TaskState state);
std::optional<TaskState> parseTaskState(QStringView name);
QStringList taskStateNames();

// ready→{running,blocked,done}, running→{done,failed,ready}, blocked→{ready,running},
// done→ready, failed→{ready,running}. Staying in the same state is not a transition.
bool isAllowedTransition(TaskState from, TaskState to);

} // namespace necrocode
