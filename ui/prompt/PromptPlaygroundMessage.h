// One message in the prompt playground's editor: its role and its content, with a button that
// removes it.
#pragma once

#include "net/LlmClient.h"

#include <QWidget>

class QComboBox;
class QPlainTextEdit;
class QToolButton;

namespace necrocode {

class PromptPlaygroundMessage : public QWidget
{
    Q_OBJECT

public:
    explicit PromptPlaygroundMessage(const ChatMessage &message, QWidget *parent = nullptr);

    ChatMessage message() const;
    QPlainTextEdit *contentEdit() const { return m_content; }
    QComboBox *roleBox() const { return m_role; }

Q_SIGNALS:
    void removeRequested(necrocode::PromptPlaygroundMessage *message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();

    QComboBox *m_role = nullptr;
    QPlainTextEdit *m_content = nullptr;
    QToolButton *m_remove = nullptr;
};

} // namespace necrocode
