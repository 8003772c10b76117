// The answer channel of one request. It writes HTTP/1.1 straight to the connection, so a reply
// can be sent later, streamed (chunked transfer), throttled, corrupted or dropped on purpose.
// Copies share one state: the first answer wins, and nothing is written once the client is gone.
// The connection is a socket, or any open device (a buffer when a request is handled without
// one): a device counts as connected while it is open.
#pragma once

#include "http/HttpResponse.h"

#include <QIODevice>
#include <QPointer>

#include <memory>

namespace necrocode {

class HttpReply
{
public:
    HttpReply() = default;
    HttpReply(QIODevice *connection, bool closeAfterReply);

    // The client is still connected and nothing was answered yet.
    bool isPending() const;
    bool isConnected() const;
    bool isAnswered() const;

    void send(const HttpResponse &response);
    // Closes the connection without an answer.
    void drop();

    // A response whose body is written piece by piece with chunked transfer encoding.
    void startStream(int status, const HttpHeaders &headers);
    void writeStreamChunk(const QByteArray &bytes);
    void finishStream();

    // Fault injection: the body is cut in half (the message stays valid HTTP).
    void corruptBody();
    // Fault injection: the body is written at this rate.
    void throttleBody(int bytesPerSecond);

    // The connection, as a context object for timers that must not outlive it (null when gone).
    QObject *connection() const;

private:
    struct State;
    std::shared_ptr<State> d;
};

} // namespace necrocode
