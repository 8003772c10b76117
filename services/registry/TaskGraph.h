// The dependency graph of a task set: readiness and cycle detection.
#pragma once

#include "registry/TaskRecords.h"

#include <QHash>
#include <QSet>

namespace necrocode {

bool dependenciesDone(const TaskDefinition &task, const QSet<QString> &done);
QSet<QString> doneIds(const QList<TaskRecord> &tasks);
// A dependency cycle as "a -> b -> a", or empty. Unknown dependencies are not part of any cycle.
QString findCycle(const QHash<QString, QStringList> &graph);

} // namespace necrocode
