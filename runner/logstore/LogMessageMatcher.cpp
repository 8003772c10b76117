#include "logstore/LogMessageMatcher.h"

#include "logstore/Utf8Text.h"

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

LogMessageMatcher::LogMessageMatcher(const LogQuery &query)
    : m_caseSensitivity(query.caseSensitivity)
{
    if (query.text.isEmpty())
        return;
    m_text = query.text;
    if (query.textMode == LogQuery::TextMode::RegularExpression) {
        m_mode = Mode::Expression;
        m_expression.setPattern(query.text);
        if (query.caseSensitivity == Qt::CaseInsensitive)
            m_expression.setPatternOptions(QRegularExpression::CaseInsensitiveOption);
        m_expression.optimize();
        m_matchesNothing = !m_expression.isValid();
        return;
    }
    if (query.caseSensitivity == Qt::CaseInsensitive) {
        if (isAsciiText(query.text)) {
            m_mode = Mode::AsciiIgnoringCase;
            m_byteSearch.emplace(query.text.toLatin1(), true);
        } else {
            m_mode = Mode::UnicodeText;
        }
        return;
    }
    if (hasLoneSurrogate(query.text)) {
        m_mode = Mode::UnicodeText;
        return;
    }
    m_mode = Mode::ExactBytes;
    m_byteSearch.emplace(utf8Of(query.text), false);
}

bool LogMessageMatcher::matches(QByteArrayView utf8, bool isAscii) const
{
    switch (m_mode) {
    case Mode::Any:
        return true;
    case Mode::AsciiIgnoringCase:
        if (m_byteSearch->isIn(utf8.data(), std::size_t(utf8.size())))
            return true;
        // Case folding can map a non-ASCII character onto an ASCII letter (KELVIN SIGN -> k).
        return !isAscii && messageText(utf8, isAscii).contains(m_text, Qt::CaseInsensitive);
    case Mode::ExactBytes:
        return m_byteSearch->isIn(utf8.data(), std::size_t(utf8.size()));
    case Mode::UnicodeText:
        return messageText(utf8, isAscii).contains(m_text, m_caseSensitivity);
    case Mode::Expression:
        return !m_matchesNothing && m_expression.match(messageText(utf8, isAscii)).hasMatch();
    }
    return false;
}

const QString &LogMessageMatcher::messageText(QByteArrayView utf8, bool isAscii) const
{
    if (!isAscii) {
        m_messageScratch = QString::fromUtf8(utf8);
        return m_messageScratch;
    }
    m_messageScratch.resize(utf8.size());
    char16_t *out = reinterpret_cast<char16_t *>(m_messageScratch.data());
    for (qsizetype i = 0; i < utf8.size(); ++i)
        out[i] = static_cast<unsigned char>(utf8[i]);
    return m_messageScratch;
}

} // namespace necrocode
