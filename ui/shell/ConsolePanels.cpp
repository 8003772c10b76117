#include "shell/ConsolePanels.h"

#include "charts/ChartsPanel.h"
#include "fleet/FleetModel.h"
#include "fleet/FleetPanel.h"
#include "healthview/HealthModel.h"
#include "healthview/HealthPanel.h"
#include "logstore/StoredRunEvent.h"
#include "prompt/LlmCallsModel.h"
#include "prompt/PromptInspector.h"
#include "prompt/PromptPlayground.h"
#include "runs/RunDetailDialog.h"
#include "runs/RunsModel.h"
#include "runs/RunsPanel.h"
#include "shell/ConsoleBackend.h"

#include <QDockWidget>
#include <QEvent>
#include <QMainWindow>
#include <QTableView>

#include <cmath>

namespace necrocode {

ConsolePanels::ConsolePanels(ConsoleBackend *backend, QMainWindow *window)
    : QObject(window), m_backend(backend), m_window(window)
{
    m_runsModel = new RunsModel(this);
    m_llmCalls = new LlmCallLog(this);
    m_llmCallsModel = new LlmCallsModel(m_llmCalls, this);
    m_healthModel = new HealthModel(this);
    m_fleetModel = new FleetModel(this);
    refreshPrices();

    m_runsPanel = new RunsPanel(m_backend, m_runsModel);
    m_chartsPanel = new ChartsPanel(m_llmCalls);
    m_healthPanel = new HealthPanel(m_healthModel);
    m_fleetPanel = new FleetPanel(m_backend, m_fleetModel);
    m_promptInspector = new PromptInspector(m_llmCallsModel);
    m_promptPlayground = new PromptPlayground(m_backend);

    m_healthDock = addDock(m_healthPanel, QStringLiteral("healthDock"), Qt::LeftDockWidgetArea);
    m_fleetDock = addDock(m_fleetPanel, QStringLiteral("fleetDock"), Qt::LeftDockWidgetArea);
    m_runsDock = addDock(m_runsPanel, QStringLiteral("runsDock"), Qt::BottomDockWidgetArea);
    m_chartsDock = addDock(m_chartsPanel, QStringLiteral("chartsDock"), Qt::RightDockWidgetArea);
    m_inspectorDock =
        addDock(m_promptInspector, QStringLiteral("promptInspectorDock"), Qt::RightDockWidgetArea);
    m_playgroundDock = addDock(m_promptPlayground, QStringLiteral("promptPlaygroundDock"),
                               Qt::RightDockWidgetArea);
    m_window->tabifyDockWidget(m_chartsDock, m_inspectorDock);
    m_window->tabifyDockWidget(m_inspectorDock, m_playgroundDock);
    m_chartsDock->raise();

    connect(m_backend, &ConsoleBackend::runChanged, m_runsModel, &RunsModel::enqueue);
    connect(m_backend, &ConsoleBackend::fleetChanged, m_fleetModel, &FleetModel::setWorkers);
    connect(m_backend, &ConsoleBackend::llmExchangeRecorded, m_llmCalls, &LlmCallLog::enqueue);
    connect(m_backend, &ConsoleBackend::workerDetached, m_healthModel, &HealthModel::removeSource);
    connect(m_backend, &ConsoleBackend::serviceHealthChanged, m_healthModel,
            &HealthModel::setHealth);
    const auto showAddresses = [this] {
        m_healthModel->setAddresses(m_backend->serviceAddresses());
    };
    connect(m_backend, &ConsoleBackend::addressesChanged, m_healthModel, showAddresses);
    connect(m_backend, &ConsoleBackend::ready, m_healthModel, showAddresses);
    showAddresses();
    connect(m_backend, &ConsoleBackend::healthServerChanged, m_healthModel,
            &HealthModel::setHealthServer);
    connect(m_runsPanel, &RunsPanel::runSelected, this, &ConsolePanels::onRunSelected);
    connect(m_runsPanel->view(), &QAbstractItemView::activated, this,
            [this](const QModelIndex &index) { showRunDetail(index.row()); });
    connect(m_promptInspector, &PromptInspector::openInPlayground, this,
            [this](const LlmExchange &exchange) {
                m_promptPlayground->load(exchange);
                m_playgroundDock->show();
                m_playgroundDock->raise();
            });

    retranslateUi();
}

QDockWidget *ConsolePanels::addDock(QWidget *panel, const QString &objectName,
                                    Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(m_window);
    dock->setObjectName(objectName);
    dock->setWidget(panel);
    m_window->addDockWidget(area, dock);
    return dock;
}

QList<QDockWidget *> ConsolePanels::docks() const
{
    return {m_healthDock, m_fleetDock, m_runsDock, m_chartsDock, m_inspectorDock, m_playgroundDock};
}

void ConsolePanels::addServiceLatency(const QString &service, qint64 timeMs, double seconds,
                                      const QString &runnerId, const QString &taskId)
{
    m_chartsPanel->addServiceLatency(service, timeMs, seconds, runnerId, taskId);
}

void ConsolePanels::addServiceCalls(const LogStore &store, qsizetype first, qsizetype count)
{
    for (qsizetype row = first; row < first + count; ++row) {
        // A service call names its service and has a duration in the stored columns: other
        // rows are passed over without reading their JSON on this (the GUI) thread.
        if (store.fieldId(row, LogField::Service) == 0 ||
            !std::isfinite(store.durationSeconds(row)))
            continue;
        const auto event = runEventAt(store, row);
        const auto *call = event ? std::get_if<run_event::ServiceCall>(&*event) : nullptr;
        if (call)
            addServiceLatency(call->service, store.timestampMs(row), call->durationSeconds,
                              store.runnerId(row), store.taskId(row));
    }
}

void ConsolePanels::refreshPrices()
{
    m_llmCalls->setPrices(m_backend->config().prices);
}

void ConsolePanels::onRunSelected(const QString &runKey, const QString &runnerId,
                                  const QString &taskId)
{
    m_chartsPanel->setRunFilter(runKey, runnerId, taskId);
    Q_EMIT runSelected(runnerId, taskId);
}

void ConsolePanels::retranslateUi()
{
    m_healthDock->setWindowTitle(tr("Service health"));
    m_fleetDock->setWindowTitle(tr("Fleet"));
    m_runsDock->setWindowTitle(tr("Runs"));
    m_chartsDock->setWindowTitle(tr("Charts"));
    m_inspectorDock->setWindowTitle(tr("Inspector"));
    m_playgroundDock->setWindowTitle(tr("Playground"));
    m_runsModel->retranslate();
    m_llmCallsModel->retranslate();
    m_healthModel->retranslate();
    m_fleetModel->retranslate();
}

bool ConsolePanels::event(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    return QObject::event(event);
}

void ConsolePanels::showRunDetail(int row)
{
    if (row < 0 || row >= m_runsModel->rowCount())
        return;
    const RunSnapshot run = m_runsModel->run(row);
    QList<LlmExchange> calls;
    for (int call = 0; call < m_llmCalls->size(); ++call) {
        const LlmExchange &exchange = m_llmCalls->exchange(call);
        if (exchange.runId == run.runId && exchange.source == run.source)
            calls.append(exchange);
    }
    auto *dialog = new RunDetailDialog(run, calls, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

} // namespace necrocode
