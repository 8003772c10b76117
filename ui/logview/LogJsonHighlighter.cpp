#include "logview/LogJsonHighlighter.h"

namespace necrocode {

LogJsonHighlighter::LogJsonHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document), m_stringPattern(QStringLiteral("\"(?:[^\"\\\\]|\\\\.)*\"")),
      m_keyPattern(QStringLiteral("^\\s*(\"(?:[^\"\\\\]|\\\\.)*\")\\s*:")),
      m_numberPattern(QStringLiteral("(?<![\\w.])-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?\\b")),
      m_literalPattern(QStringLiteral("\\b(?:true|false|null)\\b"))
{
    m_key.setForeground(QColor(0x6d, 0x28, 0xd9));
    m_key.setFontWeight(QFont::DemiBold);
    m_string.setForeground(QColor(0x04, 0x78, 0x57));
    m_number.setForeground(QColor(0xb4, 0x53, 0x09));
    m_literal.setForeground(QColor(0x1d, 0x4e, 0xd8));
    m_literal.setFontWeight(QFont::DemiBold);
}

void LogJsonHighlighter::apply(const QString &text, const QRegularExpression &pattern,
                               const QTextCharFormat &format, int group)
{
    QRegularExpressionMatchIterator it = pattern.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        setFormat(int(match.capturedStart(group)), int(match.capturedLength(group)), format);
    }
}

void LogJsonHighlighter::highlightBlock(const QString &text)
{
    apply(text, m_numberPattern, m_number);
    apply(text, m_literalPattern, m_literal);
    apply(text, m_stringPattern, m_string);
    apply(text, m_keyPattern, m_key, 1);
}

} // namespace necrocode
