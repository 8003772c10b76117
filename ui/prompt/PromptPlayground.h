// The prompt playground: edit a recorded prompt (messages by role, model, max tokens,
// temperature, JSON mode, stream), send it again through the backend (which does the sending off
// the GUI thread) and compare the new answer with the original, side by side.
#pragma once

#include "engine/LlmExchange.h"

#include <QHash>
#include <QWidget>

#include <optional>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QVBoxLayout;

namespace necrocode {

class ConsoleBackend;
class PromptPlaygroundAnswer;
class PromptPlaygroundMessage;

class PromptPlayground : public QWidget
{
    Q_OBJECT

public:
    explicit PromptPlayground(ConsoleBackend *backend, QWidget *parent = nullptr);

    // Puts the call's messages and parameters into the editor and its answer on the left.
    void load(const LlmExchange &original);
    // The request as edited.
    ChatRequest request() const;
    bool isBusy() const { return !m_pendingId.isEmpty() || m_sending; }

    QList<PromptPlaygroundMessage *> messageEditors() const { return m_editors; }
    PromptPlaygroundAnswer *originalAnswer() const { return m_originalAnswer; }
    PromptPlaygroundAnswer *newAnswer() const { return m_newAnswer; }

public Q_SLOTS:
    void send();
    void addMessage();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void appendEditor(const ChatMessage &message);
    void removeEditor(PromptPlaygroundMessage *editor);
    void clearEditors();
    void takeAnswer(const QString &requestId, const LlmExchange &exchange);
    void takePartial(const QString &requestId, const QString &textSoFar);
    void showAnswer(const LlmExchange &exchange);
    void setBusy(bool busy);
    void renderAnswers();
    void renderStatus();

    ConsoleBackend *m_backend;
    std::optional<LlmExchange> m_original;
    std::optional<LlmExchange> m_latest;
    QString m_partial; // the streamed answer so far, while it arrives
    QString m_pendingId;
    bool m_sending = false;                     // inside resendPrompt()
    QHash<QString, LlmExchange> m_earlyAnswers; // answered before resendPrompt() returned
    QString m_statusError;

    QLabel *m_origin = nullptr;
    QLabel *m_messagesLabel = nullptr;
    QVBoxLayout *m_messagesLayout = nullptr;
    QList<PromptPlaygroundMessage *> m_editors;
    QPushButton *m_addMessage = nullptr;
    QLabel *m_modelLabel = nullptr;
    QLineEdit *m_model = nullptr;
    QLabel *m_maxTokensLabel = nullptr;
    QSpinBox *m_maxTokens = nullptr;
    QLabel *m_temperatureLabel = nullptr;
    QDoubleSpinBox *m_temperature = nullptr;
    QCheckBox *m_jsonMode = nullptr;
    QCheckBox *m_stream = nullptr;
    QPushButton *m_send = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    PromptPlaygroundAnswer *m_originalAnswer = nullptr;
    PromptPlaygroundAnswer *m_newAnswer = nullptr;
};

} // namespace necrocode
