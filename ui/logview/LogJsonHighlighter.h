// Colours indented JSON in a text document: keys, strings, numbers and true / false / null.
#pragma once

#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace necrocode {

class LogJsonHighlighter : public QSyntaxHighlighter
{
public:
    explicit LogJsonHighlighter(QTextDocument *document);

    // The formats, for tests and for a legend.
    const QTextCharFormat &keyFormat() const { return m_key; }
    const QTextCharFormat &stringFormat() const { return m_string; }
    const QTextCharFormat &numberFormat() const { return m_number; }
    const QTextCharFormat &literalFormat() const { return m_literal; }

protected:
    void highlightBlock(const QString &text) override;

private:
    void apply(const QString &text, const QRegularExpression &pattern,
               const QTextCharFormat &format, int group = 0);

    QRegularExpression m_stringPattern;
    QRegularExpression m_keyPattern;
    QRegularExpression m_numberPattern;
    QRegularExpression m_literalPattern;
    QTextCharFormat m_key;
    QTextCharFormat m_string;
    QTextCharFormat m_number;
    QTextCharFormat m_literal;
};

} // namespace necrocode
