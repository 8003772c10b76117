// How much one service accepts from a connection: the largest request body and header block, and
// how long a keep-alive connection may sit idle with no request in progress.
#pragma once

#include <QtGlobal>

namespace necrocode {

struct RequestLimits
{
    qint64 maxBodyBytes = qint64{1024} * 1024;
    qint64 maxHeaderBytes = qint64{64} * 1024;
    int idleTimeoutMs = 60 * 1000; // 0: never closed for idleness

    friend bool operator==(const RequestLimits &, const RequestLimits &) = default;
};

} // namespace necrocode
