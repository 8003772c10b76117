#include "prompt/PromptPlayground.h"

#include "common/PanelFormatting.h"
#include "prompt/PromptPlaygroundAnswer.h"
#include "prompt/PromptPlaygroundMessage.h"
#include "runs/RunsModel.h"
#include "shell/ConsoleBackend.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

namespace necrocode {

namespace {

constexpr int kMaxTokensLimit = 1000000;

} // namespace

PromptPlayground::PromptPlayground(ConsoleBackend *backend, QWidget *parent)
    : QWidget(parent), m_backend(backend)
{
    m_origin = new QLabel;
    m_origin->setObjectName(QStringLiteral("origin"));
    m_origin->setWordWrap(true);
    m_messagesLabel = new QLabel;
    auto *messages = new QWidget;
    m_messagesLayout = new QVBoxLayout(messages);
    m_messagesLayout->setContentsMargins(0, 0, 0, 0);
    m_messagesLayout->addStretch(1);
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setWidget(messages);
    m_addMessage = new QPushButton;
    m_addMessage->setObjectName(QStringLiteral("addMessage"));

    m_modelLabel = new QLabel;
    m_model = new QLineEdit;
    m_model->setObjectName(QStringLiteral("model"));
    m_modelLabel->setBuddy(m_model);
    m_maxTokensLabel = new QLabel;
    m_maxTokens = new QSpinBox;
    m_maxTokens->setObjectName(QStringLiteral("maxTokens"));
    m_maxTokens->setRange(1, kMaxTokensLimit);
    m_maxTokens->setValue(ChatRequest().maxTokens);
    m_maxTokensLabel->setBuddy(m_maxTokens);
    m_temperatureLabel = new QLabel;
    m_temperature = new QDoubleSpinBox;
    m_temperature->setObjectName(QStringLiteral("temperature"));
    m_temperature->setRange(0.0, 2.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setDecimals(2);
    m_temperature->setValue(ChatRequest().temperature);
    m_temperatureLabel->setBuddy(m_temperature);
    m_jsonMode = new QCheckBox;
    m_jsonMode->setObjectName(QStringLiteral("jsonMode"));
    m_stream = new QCheckBox;
    m_stream->setObjectName(QStringLiteral("stream"));

    // Three short rows rather than one long one: the playground shares its dock with the
    // charts, and a narrow dock leaves the log table its room.
    auto *parameters = new QGridLayout;
    parameters->addWidget(m_modelLabel, 0, 0);
    parameters->addWidget(m_model, 0, 1, 1, 3);
    parameters->addWidget(m_maxTokensLabel, 1, 0);
    parameters->addWidget(m_maxTokens, 1, 1);
    parameters->addWidget(m_temperatureLabel, 1, 2);
    parameters->addWidget(m_temperature, 1, 3);
    auto *switches = new QHBoxLayout;
    switches->addWidget(m_jsonMode);
    switches->addWidget(m_stream);
    switches->addStretch(1);
    parameters->addLayout(switches, 2, 0, 1, 4);
    parameters->setColumnStretch(1, 1);
    parameters->setColumnStretch(3, 1);

    m_send = new QPushButton;
    m_send->setObjectName(QStringLiteral("send"));
    m_send->setDefault(true);
    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("busy"));
    m_progress->setRange(0, 0);
    m_progress->setMaximumWidth(160);
    m_progress->hide();
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("sendStatus"));
    m_status->setWordWrap(true);
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_addMessage);
    actions->addStretch(1);
    actions->addWidget(m_status, 2);
    actions->addWidget(m_progress);
    actions->addWidget(m_send);

    auto *editor = new QWidget;
    auto *editorLayout = new QVBoxLayout(editor);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->addWidget(m_origin);
    editorLayout->addWidget(m_messagesLabel);
    editorLayout->addWidget(scroll, 1);
    editorLayout->addLayout(parameters);
    editorLayout->addLayout(actions);

    m_originalAnswer = new PromptPlaygroundAnswer;
    m_originalAnswer->setObjectName(QStringLiteral("originalAnswer"));
    m_newAnswer = new PromptPlaygroundAnswer;
    m_newAnswer->setObjectName(QStringLiteral("newAnswer"));
    auto *comparison = new QSplitter(Qt::Horizontal);
    comparison->setObjectName(QStringLiteral("comparison"));
    comparison->addWidget(m_originalAnswer);
    comparison->addWidget(m_newAnswer);
    comparison->setChildrenCollapsible(false);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(editor);
    splitter->addWidget(comparison);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);

    connect(m_addMessage, &QPushButton::clicked, this, &PromptPlayground::addMessage);
    connect(m_send, &QPushButton::clicked, this, &PromptPlayground::send);
    connect(m_backend, &ConsoleBackend::playgroundAnswered, this, &PromptPlayground::takeAnswer);
    connect(m_backend, &ConsoleBackend::playgroundPartial, this, &PromptPlayground::takePartial);

    appendEditor(ChatMessage{QStringLiteral("user"), QString()});
    retranslateUi();
}

void PromptPlayground::retranslateUi()
{
    m_messagesLabel->setText(tr("Messages"));
    m_addMessage->setText(tr("Add message"));
    m_modelLabel->setText(tr("&Model:"));
    m_maxTokensLabel->setText(tr("Max &tokens:"));
    m_temperatureLabel->setText(tr("T&emperature:"));
    m_jsonMode->setText(tr("&JSON mode"));
    m_stream->setText(tr("&Stream"));
    m_send->setText(tr("Send"));
    m_send->setToolTip(tr("Send the edited prompt to the model again"));
    m_originalAnswer->setTitle(tr("Original answer"));
    m_newAnswer->setTitle(tr("New answer"));
    if (m_original)
        m_origin->setText(tr("Loaded from the call of task %1 (runner %2) at %3")
                              .arg(m_original->taskId, m_original->runnerId,
                                   PanelFormatting::clockTime(m_original->startedAtMs)));
    else
        m_origin->setText(tr("Write a prompt, or open a call from the prompt inspector."));
    renderAnswers();
    renderStatus();
}

void PromptPlayground::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void PromptPlayground::load(const LlmExchange &original)
{
    m_original = original;
    m_latest.reset();
    m_statusError.clear();
    clearEditors();
    for (const ChatMessage &message : original.request.messages)
        appendEditor(message);
    m_model->setText(original.request.model);
    m_maxTokens->setValue(original.request.maxTokens);
    m_temperature->setValue(original.request.temperature);
    m_jsonMode->setChecked(original.request.jsonMode);
    m_stream->setChecked(original.request.stream);
    retranslateUi();
}

ChatRequest PromptPlayground::request() const
{
    ChatRequest request;
    for (const PromptPlaygroundMessage *editor : m_editors)
        request.messages.append(editor->message());
    request.model = m_model->text().trimmed();
    request.maxTokens = m_maxTokens->value();
    request.temperature = m_temperature->value();
    request.jsonMode = m_jsonMode->isChecked();
    request.stream = m_stream->isChecked();
    return request;
}

void PromptPlayground::addMessage()
{
    appendEditor(ChatMessage{QStringLiteral("user"), QString()});
    m_editors.constLast()->contentEdit()->setFocus();
}

void PromptPlayground::appendEditor(const ChatMessage &message)
{
    auto *editor = new PromptPlaygroundMessage(message);
    // Before the stretch that keeps the messages at the top.
    m_messagesLayout->insertWidget(m_messagesLayout->count() - 1, editor);
    m_editors.append(editor);
    connect(editor, &PromptPlaygroundMessage::removeRequested, this,
            &PromptPlayground::removeEditor);
}

void PromptPlayground::removeEditor(PromptPlaygroundMessage *editor)
{
    m_editors.removeOne(editor);
    editor->hide();
    editor->deleteLater();
}

void PromptPlayground::clearEditors()
{
    for (PromptPlaygroundMessage *editor : std::as_const(m_editors))
        delete editor;
    m_editors.clear();
}

void PromptPlayground::send()
{
    if (isBusy())
        return;
    const ChatRequest edited = request();
    if (edited.messages.isEmpty()) {
        m_statusError = tr("Add at least one message.");
        renderStatus();
        return;
    }
    m_statusError.clear();
    m_latest.reset();
    m_partial.clear();
    m_sending = true;
    setBusy(true);
    const QString id = m_backend->resendPrompt(edited, m_original ? PromptOrigin::of(*m_original)
                                                                  : PromptOrigin{});
    m_sending = false;
    if (id.isEmpty()) {
        m_statusError = tr("The prompt could not be sent.");
        setBusy(false);
        return;
    }
    if (m_earlyAnswers.contains(id)) {
        showAnswer(m_earlyAnswers.take(id));
        return;
    }
    m_earlyAnswers.clear();
    m_pendingId = id;
    renderAnswers();
}

void PromptPlayground::takeAnswer(const QString &requestId, const LlmExchange &exchange)
{
    if (m_sending) {
        m_earlyAnswers.insert(requestId, exchange);
        return;
    }
    if (requestId.isEmpty() || requestId != m_pendingId)
        return;
    showAnswer(exchange);
}

void PromptPlayground::takePartial(const QString &requestId, const QString &textSoFar)
{
    if (requestId.isEmpty() || requestId != m_pendingId)
        return;
    const bool first = m_partial.isEmpty();
    m_partial = textSoFar;
    m_newAnswer->showPartial(m_partial);
    if (first)
        renderStatus();
}

void PromptPlayground::showAnswer(const LlmExchange &exchange)
{
    m_pendingId.clear();
    m_partial.clear();
    m_latest = exchange;
    setBusy(false);
}

void PromptPlayground::setBusy(bool busy)
{
    m_send->setEnabled(!busy);
    m_progress->setVisible(busy);
    renderAnswers();
    renderStatus();
}

void PromptPlayground::renderAnswers()
{
    if (m_original)
        m_originalAnswer->showExchange(*m_original);
    else
        m_originalAnswer->showPlaceholder(tr("No original call."));
    if (m_latest)
        m_newAnswer->showExchange(*m_latest);
    else if (!m_partial.isEmpty())
        m_newAnswer->showPartial(m_partial);
    else if (isBusy())
        m_newAnswer->showPlaceholder(tr("Waiting for the model…"));
    else
        m_newAnswer->showPlaceholder(tr("Not sent yet."));
}

void PromptPlayground::renderStatus()
{
    const QString red =
        QStringLiteral("color: %1;").arg(RunsModel::outcomeColor(RunOutcome::Failed).name());
    if (!m_statusError.isEmpty()) {
        m_status->setText(m_statusError);
        m_status->setStyleSheet(red);
    } else if (isBusy()) {
        m_status->setText(m_partial.isEmpty() ? tr("Sending…") : tr("Receiving the answer…"));
        m_status->setStyleSheet(QString());
    } else if (m_latest) {
        const bool failed = !m_latest->error.isEmpty();
        m_status->setText(
            failed ? tr("The call failed: %1").arg(m_latest->error)
                   : tr("Answered in %1")
                         .arg(PanelFormatting::latency(m_latest->response.durationSeconds)));
        m_status->setStyleSheet(failed ? red : QString());
    } else {
        m_status->clear();
    }
}

} // namespace necrocode
