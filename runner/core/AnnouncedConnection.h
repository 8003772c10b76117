// A queued connection from a signal emitted in one thread to a slot run in `receiver`'s thread,
// with the signal's arguments copied by the product and announced to the receiving thread (see
// ThreadHandOff.h). A plain queued connection has Qt copy the arguments inside QMetaObject's
// activate and hand them over through its post-event queue, whose lock ThreadSanitizer cannot see
// in Qt's libraries from Debian: the slot's first read of an argument is then reported as a race.
// Deliveries keep their order, and none happens once `receiver` is destroyed. The sender must not
// emit while `receiver` is being destroyed (the same rule as for any direct connection).
#pragma once

#include "core/ThreadHandOff.h"

#include <QMetaObject>
#include <QObject>

#include <functional>
#include <type_traits>
#include <utility>

namespace necrocode {

template <typename Sender, typename... Args, typename Slot>
QMetaObject::Connection connectAnnounced(Sender *sender, void (Sender::*signal)(Args...),
                                         QObject *receiver, Slot slot)
{
    return QObject::connect(
        sender, signal, receiver,
        [receiver, slot](Args... args) {
            QMetaObject::invokeMethod(receiver,
                                      ThreadHandOff::crossThreadCall(
                                          [slot, ... copies = std::decay_t<Args>(args)]() mutable {
                                              std::invoke(slot, std::as_const(copies)...);
                                          }),
                                      Qt::QueuedConnection);
        },
        Qt::DirectConnection);
}

} // namespace necrocode
