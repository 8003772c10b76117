// The event types of a Task Registry events answer ({"events":[{"event_type",...}]}), in order.
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

namespace necrocode::test {

inline QStringList eventTypes(const QJsonObject &events)
{
    QStringList types;
    for (const QJsonValue &e : events.value(QStringLiteral("events")).toArray())
        types.append(e.toObject().value(QStringLiteral("event_type")).toString());
    return types;
}

} // namespace necrocode::test
