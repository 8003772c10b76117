// The /logs endpoint: a live server-sent-events stream of the process's JSON log entries for
// consoles that attach to a headless worker. Each entry is one event
//     id: <sequence>\nevent: log\ndata: <JSON line>\n\n
// `?since=N` (or the Last-Event-ID header of a reconnecting client) starts after sequence N,
// so a consumer catches up on what it missed; without it the stream starts with the oldest
// entry still kept. `?level=WARNING` keeps entries at or above a level. Entries that left the
// history before they could be sent are announced as `event: gap` with {"missed": n}.
#pragma once

#include "core/Result.h"
#include "log/LogLevel.h"

#include <QByteArray>

#include <memory>
#include <optional>

class QHttpServerResponder;
class QUrlQuery;

namespace necrocode {

class LogHub;

struct LogStreamRequest
{
    quint64 since = 0;
    LogLevel minimumLevel = LogLevel::Debug;
};

// The error names the bad parameter and its value.
Result<LogStreamRequest> parseLogStreamRequest(const QUrlQuery &query,
                                               const QByteArray &lastEventId);

// Answers with the event stream and keeps it open until the client goes away; the stream's state
// lives with the connection.
void startLogStream(std::shared_ptr<LogHub> hub, const LogStreamRequest &request,
                    QHttpServerResponder &&responder);

} // namespace necrocode
