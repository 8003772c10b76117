#include "runs/RunsPanel.h"
#include "common/ElidedTextToolTip.h"

#include "runs/RunsModel.h"
#include "shell/ConsoleBackend.h"

#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
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
    m_retry = new QPushButton(this);
    m_retry->setObjectName(QStringLiteral("retryRun"));
    m_retry->setEnabled(false);
    m_retryFailed = new QPushButton(this);
    m_retryFailed->setObjectName(QStringLiteral("retryFailedRuns"));
    m_retryFailed->setEnabled(false);
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
    m_intake = new QLabel(this);
    m_intake->setObjectName(QStringLiteral("taskIntake"));
    m_intake->setWordWrap(true);
    m_intake->setVisible(false);
    m_stopIntake = new QPushButton(this);
    m_stopIntake->setObjectName(QStringLiteral("stopTakingTasks"));
    m_stopIntake->setVisible(false);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("runsView"));
    m_view->setModel(m_model);
    ElidedTextToolTip::install(m_view);
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
    buttons->addWidget(m_retry);
    buttons->addWidget(m_retryFailed);
    buttons->addWidget(m_showAll);
    buttons->addSpacing(12);
    buttons->addWidget(m_parallelLabel);
    buttons->addWidget(m_parallel);
    buttons->addStretch(1);
    buttons->addWidget(m_counts);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(buttons);
    auto *intake = new QHBoxLayout;
    intake->addWidget(m_intake, 1);
    intake->addWidget(m_stopIntake);
    layout->addLayout(intake);
    layout->addWidget(m_view, 1);

    connect(m_runDemo, &QPushButton::clicked, m_backend, &ConsoleBackend::runDemo);
    connect(m_runTaskFile, &QPushButton::clicked, this, &RunsPanel::chooseTaskFile);
    connect(m_cancel, &QPushButton::clicked, this, &RunsPanel::cancelSelectedRun);
    connect(m_showAll, &QPushButton::clicked, this, &RunsPanel::clearSelection);
    connect(m_retry, &QPushButton::clicked, this, &RunsPanel::retrySelectedRun);
    connect(m_retryFailed, &QPushButton::clicked, this, &RunsPanel::retryFailedRuns);
    connect(m_stopIntake, &QPushButton::clicked, m_backend, &ConsoleBackend::stopTakingTasks);
    connect(m_backend, &ConsoleBackend::taskIntakeChanged, this, &RunsPanel::showTaskIntake);
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
    m_retry->setText(tr("Retry"));
    m_retry->setToolTip(tr("Put the selected failed run's task back to ready and run it again"));
    m_retryFailed->setText(tr("Retry all failed"));
    m_retryFailed->setToolTip(tr("Run every failed task of this console again"));
    m_showAll->setText(tr("All runs"));
    m_showAll->setToolTip(tr("Clear the selection: logs and charts show every run"));
    m_parallelLabel->setText(tr("&Parallel runners:"));
    m_stopIntake->setText(tr("Stop taking tasks"));
    m_stopIntake->setToolTip(tr("Take no more tasks from the registry; runs in progress go on"));
    updateCounts();
    showTaskIntake(m_taking, m_intakeProblem, m_retryInMs);
}

void RunsPanel::showTaskIntake(bool taking, const QString &problem, int retryInMs)
{
    m_taking = taking;
    m_intakeProblem = problem;
    m_retryInMs = retryInMs;
    m_intake->setVisible(taking);
    m_stopIntake->setVisible(taking);
    if (!taking)
        return;
    if (problem.isEmpty()) {
        m_intake->setText(tr("Taking ready tasks from the task registry."));
        m_intake->setStyleSheet(QString());
        return;
    }
    m_intake->setText(tr("Waiting for the task registry: %1. Next try in %2 s.")
                          .arg(problem, QLocale().toString(std::max(1, (retryInMs + 999) / 1000))));
    m_intake->setStyleSheet(QStringLiteral("color: #92400e;"));
}

void RunsPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

bool RunsPanel::isRetryable(const RunSnapshot &run)
{
    // Only this console's own runs: an attached worker's tasks are its registry's business.
    return (run.outcome == RunOutcome::Failed || run.outcome == RunOutcome::Cancelled) &&
           (run.source.isEmpty() || run.source == QLatin1String("local"));
}

void RunsPanel::retrySelectedRun()
{
    const int row = selectedRow();
    if (row >= 0 && isRetryable(m_model->run(row)))
        m_backend->retryRun(m_model->run(row).runId);
}

void RunsPanel::retryFailedRuns()
{
    // The newest failed run of each task, once.
    QStringList tasks;
    for (int row = m_model->rowCount() - 1; row >= 0; --row) {
        const RunSnapshot &run = m_model->run(row);
        const QString task = run.specName + QLatin1Char('/') + run.taskId;
        if (tasks.contains(task))
            continue;
        tasks.append(task);
        if (isRetryable(run))
            m_backend->retryRun(run.runId);
    }
}

void RunsPanel::updateCounts()
{
    const RunCounts counts = m_model->counts();
    bool anyFailed = false;
    for (int row = 0; row < m_model->rowCount() && !anyFailed; ++row)
        anyFailed = isRetryable(m_model->run(row));
    m_retryFailed->setEnabled(anyFailed);
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
    m_retry->setEnabled(row >= 0 && isRetryable(m_model->run(row)));
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
