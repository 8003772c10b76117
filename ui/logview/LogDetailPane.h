// Shows the whole selected log entry as indented, coloured JSON in the SPEC §3.1 key order, and
// copies it.
#pragma once

#include "log/LogEntry.h"

#include <QWidget>

#include <optional>

class QLabel;
class QPlainTextEdit;
class QToolButton;

namespace necrocode {

class LogJsonHighlighter;

class LogDetailPane : public QWidget
{
    Q_OBJECT

public:
    explicit LogDetailPane(QWidget *parent = nullptr);

    void showEntry(const LogEntry &entry);
    void clearEntry();
    bool hasEntry() const { return m_entry.has_value(); }
    // The JSON shown, empty when no entry is.
    QString jsonText() const;
    QPlainTextEdit *textView() const { return m_text; }

public Q_SLOTS:
    void copyJson();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();

    QLabel *m_title;
    QToolButton *m_copy;
    QPlainTextEdit *m_text;
    LogJsonHighlighter *m_highlighter;
    std::optional<LogEntry> m_entry;
};

} // namespace necrocode
