#include "workspace/BoundedOutput.h"

#include <algorithm>

namespace necrocode {

BoundedOutput::BoundedOutput(qsizetype limitBytes) : m_limit(std::max<qsizetype>(limitBytes, 2)) {}

void BoundedOutput::append(const QByteArray &bytes)
{
    m_total += bytes.size();
    const qsizetype headLimit = m_limit / 2;
    const qsizetype tailLimit = m_limit - headLimit;
    qsizetype offset = 0;
    if (m_head.size() < headLimit) {
        offset = std::min(bytes.size(), headLimit - m_head.size());
        m_head.append(bytes.constData(), offset);
    }
    if (offset == bytes.size())
        return;
    m_tail.append(bytes.constData() + offset, bytes.size() - offset);
    if (m_tail.size() > 2 * tailLimit)
        m_tail.remove(0, m_tail.size() - tailLimit);
}

qsizetype BoundedOutput::droppedBytes() const
{
    const qsizetype tailLimit = m_limit - m_limit / 2;
    return m_total - m_head.size() - std::min(m_tail.size(), tailLimit);
}

QString BoundedOutput::text() const
{
    const qsizetype tailLimit = m_limit - m_limit / 2;
    const QByteArray tail = m_tail.size() > tailLimit ? m_tail.right(tailLimit) : m_tail;
    if (!truncated())
        return QString::fromUtf8(m_head + tail);
    return QString::fromUtf8(m_head) +
           QStringLiteral("\n[... output truncated: %1 of %2 bytes omitted ...]\n")
               .arg(droppedBytes())
               .arg(m_total) +
           QString::fromUtf8(tail);
}

} // namespace necrocode
