// Collects a process's output up to a byte bound: keeps the first and the last half of the bound
// and remembers how much was dropped in between, so both the start and the end stay readable.
#pragma once

#include <QByteArray>
#include <QString>

namespace necrocode {

class BoundedOutput
{
public:
    explicit BoundedOutput(qsizetype limitBytes);

    void append(const QByteArray &bytes);

    qsizetype limitBytes() const { return m_limit; }
    qsizetype totalBytes() const { return m_total; }
    qsizetype droppedBytes() const;
    bool truncated() const { return droppedBytes() > 0; }

    // Head and tail as UTF-8 text; a truncated output has a line naming the dropped byte count
    // between them.
    QString text() const;

private:
    qsizetype m_limit;
    qsizetype m_total = 0;
    QByteArray m_head;
    // The most recent bytes once the head is full. Grows to twice its share of the bound before
    // the front is cut, so that appending stays linear in the output size.
    QByteArray m_tail;
};

} // namespace necrocode
