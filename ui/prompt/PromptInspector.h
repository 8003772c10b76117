// The prompt inspector: the list of LLM calls in the order they started and, for the selected one,
// its messages by role, its parameters, the answer with tokens and timings, and the code changes
// parsed from the answer (or the parse error). A call can be opened in the prompt playground.
#pragma once

#include "engine/LlmExchange.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;
class QTextBrowser;

namespace necrocode {

class LlmCallsModel;

class PromptInspector : public QWidget
{
    Q_OBJECT

public:
    explicit PromptInspector(LlmCallsModel *calls, QWidget *parent = nullptr);

    static constexpr int kMinimumVisibleCalls = 6;

    QTableView *callsView() const { return m_callsView; }
    // Selects the call in row `row` of the calls model and shows it.
    void showCall(int row);
    // The calls model's row of the call shown; -1 when none is.
    int currentRow() const { return m_row; }

    static QString roleText(const QString &role);

Q_SIGNALS:
    void openInPlayground(const necrocode::LlmExchange &exchange);

protected:
    void changeEvent(QEvent *event) override;

private:
    enum Fact {
        ModelFact,
        MaxTokensFact,
        TemperatureFact,
        JsonModeFact,
        StreamFact,
        PromptTokensFact,
        CompletionTokensFact,
        LatencyFact,
        TimeToFirstTokenFact,
        FinishReasonFact,
        StatusFact,
        FactCount
    };

    QWidget *createFacts();
    QWidget *createChangesTab();
    void retranslateUi();
    void render();
    void renderFacts(const LlmExchange &exchange);
    void renderMessages(const LlmExchange &exchange);
    void renderChanges(const LlmExchange &exchange);
    void showChange(int index);
    void followNewCalls(int first);

    LlmCallsModel *m_calls;
    QSortFilterProxyModel *m_byStartTime = nullptr; // calls arrive as they end: list them by start
    int m_row = -1;
    QTableView *m_callsView = nullptr;
    QLabel *m_factNames[FactCount] = {};
    QLabel *m_factValues[FactCount] = {};
    QTabWidget *m_tabs = nullptr;
    QTextBrowser *m_messages = nullptr;
    QPlainTextEdit *m_answer = nullptr;
    QLabel *m_parseError = nullptr;
    QLabel *m_explanation = nullptr;
    QListWidget *m_changes = nullptr;
    QPlainTextEdit *m_changeContent = nullptr;
    QPushButton *m_openInPlayground = nullptr;
    QStringList m_changeContents;
};

} // namespace necrocode
