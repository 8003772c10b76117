#include "prompt/PromptPlaygroundAnswer.h"

#include "common/PanelFormatting.h"
#include "runs/RunsModel.h"

#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTextCursor>
#include <QVBoxLayout>

namespace necrocode {

PromptPlaygroundAnswer::PromptPlaygroundAnswer(QWidget *parent) : QWidget(parent)
{
    m_title = new QLabel(this);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_facts = new QLabel(this);
    m_facts->setObjectName(QStringLiteral("answerFacts"));
    m_facts->setWordWrap(true);
    m_facts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("answerError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(
        QStringLiteral("color: %1;").arg(RunsModel::outcomeColor(RunOutcome::Failed).name()));
    m_error->hide();
    m_answer = new QPlainTextEdit(this);
    m_answer->setObjectName(QStringLiteral("answerText"));
    m_answer->setReadOnly(true);
    m_answer->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_facts);
    layout->addWidget(m_error);
    layout->addWidget(m_answer, 1);
}

void PromptPlaygroundAnswer::setTitle(const QString &title)
{
    m_title->setText(title);
}

void PromptPlaygroundAnswer::showExchange(const LlmExchange &exchange)
{
    const ChatResponse &response = exchange.response;
    QStringList facts{
        tr("Tokens: %1 prompt + %2 completion")
            .arg(PanelFormatting::count(response.promptTokens),
                 PanelFormatting::count(response.completionTokens)),
        tr("Latency: %1").arg(PanelFormatting::latency(response.durationSeconds)),
        tr("Time to first token: %1")
            .arg(response.timeToFirstTokenSeconds
                     ? PanelFormatting::latency(*response.timeToFirstTokenSeconds)
                     : tr("not streamed")),
    };
    if (!response.finishReason.isEmpty())
        facts.append(tr("Finish reason: %1").arg(response.finishReason));
    m_facts->setText(facts.join(QLatin1Char('\n')));
    if (exchange.error.isEmpty()) {
        m_error->hide();
        m_error->clear();
    } else {
        m_error->setText(exchange.errorType.isEmpty()
                             ? tr("Failed: %1").arg(exchange.error)
                             : tr("Failed (%1): %2").arg(exchange.errorType, exchange.error));
        m_error->show();
    }
    m_answer->setPlainText(response.content);
}

void PromptPlaygroundAnswer::showPlaceholder(const QString &text)
{
    m_facts->setText(text);
    m_error->hide();
    m_error->clear();
    m_answer->clear();
}

void PromptPlaygroundAnswer::showPartial(const QString &textSoFar)
{
    m_facts->setText(tr("Receiving… %n character(s) so far", nullptr, int(textSoFar.size())));
    m_error->hide();
    m_error->clear();
    // Appending keeps the reader's scroll position; the text only ever grows.
    const QString shown = m_answer->toPlainText();
    if (textSoFar.startsWith(shown) && !shown.isEmpty()) {
        QTextCursor end(m_answer->document());
        end.movePosition(QTextCursor::End);
        end.insertText(textSoFar.mid(shown.size()));
    } else {
        m_answer->setPlainText(textSoFar);
    }
}

QString PromptPlaygroundAnswer::answerText() const
{
    return m_answer->toPlainText();
}

QString PromptPlaygroundAnswer::factsText() const
{
    return m_facts->text();
}

QString PromptPlaygroundAnswer::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

} // namespace necrocode
