#include "widgets/RunsPanel.h"

#include "ConsoleBackend.h"
#include "models/RunsModel.h"

#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

namespace necrocode {

RunsPanel::RunsPanel(ConsoleBackend *backend, RunsModel *model, QWidget *parent)
    : QWidget(parent), m_backend(backend), m_model(model)
{
    m_runDemo = new QPushButton(this);
    m_runDemo->setObjectName(QStringLiteral("runDemo"));
    m_runTaskFile = new QPushButton(this);
    m_runTaskFile->setObjectName(QStringLiteral("runTaskFile"));
    m_cancel = new QPushButton(this);
    m_cancel->setObjectName(QStringLiteral("cancelRun"));
    m_cancel->setEnabled(false);
    m_showAll = new QPushButton(this);
    m_showAll->setObjectName(QStringLiteral("showAllRuns"));
    m_showAll->setEnabled(false);
    m_parallelLabel = new QLabel(this);
    m_parallel = new QSpinBox(this);
    m_parallel->setObjectName(QStringLiteral("parallelRunners"));
    m_parallel->setRange(1, kMaxParallelRunners);
    m_parallel->setKeyboardTracking(false);
    m_parallel->setValue(m_backend->parallelRunners());
    m_parallelLabel->setBuddy(m_parallel);
    m_counts = new QLabel(this);
    m_counts->setObjectName(QStringLiteral("runCounts"));

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("runsView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnWidth(RunsModel::TitleColumn, 220);
    m_view->setColumnWidth(RunsModel::PhaseColumn, 160);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_runDemo);
    buttons->addWidget(m_runTaskFile);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_showAll);
    buttons->addSpacing(12);
    buttons->addWidget(m_parallelLabel);
    buttons->addWidget(m_parallel);
    buttons->addStretch(1);
    buttons->addWidget(m_counts);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(buttons);
    layout->addWidget(m_view, 1);

    connect(m_runDemo, &QPushButton::clicked, m_backend, &ConsoleBackend::runDemo);
    connect(m_runTaskFile, &QPushButton::clicked, this, &RunsPanel::chooseTaskFile);
    connect(m_cancel, &QPushButton::clicked, this, &RunsPanel::cancelSelectedRun);
    connect(m_showAll, &QPushButton::clicked, this, &RunsPanel::clearSelection);
    connect(m_parallel, &QSpinBox::valueChanged, m_backend, &ConsoleBackend::setParallelRunners);
    connect(m_model, &RunsModel::countsChanged, this, &RunsPanel::updateCounts);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RunsPanel::updateSelection);
    // A queued run gets its runner later; cancel also depends on the state.
    connect(m_model, &RunsModel::dataChanged, this, &RunsPanel::updateSelection);
    connect(m_model, &RunsModel::modelReset, this, &RunsPanel::updateSelection);

    retranslateUi();
}

void RunsPanel::retranslateUi()
{
    m_runDemo->setText(tr("Run demo"));
    m_runDemo->setToolTip(tr("Queue every task of the demo task set"));
    m_runTaskFile->setText(tr("Run task file…"));
    m_runTaskFile->setToolTip(tr("Queue the tasks of a task context or task set JSON file"));
    m_cancel->setText(tr("Cancel run"));
    m_showAll->setText(tr("All runs"));
    m_showAll->setToolTip(tr("Clear the selection: logs and charts show every run"));
    m_parallelLabel->setText(tr("&Parallel runners:"));
    updateCounts();
}

void RunsPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void RunsPanel::updateCounts()
{
    const RunCounts counts = m_model->counts();
    m_counts->setText(tr("Queued: %1   Running: %2   Completed: %3   Failed: %4   Cancelled: %5")
                          .arg(counts.queued)
                          .arg(counts.running)
                          .arg(counts.completed)
                          .arg(counts.failed)
                          .arg(counts.cancelled));
}

int RunsPanel::selectedRow() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.constFirst().row();
}

void RunsPanel::updateSelection()
{
    const int row = selectedRow();
    QString key;
    QString runnerId;
    QString taskId;
    bool active = false;
    if (row >= 0) {
        const RunSnapshot &run = m_model->run(row);
        key = RunsModel::runKey(run);
        runnerId = run.runnerId;
        taskId = run.taskId;
        active = run.outcome == RunOutcome::Pending || run.outcome == RunOutcome::Running;
    }
    m_cancel->setEnabled(active);
    m_showAll->setEnabled(row >= 0);
    if (key == m_selectedKey && runnerId == m_selectedRunnerId && taskId == m_selectedTaskId)
        return;
    m_selectedKey = key;
    m_selectedRunnerId = runnerId;
    m_selectedTaskId = taskId;
    Q_EMIT runSelected(key, runnerId, taskId);
}

void RunsPanel::selectRun(const QString &runKey)
{
    const int row = m_model->rowOfKey(runKey);
    if (row < 0) {
        clearSelection();
        return;
    }
    m_view->selectRow(row);
    m_view->scrollTo(m_model->index(row, 0));
}

void RunsPanel::clearSelection()
{
    m_view->selectionModel()->clearSelection();
}

void RunsPanel::chooseTaskFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Run task file"), QString(),
                                                      tr("Task files (*.json);;All files (*)"));
    if (!path.isEmpty())
        m_backend->runTaskFile(path);
}

void RunsPanel::cancelSelectedRun()
{
    const int row = selectedRow();
    if (row >= 0)
        m_backend->cancelRun(m_model->run(row).runId);
}

} // namespace necrocode
