#include "health/Readiness.h"

#include <QJsonArray>

#include <algorithm>

namespace necrocode {

bool Readiness::ready() const
{
    return !stopping && std::all_of(required.cbegin(), required.cend(),
                                    [](ServiceState state) { return state == ServiceState::Up; });
}

QStringList Readiness::notUp() const
{
    QStringList names;
    for (auto it = required.cbegin(); it != required.cend(); ++it) {
        if (it.value() != ServiceState::Up)
            names.append(it.key());
    }
    return names;
}

QJsonObject Readiness::toJson() const
{
    QJsonObject services;
    for (auto it = required.cbegin(); it != required.cend(); ++it)
        services.insert(it.key(), QString(serviceStateName(it.value())));
    QJsonObject json{
        {QStringLiteral("ready"), ready()},
        {QStringLiteral("not_up"), QJsonArray::fromStringList(notUp())},
        {QStringLiteral("services"), services},
    };
    if (stopping)
        json.insert(QStringLiteral("stopping"), true);
    return json;
}

} // namespace necrocode
