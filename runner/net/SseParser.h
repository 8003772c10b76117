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
    static constexpr qsizetype kDefaultMaxEventBytes = qsizetype{8} * 1024 * 1024;

    // A line or an event's data longer than `maxEventBytes` is dropped as it arrives, so a
    // stream without line breaks cannot fill the memory; the event it belonged to is dropped
    // too (counted in droppedEvents()) unless the line was a comment. However the bytes are cut
    // into chunks, the events and the count come out the same.
    explicit SseParser(qsizetype maxEventBytes = kDefaultMaxEventBytes)
        : m_maxEventBytes(maxEventBytes)
    {}

    QList<SseEvent> feed(const QByteArray &chunk);
    // The event still pending when the stream ends without a blank line, if any.
    QList<SseEvent> finish();

private:
    void processLine(QByteArrayView line, QList<SseEvent> &out);
    void dropLongLine(QByteArrayView lineStart);
    void dispatch(QList<SseEvent> &out);

    qsizetype m_maxEventBytes;
    QByteArray m_buffer;
    SseEvent m_current;
    bool m_hasData = false;
    bool m_skippingLine = false;    // the rest of an over-long line is being dropped
    bool m_swallowLineFeed = false; // a dropped line ended in '\r' at the end of a chunk
    bool m_eventTooLarge = false;   // the current event's data passed the limit
    qint64 m_droppedEvents = 0;

public:
    qint64 droppedEvents() const { return m_droppedEvents; }
};

} // namespace necrocode
