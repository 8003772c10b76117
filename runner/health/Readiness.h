// Whether the runner can take work: the states of the services it needs, all of which must be UP,
// and the worker not shutting down.
#pragma once

#include "health/ServiceState.h"

#include <QJsonObject>
#include <QMap>
#include <QStringList>

namespace necrocode {

struct Readiness
{
    QMap<QString, ServiceState> required; // state of each required service
    bool stopping = false;                // the worker takes no new task any more

    // True when not stopping and every required service is UP (also when none is required).
    bool ready() const;
    // The required services that are not UP, sorted by name.
    QStringList notUp() const;
    // {"ready":bool,"not_up":[names],"services":{name:"UP"|...}}, and "stopping":true when so.
    QJsonObject toJson() const;

    friend bool operator==(const Readiness &, const Readiness &) = default;
};

} // namespace necrocode
