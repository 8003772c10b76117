#include "registry/TaskGraph.h"

#include <functional>

namespace necrocode {

bool dependenciesDone(const TaskDefinition &task, const QSet<QString> &done)
{
    for (const QString &dependency : task.dependencies) {
        if (!done.contains(dependency))
            return false;
    }
    return true;
}

QSet<QString> doneIds(const QList<TaskRecord> &tasks)
{
    QSet<QString> done;
    for (const TaskRecord &t : tasks) {
        if (t.state == TaskState::Done)
            done.insert(t.id());
    }
    return done;
}

QString findCycle(const QHash<QString, QStringList> &graph)
{
    enum class Mark { Unvisited, Active, Finished };
    QHash<QString, Mark> marks;
    QStringList stack;
    std::function<QString(const QString &)> visit = [&](const QString &node) -> QString {
        marks[node] = Mark::Active;
        stack.append(node);
        for (const QString &next : graph.value(node)) {
            if (!graph.contains(next))
                continue;
            const Mark mark = marks.value(next, Mark::Unvisited);
            if (mark == Mark::Active)
                return (stack.mid(stack.indexOf(next)) << next).join(QStringLiteral(" -> "));
            if (mark == Mark::Unvisited) {
                QString cycle = visit(next);
                if (!cycle.isEmpty())
                    return cycle;
            }
        }
        stack.removeLast();
        marks[node] = Mark::Finished;
        return {};
    };
    QStringList nodes = graph.keys();
    nodes.sort();
    for (const QString &node : nodes) {
        if (marks.value(node, Mark::Unvisited) == Mark::Unvisited) {
            QString cycle = visit(node);
            if (!cycle.isEmpty())
                return cycle;
        }
    }
    return {};
}

} // namespace necrocode
