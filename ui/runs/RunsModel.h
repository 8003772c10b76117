// The runs table: one row per run (keyed by source and RunSnapshot::runId), fed by the engine's
// run snapshots. Snapshots are coalesced and applied every 100 ms; running durations tick live.
#pragma once

#include "engine/RunSnapshot.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QHash>
#include <QTimer>

#include <functional>
#include <vector>

namespace necrocode {

struct RunCounts
{
    int queued = 0;
    int running = 0;
    int completed = 0;
    int failed = 0;
    int cancelled = 0;

    friend bool operator==(const RunCounts &, const RunCounts &) = default;
};

class RunsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TaskColumn,
        SpecColumn,
        TitleColumn,
        RunnerColumn,
        StateColumn,
        PhaseColumn,
        DurationColumn,
        LlmCallsColumn,
        TokensColumn,
        CostColumn,
        ErrorColumn,
        ColumnCount
    };
    enum Role {
        RunKeyRole = Qt::UserRole + 1, // source + run id, unique per row
        RunIdRole,
        RunnerIdRole,
        TaskIdRole,
        OutcomeRole // RunOutcome as int
    };

    static constexpr int kApplyIntervalMs = 100;
    static constexpr int kDurationTickMs = 1000;

    explicit RunsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const RunSnapshot &run(int row) const { return m_runs.at(std::size_t(row)); }
    int rowOfKey(const QString &runKey) const { return m_rowByKey.value(runKey, -1); }
    RunCounts counts() const { return m_counts; }

    // The row key: a run id is unique within its source ("local" or an attached worker).
    static QString runKey(const QString &source, const QString &runId);
    static QString runKey(const RunSnapshot &run) { return runKey(run.source, run.runId); }
    static QString outcomeText(RunOutcome outcome);
    static QString phaseText(RunPhase phase);
    // The error with its class, the last lines of the failing test's output and the link to
    // the test results: the failed run's tooltip.
    static QString failureText(const RunSnapshot &run);
    static QColor outcomeColor(RunOutcome outcome);

    // Milliseconds since the epoch used for live durations; tests substitute a fixed clock.
    void setClock(std::function<qint64()> clock);

    // Re-reads translated texts (headers, states, phases) after a language change.
    void retranslate();

public Q_SLOTS:
    // Keeps the newest snapshot per run until the next apply.
    void enqueue(const necrocode::RunSnapshot &run);
    // Applies pending snapshots now: one insert for new runs, one change per changed row.
    void applyPending();

Q_SIGNALS:
    void countsChanged();

private:
    void tickDurations();
    void updateCounts();
    void updateDurationTimer();
    qint64 durationMs(const RunSnapshot &run) const;
    QVariant displayText(const RunSnapshot &run, int column) const;
    QVariant toolTip(const RunSnapshot &run, int column) const;

    std::vector<RunSnapshot> m_runs;
    QHash<QString, int> m_rowByKey;
    QHash<QString, RunSnapshot> m_pending;
    QStringList m_pendingOrder; // first arrival order, so new rows keep the engine's order
    RunCounts m_counts;
    QTimer m_applyTimer;
    QTimer m_durationTimer;
    std::function<qint64()> m_clock;
};

} // namespace necrocode
