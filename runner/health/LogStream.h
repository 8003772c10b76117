// The /logs endpoint: a live server-sent-events stream of the process's JSON log entries for
// consoles that attach to a headless worker. Each entry is one event
//     id: <sequence>\nevent: log\ndata: <JSON line>\n\n
// `?since=N` (or the Last-Event-ID header of a reconnecting client) starts after sequence N,
// so a consumer catches up on what it missed (at most kReplayEntries of it); without it the
// stream starts with the next entry. `?level=WARNING` keeps entries at or above a level. Entries
// that left the history before they could be sent are announced as `event: gap` with
// {"missed": n}. At most LogStreamClients::maximum streams are open at once; one more is
// answered 503, and memory goes back to the system when the last one closes.
#pragma once

#include "core/LogLevel.h"
#include "core/Result.h"

#include <QByteArray>

#include <memory>
#include <optional>

class QHttpServerResponder;
class QUrlQuery;

namespace necrocode {

class LogHub;

struct LogStreamRequest
{
    std::optional<quint64> since; // unset: from the next entry on
    LogLevel minimumLevel = LogLevel::Debug;
};

// The open streams of one server: how many there are and how many may be.
struct LogStreamClients
{
    static constexpr int kDefaultMaximum = 64;
    static constexpr std::size_t kReplayEntries = 20000; // a stream's backlog, at most
    int maximum = kDefaultMaximum;
    int open = 0;
};

// This process's identity for consumers: a new id every start, so that a console that follows a
// worker restarted on the same address knows the sequence numbers started over. The stream's
// first event is `event: hello` with {"instance_id", "started_at", "last_sequence"}.
const QString &processInstanceId();
const QString &processStartedAt(); // ISO-8601 UTC

// The error names the bad parameter and its value.
Result<LogStreamRequest> parseLogStreamRequest(const QUrlQuery &query,
                                               const QByteArray &lastEventId);

// Answers with the event stream and keeps it open until the client goes away; the stream's state
// lives with the connection.
// The stream counts itself in `clients` while it is open; at the limit the answer is 503.
void startLogStream(const std::shared_ptr<LogHub> &hub, const LogStreamRequest &request,
                    QHttpServerResponder &&responder, std::shared_ptr<LogStreamClients> clients);

} // namespace necrocode
