#include "registry/TaskState.h"

namespace necrocode {

namespace {

struct StateName
{
    TaskState state;
    const char *name;
};

constexpr StateName stateNames[] = {
    {TaskState::Ready, "ready"}, {TaskState::Running, "running"}, {TaskState::Blocked, "blocked"},
    {TaskState::Done, "done"},   {TaskState::Failed, "failed"},
};

} // namespace

QString taskStateName(TaskState state)
{
    for (const StateName &entry : stateNames) {
        if (entry.state == state)
            return QString::fromLatin1(entry.name);
    }
    return {};
}

std::optional<TaskState> parseTaskState(QStringView name)
{
    for (const StateName &entry : stateNames) {
        if (name == QLatin1String(entry.name))
            return entry.state;
    }
    return std::nullopt;
}

QStringList taskStateNames()
{
    QStringList names;
    for (const StateName &entry : stateNames)
        names.append(QString::fromLatin1(entry.name));
    return names;
}

bool isAllowedTransition(TaskState from, TaskState to)
{
    using enum TaskState;
    switch (from) {
    case Ready:
        return to == Running || to == Blocked || to == Done;
    case Running:
        return to == Done || to == Failed || to == Ready;
    case Blocked:
        return to == Ready || to == Running;
    case Done:
        return to == Ready;
    case Failed:
        return to == Ready || to == Running;
    }
    return false;
}

} // namespace necrocode
