// `necrocode-runner workers`: prints the fleet's workers as the Task Registry knows them from
// their heartbeats (state, host, running tasks, capacity, completed, last seen, health URL), as
// a table or, with --json, as the registry's JSON.
#pragma once

#include <QStringList>

namespace necrocode {

// arguments[0] is the command's display name. Returns 0, 1 when the registry cannot be asked,
// 2 for bad arguments.
int runWorkersCommand(const QStringList &arguments);

} // namespace necrocode
