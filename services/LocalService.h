// What every local service offers to the stack that runs it: listen, its base URL, its faults
// the limits of what it accepts, and who may use it.
#pragma once

#include "core/Result.h"
#include "faults/FaultInjector.h"
#include "http/RequestLimits.h"
#include "http/ServiceHttpServer.h"

#include <QHostAddress>
#include <QUrl>

namespace necrocode {

class LocalService
{
public:
    virtual ~LocalService() = default;

    // Loopback by default; port 0 picks a free port. Returns the port.
    virtual Result<quint16> listen(const QHostAddress &address = QHostAddress::LocalHost,
                                   quint16 port = 0) = 0;
    // The URL clients are configured with (the LLM's ends in /v1).
    virtual QUrl baseUrl() const = 0;
    virtual FaultInjector &faults() = 0;
    // The body size and idle limits of its connections; set before listen().
    virtual void setRequestLimits(const RequestLimits &limits) = 0;
    virtual RequestLimits requestLimits() const = 0;
    // Its token and whether /admin/* answers; set before listen().
    virtual void setAccess(const ServiceAccess &access) = 0;
    // Its HTTP front, which can also answer a request handed to it without a connection.
    virtual ServiceHttpServer &http() = 0;
};

} // namespace necrocode
