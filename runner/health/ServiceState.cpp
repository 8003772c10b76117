#include "health/ServiceState.h"

#include <array>

namespace necrocode {

namespace {

constexpr std::array kAllStates{ServiceState::Up, ServiceState::Degraded, ServiceState::Down,
                                ServiceState::Unknown};

} // namespace

QLatin1StringView serviceStateName(ServiceState state)
{
    switch (state) {
    case ServiceState::Up:
        return QLatin1StringView("UP");
    case ServiceState::Degraded:
        return QLatin1StringView("DEGRADED");
    case ServiceState::Down:
        return QLatin1StringView("DOWN");
    case ServiceState::Unknown:
        break;
    }
    return QLatin1StringView("UNKNOWN");
}

std::optional<ServiceState> parseServiceState(QStringView text)
{
    for (ServiceState state : kAllStates) {
        if (text.compare(serviceStateName(state), Qt::CaseInsensitive) == 0)
            return state;
    }
    return std::nullopt;
}

} // namespace necrocode
