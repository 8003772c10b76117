// The runs panel: the runs table, the buttons that start and cancel runs, the number of parallel
// runners and the run counts. Selecting a run announces it (runSelected) so that the log table
// and the charts can follow it.
#pragma once

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
    int selectedRow() const;

    ConsoleBackend *m_backend;
    RunsModel *m_model;
    QTableView *m_view = nullptr;
    QPushButton *m_runDemo = nullptr;
    QPushButton *m_runTaskFile = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_showAll = nullptr;
    QLabel *m_parallelLabel = nullptr;
    QSpinBox *m_parallel = nullptr;
    QLabel *m_counts = nullptr;
    QString m_selectedKey;
    QString m_selectedRunnerId;
    QString m_selectedTaskId;
};

} // namespace necrocode
