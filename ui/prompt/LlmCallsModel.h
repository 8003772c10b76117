// The LLM calls table: one row per call of an LlmCallLog, inserted as the log appends them.
#pragma once

#include "prompt/LlmCallLog.h"

#include <QAbstractTableModel>

namespace necrocode {

class LlmCallsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TimeColumn,
        RunnerColumn,
        TaskColumn,
        ModelColumn,
        PromptTokensColumn,
        CompletionTokensColumn,
        LatencyColumn,
        TimeToFirstTokenColumn,
        FinishReasonColumn,
        StatusColumn,
        ColumnCount
    };
    enum Role { ExchangeIdRole = Qt::UserRole + 1, RunKeyRole, FailedRole, StartedAtRole };

    explicit LlmCallsModel(const LlmCallLog *calls, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const LlmExchange &exchange(int row) const { return m_calls->exchange(row); }
    const LlmCallLog &calls() const { return *m_calls; }

    void retranslate();

private:
    QVariant displayText(const LlmExchange &exchange, int column) const;

    const LlmCallLog *m_calls;
};

} // namespace necrocode
