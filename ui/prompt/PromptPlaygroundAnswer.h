// One answer in the prompt playground's comparison: its tokens, latency, time to first token and
// finish reason, the text, and the error in red when the call failed.
#pragma once

#include "engine/LlmExchange.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;

namespace necrocode {

class PromptPlaygroundAnswer : public QWidget
{
    Q_OBJECT

public:
    explicit PromptPlaygroundAnswer(QWidget *parent = nullptr);

    void setTitle(const QString &title);
    void showExchange(const LlmExchange &exchange);
    // Shown instead of an answer (nothing yet, waiting, ...).
    void showPlaceholder(const QString &text);
    // A streamed answer's text so far, while it arrives.
    void showPartial(const QString &textSoFar);

    QString answerText() const;
    QString factsText() const;
    QString errorText() const;

private:
    QLabel *m_title = nullptr;
    QLabel *m_facts = nullptr;
    QLabel *m_error = nullptr;
    QPlainTextEdit *m_answer = nullptr;
};

} // namespace necrocode
