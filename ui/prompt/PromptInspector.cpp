#include "prompt/PromptInspector.h"

#include "common/PanelFormatting.h"
#include "engine/LlmAnswerParser.h"
#include "prompt/LlmCallsModel.h"
#include "runs/RunsModel.h"

#include <QEvent>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace necrocode {

namespace {

QString yesNo(bool value)
{
    return value ? PromptInspector::tr("yes") : PromptInspector::tr("no");
}

QString operationText(ChangeOperation operation)
{
    switch (operation) {
    case ChangeOperation::Create:
        return PromptInspector::tr("create");
    case ChangeOperation::Modify:
        return PromptInspector::tr("modify");
    case ChangeOperation::Delete:
        return PromptInspector::tr("delete");
    }
    return QString();
}

QString redText()
{
    return QStringLiteral("color: %1;").arg(RunsModel::outcomeColor(RunOutcome::Failed).name());
}

} // namespace

PromptInspector::PromptInspector(LlmCallsModel *calls, QWidget *parent)
    : QWidget(parent), m_calls(calls)
{
    m_byStartTime = new QSortFilterProxyModel(this);
    m_byStartTime->setSourceModel(m_calls);
    m_byStartTime->setSortRole(LlmCallsModel::StartedAtRole);
    m_byStartTime->sort(LlmCallsModel::TimeColumn, Qt::AscendingOrder);
    m_callsView = new QTableView;
    m_callsView->setObjectName(QStringLiteral("callsView"));
    m_callsView->setModel(m_byStartTime);
    m_callsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_callsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_callsView->setAlternatingRowColors(true);
    m_callsView->setWordWrap(false);
    m_callsView->verticalHeader()->hide();
    m_callsView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_callsView->verticalHeader()->setDefaultSectionSize(m_callsView->fontMetrics().height() + 8);
    m_callsView->horizontalHeader()->setStretchLastSection(true);

    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_messages = new QTextBrowser;
    m_messages->setObjectName(QStringLiteral("messagesView"));
    m_messages->setOpenLinks(false);
    m_answer = new QPlainTextEdit;
    m_answer->setObjectName(QStringLiteral("answerView"));
    m_answer->setReadOnly(true);
    m_answer->setFont(fixed);
    m_tabs = new QTabWidget;
    m_tabs->addTab(m_messages, QString());
    m_tabs->addTab(m_answer, QString());
    m_tabs->addTab(createChangesTab(), QString());

    m_openInPlayground = new QPushButton;
    m_openInPlayground->setObjectName(QStringLiteral("openInPlayground"));
    m_openInPlayground->setEnabled(false);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_openInPlayground);

    auto *details = new QWidget;
    auto *detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    detailsLayout->addWidget(createFacts());
    detailsLayout->addWidget(m_tabs, 1);
    detailsLayout->addLayout(buttons);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_callsView);
    splitter->addWidget(details);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);
    // Enough rows to pick a call from without scrolling for every one.
    m_callsView->setMinimumHeight(
        m_callsView->horizontalHeader()->sizeHint().height() +
        kMinimumVisibleCalls * m_callsView->verticalHeader()->defaultSectionSize() +
        m_callsView->horizontalScrollBar()->sizeHint().height() + 2 * m_callsView->frameWidth());
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);

    connect(m_callsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                m_row = current.isValid() ? m_byStartTime->mapToSource(current).row() : -1;
                render();
            });
    connect(m_byStartTime, &QSortFilterProxyModel::rowsAboutToBeInserted, this,
            [this](const QModelIndex &, int first) { followNewCalls(first); });
    connect(m_openInPlayground, &QPushButton::clicked, this, [this] {
        if (m_row >= 0)
            Q_EMIT openInPlayground(m_calls->exchange(m_row));
    });
    retranslateUi();
}

QWidget *PromptInspector::createFacts()
{
    auto *facts = new QWidget;
    auto *grid = new QGridLayout(facts);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(12);
    grid->setVerticalSpacing(2);
    // Parameters in the first pair of columns, the answer's figures in the second.
    constexpr int kParameterRows = StreamFact + 1;
    for (int fact = 0; fact < FactCount; ++fact) {
        m_factNames[fact] = new QLabel;
        m_factValues[fact] = new QLabel;
        m_factValues[fact]->setObjectName(QStringLiteral("fact%1").arg(fact));
        m_factValues[fact]->setTextInteractionFlags(Qt::TextSelectableByMouse);
        // A long model name or error must not widen the dock: it is cut, whole in the tooltip.
        m_factValues[fact]->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        const int row = fact < kParameterRows ? fact : fact - kParameterRows;
        const int column = fact < kParameterRows ? 0 : 2;
        grid->addWidget(m_factNames[fact], row, column);
        grid->addWidget(m_factValues[fact], row, column + 1);
    }
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 1);
    return facts;
}

QWidget *PromptInspector::createChangesTab()
{
    m_parseError = new QLabel;
    m_parseError->setObjectName(QStringLiteral("parseError"));
    m_parseError->setWordWrap(true);
    m_parseError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_parseError->setStyleSheet(redText());
    m_parseError->hide();
    m_explanation = new QLabel;
    m_explanation->setObjectName(QStringLiteral("explanation"));
    m_explanation->setWordWrap(true);
    m_explanation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_changes = new QListWidget;
    m_changes->setObjectName(QStringLiteral("changesList"));
    m_changeContent = new QPlainTextEdit;
    m_changeContent->setObjectName(QStringLiteral("changeContent"));
    m_changeContent->setReadOnly(true);
    m_changeContent->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_changeContent->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(m_changes);
    splitter->addWidget(m_changeContent);
    splitter->setStretchFactor(1, 3);

    auto *tab = new QWidget;
    auto *layout = new QVBoxLayout(tab);
    layout->addWidget(m_parseError);
    layout->addWidget(m_explanation);
    layout->addWidget(splitter, 1);
    connect(m_changes, &QListWidget::currentRowChanged, this, &PromptInspector::showChange);
    return tab;
}

void PromptInspector::retranslateUi()
{
    static const char *const kFactNames[FactCount] = {QT_TR_NOOP("Model:"),
                                                      QT_TR_NOOP("Max tokens:"),
                                                      QT_TR_NOOP("Temperature:"),
                                                      QT_TR_NOOP("JSON mode:"),
                                                      QT_TR_NOOP("Stream:"),
                                                      QT_TR_NOOP("Prompt tokens:"),
                                                      QT_TR_NOOP("Completion tokens:"),
                                                      QT_TR_NOOP("Latency:"),
                                                      QT_TR_NOOP("Time to first token:"),
                                                      QT_TR_NOOP("Finish reason:"),
                                                      QT_TR_NOOP("Status:")};
    for (int fact = 0; fact < FactCount; ++fact)
        m_factNames[fact]->setText(tr(kFactNames[fact]));
    m_tabs->setTabText(0, tr("Messages"));
    m_tabs->setTabText(1, tr("Answer"));
    m_tabs->setTabText(2, tr("Code changes"));
    m_openInPlayground->setText(tr("Open in playground"));
    m_openInPlayground->setToolTip(tr("Edit this prompt and send it again"));
    render();
}

void PromptInspector::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void PromptInspector::showCall(int row)
{
    if (row < 0 || row >= m_calls->rowCount()) {
        m_callsView->selectionModel()->clearCurrentIndex();
        m_callsView->clearSelection();
        return;
    }
    const QModelIndex shown = m_byStartTime->mapFromSource(m_calls->index(row, 0));
    m_callsView->selectRow(shown.row());
    m_callsView->scrollTo(shown);
}

void PromptInspector::followNewCalls(int first)
{
    // Keeps the newest call in sight while the user looks at the end of the list.
    const QScrollBar *bar = m_callsView->verticalScrollBar();
    if (first > 0 && bar->value() < bar->maximum())
        return;
    QMetaObject::invokeMethod(m_callsView, &QTableView::scrollToBottom, Qt::QueuedConnection);
}

QString PromptInspector::roleText(const QString &role)
{
    if (role == QLatin1String("system"))
        return tr("System");
    if (role == QLatin1String("user"))
        return tr("User");
    if (role == QLatin1String("assistant"))
        return tr("Assistant");
    return role;
}

void PromptInspector::render()
{
    m_openInPlayground->setEnabled(m_row >= 0);
    if (m_row < 0) {
        for (QLabel *value : m_factValues)
            value->clear();
        m_messages->setHtml(QStringLiteral("<p>%1</p>").arg(tr("Select an LLM call above.")));
        m_answer->clear();
        m_parseError->hide();
        m_explanation->clear();
        m_changes->clear();
        m_changeContent->clear();
        return;
    }
    const LlmExchange &exchange = m_calls->exchange(m_row);
    renderFacts(exchange);
    renderMessages(exchange);
    m_answer->setPlainText(exchange.response.content);
    renderChanges(exchange);
}

void PromptInspector::renderFacts(const LlmExchange &exchange)
{
    const QLocale locale;
    const ChatRequest &request = exchange.request;
    const ChatResponse &response = exchange.response;
    m_factValues[ModelFact]->setText(
        response.model.isEmpty() || response.model == request.model
            ? request.model
            : tr("%1 (answered by %2)").arg(request.model, response.model));
    m_factValues[MaxTokensFact]->setText(PanelFormatting::count(request.maxTokens));
    m_factValues[TemperatureFact]->setText(locale.toString(request.temperature, 'g', 3));
    m_factValues[JsonModeFact]->setText(yesNo(request.jsonMode));
    m_factValues[StreamFact]->setText(yesNo(request.stream));
    m_factValues[PromptTokensFact]->setText(PanelFormatting::count(response.promptTokens));
    m_factValues[CompletionTokensFact]->setText(PanelFormatting::count(response.completionTokens));
    m_factValues[LatencyFact]->setText(PanelFormatting::latency(response.durationSeconds));
    m_factValues[TimeToFirstTokenFact]->setText(
        response.timeToFirstTokenSeconds
            ? PanelFormatting::latency(*response.timeToFirstTokenSeconds)
            : tr("not streamed"));
    m_factValues[FinishReasonFact]->setText(response.finishReason);
    QLabel *status = m_factValues[StatusFact];
    if (exchange.error.isEmpty()) {
        status->setText(response.attempts > 1
                            ? tr("OK after %n attempts", nullptr, response.attempts)
                            : tr("OK"));
        status->setStyleSheet(QString());
    } else {
        status->setText(exchange.errorType.isEmpty()
                            ? exchange.error
                            : tr("%1: %2").arg(exchange.errorType, exchange.error));
        status->setStyleSheet(redText());
    }
    for (QLabel *value : m_factValues)
        value->setToolTip(value->text());
}

void PromptInspector::renderMessages(const LlmExchange &exchange)
{
    const QString fixedFamily = QFontDatabase::systemFont(QFontDatabase::FixedFont).family();
    QString html;
    for (const ChatMessage &message : exchange.request.messages) {
        html += QStringLiteral("<p style='margin-top:8px'><b>%1</b> <span style='color:gray'>"
                               "%2</span></p>")
                    .arg(roleText(message.role).toHtmlEscaped(),
                         tr("%n characters", nullptr, int(message.content.size())));
        html += QStringLiteral("<pre style='white-space:pre-wrap; font-family:\"%1\"; "
                               "margin-left:12px'>%2</pre>")
                    .arg(fixedFamily.toHtmlEscaped(), message.content.toHtmlEscaped());
    }
    if (exchange.request.messages.isEmpty())
        html = QStringLiteral("<p>%1</p>").arg(tr("This call has no messages."));
    m_messages->setHtml(html);
}

void PromptInspector::renderChanges(const LlmExchange &exchange)
{
    m_changes->clear();
    m_changeContents.clear();
    m_changeContent->clear();
    m_explanation->clear();
    if (!exchange.error.isEmpty() && exchange.response.content.isEmpty()) {
        m_parseError->setText(tr("The call failed; there is no answer to read."));
        m_parseError->show();
        return;
    }
    const Result<LlmAnswer> answer = LlmAnswerParser::parse(exchange.response.content);
    if (!answer) {
        m_parseError->setText(tr("The answer cannot be used: %1").arg(answer.errorMessage()));
        m_parseError->show();
        return;
    }
    m_parseError->hide();
    m_explanation->setText(answer->explanation);
    for (const CodeChange &change : answer->changes) {
        m_changes->addItem(
            QStringLiteral("%1  %2").arg(operationText(change.operation), change.filePath));
        m_changeContents.append(change.content);
    }
    if (m_changes->count() > 0)
        m_changes->setCurrentRow(0);
}

void PromptInspector::showChange(int index)
{
    if (index < 0 || index >= m_changeContents.size()) {
        m_changeContent->clear();
        return;
    }
    m_changeContent->setPlainText(m_changeContents.at(index));
}

} // namespace necrocode
