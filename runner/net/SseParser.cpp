#include "net/SseParser.h"

#include <algorithm>

namespace necrocode {

QList<SseEvent> SseParser::feed(const QByteArray &chunk)
{
    QList<SseEvent> out;
    qsizetype from = 0;
    if (m_swallowLineFeed && !chunk.isEmpty()) {
        m_swallowLineFeed = false;
        if (chunk.front() == '\n')
            from = 1; // the rest of the "\r\n" that ended a dropped line
    }
    if (m_skippingLine) {
        const qsizetype lf = chunk.indexOf('\n');
        const qsizetype cr = chunk.indexOf('\r');
        const qsizetype end = lf < 0 ? cr : (cr < 0 ? lf : std::min(lf, cr));
        if (end < 0)
            return out;
        m_skippingLine = false;
        // The line break ends the dropped line and goes with it, as when the line came whole.
        from = end + 1;
        if (chunk.at(end) == '\r') {
            if (from < chunk.size())
                from += chunk.at(from) == '\n' ? 1 : 0;
            else
                m_swallowLineFeed = true;
        }
    }
    m_buffer += QByteArrayView(chunk).sliced(from);
    qsizetype start = 0;
    while (true) {
        qsizetype end = -1;
        qsizetype next = -1;
        for (qsizetype i = start; i < m_buffer.size(); ++i) {
            const char c = m_buffer.at(i);
            if (c == '\n') {
                end = i;
                next = i + 1;
                break;
            }
            if (c == '\r') {
                if (i + 1 >= m_buffer.size())
                    break; // wait: it may be the start of "\r\n"
                end = i;
                next = m_buffer.at(i + 1) == '\n' ? i + 2 : i + 1;
                break;
            }
        }
        if (end < 0)
            break;
        if (end - start > m_maxEventBytes)
            dropLongLine(QByteArrayView(m_buffer).sliced(start, end - start));
        else
            processLine(QByteArrayView(m_buffer).sliced(start, end - start), out);
        start = next;
    }
    m_buffer.remove(0, start);
    // What is left is the start of a line (a '\r' at its end may yet begin its break).
    const bool endsInCarriageReturn = m_buffer.endsWith('\r');
    if (m_buffer.size() - (endsInCarriageReturn ? 1 : 0) > m_maxEventBytes) {
        dropLongLine(m_buffer);
        m_buffer.clear();
        // A '\r' at the end already ended the line (a '\n' after it belongs to that break).
        m_skippingLine = !endsInCarriageReturn;
        m_swallowLineFeed = endsInCarriageReturn;
    }
    return out;
}

QList<SseEvent> SseParser::finish()
{
    QList<SseEvent> out;
    if (!m_buffer.isEmpty()) {
        processLine(m_buffer, out);
        m_buffer.clear();
    }
    dispatch(out);
    return out;
}

// A line over the limit is dropped, whole or as it arrives, with the same outcome: a comment
// is simply gone; any other line takes its event with it.
void SseParser::dropLongLine(QByteArrayView lineStart)
{
    if (!lineStart.startsWith(':'))
        m_eventTooLarge = true;
}

void SseParser::processLine(QByteArrayView line, QList<SseEvent> &out)
{
    if (line.isEmpty()) {
        dispatch(out);
        return;
    }
    if (line.startsWith(':'))
        return; // comment / keep-alive
    const qsizetype colon = line.indexOf(':');
    const QByteArrayView field = colon < 0 ? line : line.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
    if (value.startsWith(' '))
        value = value.sliced(1);
    if (field == "data") {
        if (m_hasData)
            m_current.data += '\n';
        m_current.data += value;
        m_hasData = true;
        if (m_current.data.size() > m_maxEventBytes) {
            m_eventTooLarge = true;
            m_current.data.clear();
        }
    } else if (field == "event") {
        m_current.event = value.toByteArray();
    } else if (field == "id") {
        m_current.id = value.toByteArray();
    }
}

void SseParser::dispatch(QList<SseEvent> &out)
{
    if (m_eventTooLarge)
        ++m_droppedEvents;
    else if (m_hasData)
        out.append(m_current);
    m_eventTooLarge = false;
    m_current = SseEvent{};
    m_hasData = false;
}

} // namespace necrocode
