// The runs panel: the runs table, the buttons that start and cancel runs, the number of parallel
// runners, the run counts and whether tasks are being taken from the registry (and why not).
// Selecting a run announces it (runSelected) so that the log table and the charts can follow it.
#pragma once

#include "engine/RunSnapshot.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QSpinBox;
class QTableView;

namespace necrocode {

class ConsoleBackend;
class RunsModel;

class RunsPanel : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kMaxParallelRunners = 64;

    RunsPanel(ConsoleBackend *backend, RunsModel *model, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    // RunsModel::runKey of the selected run; empty when none is selected.
    QString selectedRunKey() const { return m_selectedKey; }
    void selectRun(const QString &runKey);
    void clearSelection();

Q_SIGNALS:
    // Empty strings: no run selected (every run is shown).
    void runSelected(const QString &runKey, const QString &runnerId, const QString &taskId);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void updateCounts();
    void updateSelection();
    void chooseTaskFile();
    void cancelSelectedRun();
    void retrySelectedRun();
    void retryFailedRuns();
    static bool isRetryable(const RunSnapshot &run);
    int selectedRow() const;
    void showTaskIntake(bool taking, const QString &problem, int retryInMs);

    ConsoleBackend *m_backend;
    RunsModel *m_model;
    QTableView *m_view = nullptr;
    QPushButton *m_runDemo = nullptr;
    QPushButton *m_runTaskFile = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_retry = nullptr;       // the selected failed run, again
    QPushButton *m_retryFailed = nullptr; // every failed run of this console, again
    QPushButton *m_showAll = nullptr;
    QLabel *m_parallelLabel = nullptr;
    QSpinBox *m_parallel = nullptr;
    QLabel *m_counts = nullptr;
    QLabel *m_intake = nullptr;          // taking tasks, or why the registry cannot be reached
    QPushButton *m_stopIntake = nullptr; // stops taking tasks (runs in progress go on)
    bool m_taking = false;
    QString m_intakeProblem;
    int m_retryInMs = 0;
    QString m_selectedKey;
    QString m_selectedRunnerId;
    QString m_selectedTaskId;
};

} // namespace necrocode
