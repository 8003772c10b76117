#include "logstore/LogQueryMatcher.h"

#include "logstore/Utf8Text.h"

#include <limits>

namespace necrocode {

namespace {

bool isAsciiText(QStringView text)
{
    for (const QChar c : text) {
        if (c.unicode() >= 0x80)
            return false;
    }
    return true;
}

bool hasLoneSurrogate(QStringView text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c.isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate())
            ++i;
        else if (c.isSurrogate())
            return true;
    }
    return false;
}

QByteArray utf8Of(QStringView text)
{
    QByteArray bytes(qsizetype(maxUtf8Size(text.size())), Qt::Uninitialized);
    bytes.resize(qsizetype(encodeUtf8(text, bytes.data())));
    return bytes;
}

} // namespace

LogQueryMatcher::LogQueryMatcher(const LogQuery &query, const LogStore &store)
    : m_store(store), m_levelMask(query.levelMask),
      m_sinceMs(query.sinceMs.value_or(std::numeric_limits<qint64>::min())),
      m_untilMs(query.untilMs.value_or(std::numeric_limits<qint64>::max())),
      m_caseSensitivity(query.caseSensitivity)
{
    for (std::size_t i = 0; i < kLogFieldCount; ++i) {
        const std::optional<QString> &wanted = query.field(static_cast<LogField>(i));
        if (!wanted)
            continue;
        const std::optional<quint32> id = store.findStringId(*wanted);
        if (!id) {
            m_matchesNothing = true;
            continue;
        }
        m_requiredIds[std::size_t(m_requiredIdCount++)] = {quint8(i), *id};
    }
    prepareText(query);
}

void LogQueryMatcher::prepareText(const LogQuery &query)
{
    if (query.text.isEmpty())
        return;
    m_text = query.text;
    if (query.textMode == LogQuery::TextMode::RegularExpression) {
        m_textMatch = TextMatch::Expression;
        m_expression.setPattern(query.text);
        if (query.caseSensitivity == Qt::CaseInsensitive)
            m_expression.setPatternOptions(QRegularExpression::CaseInsensitiveOption);
        m_expression.optimize();
        if (!m_expression.isValid())
            m_matchesNothing = true;
        return;
    }
    if (query.caseSensitivity == Qt::CaseInsensitive) {
        if (isAsciiText(query.text)) {
            m_textMatch = TextMatch::AsciiIgnoringCase;
            m_byteSearch.emplace(query.text.toLatin1(), true);
        } else {
            m_textMatch = TextMatch::UnicodeText;
        }
        return;
    }
    if (hasLoneSurrogate(query.text)) {
        m_textMatch = TextMatch::UnicodeText;
        return;
    }
    m_textMatch = TextMatch::ExactBytes;
    m_byteSearch.emplace(utf8Of(query.text), false);
}

bool LogQueryMatcher::matches(qsizetype row) const
{
    if (m_matchesNothing)
        return false;
    const LogStoreRow &r = m_store.rowData(row);
    if (!((m_levelMask >> r.level) & 1u))
        return false;
    if (r.timestampMs < m_sinceMs || r.timestampMs > m_untilMs)
        return false;
    for (int i = 0; i < m_requiredIdCount; ++i) {
        const auto &[field, id] = m_requiredIds[std::size_t(i)];
        if (r.ids[field] != id)
            return false;
    }
    return m_textMatch == TextMatch::Any || textMatches(r);
}

bool LogQueryMatcher::textMatches(const LogStoreRow &row) const
{
    switch (m_textMatch) {
    case TextMatch::Any:
        return true;
    case TextMatch::AsciiIgnoringCase: {
        const QByteArrayView message = m_store.messageUtf8(row);
        if (m_byteSearch->isIn(message.data(), std::size_t(message.size())))
            return true;
        // Case folding can map a non-ASCII character onto an ASCII letter (KELVIN SIGN -> k).
        return !row.messageIsAscii && messageText(row).contains(m_text, Qt::CaseInsensitive);
    }
    case TextMatch::ExactBytes: {
        const QByteArrayView message = m_store.messageUtf8(row);
        return m_byteSearch->isIn(message.data(), std::size_t(message.size()));
    }
    case TextMatch::UnicodeText:
        return messageText(row).contains(m_text, m_caseSensitivity);
    case TextMatch::Expression:
        return m_expression.match(messageText(row)).hasMatch();
    }
    return false;
}

const QString &LogQueryMatcher::messageText(const LogStoreRow &row) const
{
    const QByteArrayView message = m_store.messageUtf8(row);
    if (!row.messageIsAscii) {
        m_messageScratch = QString::fromUtf8(message);
        return m_messageScratch;
    }
    m_messageScratch.resize(message.size());
    char16_t *out = reinterpret_cast<char16_t *>(m_messageScratch.data());
    for (qsizetype i = 0; i < message.size(); ++i)
        out[i] = static_cast<unsigned char>(message[i]);
    return m_messageScratch;
}

} // namespace necrocode
