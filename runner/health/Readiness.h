// Whether the runner can take work: the states of the services it needs, all of which must be UP.
#pragma once

#include "health/ServiceState.h"

#include <QJsonObject>
#include <QMap>
#include <QStringList>

namespace necrocode {

struct Readiness
{
    QMap<QString, ServiceState> required; // state of each required service

    // True when every required service is UP (also when none is required).
    bool ready() const;
    // The required services that are not UP, sorted by name.
    QStringList notUp() const;
    // {"ready":bool,"not_up":[names],"services":{name:"UP"|...}}
    QJsonObject toJson() const;

    friend bool operator==(const Readiness &, const Readiness &) = default;
};

} // namespace necrocode
