// Incremental parser of a server-sent-events stream: feed it network chunks of any size, get
// complete events back.
#pragma once

#include <QByteArray>
#include <QList>

namespace necrocode {

struct SseEvent
{
    QByteArray event; // empty: "message"
    QByteArray data;  // data lines joined with '\n'
    QByteArray id;
};

class SseParser
{
public:
    QList<SseEvent> feed(const QByteArray &chunk);
    // The event still pending when the stream ends without a blank line, if any.
    QList<SseEvent> finish();

private:
    void processLine(QByteArrayView line, QList<SseEvent> &out);
    void dispatch(QList<SseEvent> &out);

    QByteArray m_buffer;
    SseEvent m_current;
    bool m_hasData = false;
};

} // namespace necrocode
