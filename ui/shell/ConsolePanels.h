// Builds the console's panels around the engine's backend — runs, charts, health, fleet, prompt
// inspector and playground — and docks them into the main window. Selecting a run filters the
// charts here and is announced (runSelected) for the log table.
#pragma once

#include <QObject>

class QDockWidget;
class QMainWindow;

namespace necrocode {

class ChartsPanel;
class ConsoleBackend;
class FleetModel;
class FleetPanel;
class HealthModel;
class HealthPanel;
class LlmCallLog;
class LlmCallsModel;
class LogStore;
class PromptInspector;
class PromptPlayground;
class RunsModel;
class RunsPanel;

class ConsolePanels : public QObject
{
    Q_OBJECT

public:
    // Creates the models and panels, wires them to `backend` and adds one dock per panel to
    // `window` (runs at the bottom, health and below it the fleet on the left, charts, prompt
    // inspector and playground as tabs on the right). The object is a child of `window`.
    ConsolePanels(ConsoleBackend *backend, QMainWindow *window);

    RunsModel *runsModel() const { return m_runsModel; }
    LlmCallLog *llmCalls() const { return m_llmCalls; }
    LlmCallsModel *llmCallsModel() const { return m_llmCallsModel; }
    HealthModel *healthModel() const { return m_healthModel; }
    FleetModel *fleetModel() const { return m_fleetModel; }

    RunsPanel *runsPanel() const { return m_runsPanel; }
    ChartsPanel *chartsPanel() const { return m_chartsPanel; }
    HealthPanel *healthPanel() const { return m_healthPanel; }
    FleetPanel *fleetPanel() const { return m_fleetPanel; }
    PromptInspector *promptInspector() const { return m_promptInspector; }
    PromptPlayground *promptPlayground() const { return m_promptPlayground; }

    // The docks in creation order, e.g. for the View menu (toggleViewAction()).
    QList<QDockWidget *> docks() const;
    QDockWidget *runsDock() const { return m_runsDock; }
    QDockWidget *chartsDock() const { return m_chartsDock; }
    QDockWidget *healthDock() const { return m_healthDock; }
    QDockWidget *fleetDock() const { return m_fleetDock; }
    QDockWidget *promptInspectorDock() const { return m_inspectorDock; }
    QDockWidget *promptPlaygroundDock() const { return m_playgroundDock; }

public Q_SLOTS:
    // Latency of a call to an external service, e.g. from a log entry with `service` and
    // `duration_seconds` (and its runner_id/task_id): see ChartsPanel::addServiceLatency.
    void addServiceLatency(const QString &service, qint64 timeMs, double seconds,
                           const QString &runnerId = QString(), const QString &taskId = QString());
    // Follows the service calls that the log entries [first, first + count) of `store` report
    // (local runs and attached workers alike) into the latency charts.
    void addServiceCalls(const necrocode::LogStore &store, qsizetype first, qsizetype count);
    // Reads the price table from the backend's configuration again (after applyConfig), for
    // the cost of the LLM calls recorded from then on.
    void refreshPrices();
    void retranslateUi();
    // The run detail dialog of the runs table's row (double-click or Enter).
    void showRunDetail(int row);

Q_SIGNALS:
    // The user selected a run (empty strings: no run selected, show every run).
    void runSelected(const QString &runnerId, const QString &taskId);

protected:
    // The main window passes QEvent::LanguageChange on to its children, this object included.
    bool event(QEvent *event) override;

private:
    QDockWidget *addDock(QWidget *panel, const QString &objectName, Qt::DockWidgetArea area);
    void onRunSelected(const QString &runKey, const QString &runnerId, const QString &taskId);

    ConsoleBackend *m_backend;
    QMainWindow *m_window;
    RunsModel *m_runsModel = nullptr;
    LlmCallLog *m_llmCalls = nullptr;
    LlmCallsModel *m_llmCallsModel = nullptr;
    HealthModel *m_healthModel = nullptr;
    FleetModel *m_fleetModel = nullptr;
    RunsPanel *m_runsPanel = nullptr;
    ChartsPanel *m_chartsPanel = nullptr;
    HealthPanel *m_healthPanel = nullptr;
    FleetPanel *m_fleetPanel = nullptr;
    PromptInspector *m_promptInspector = nullptr;
    PromptPlayground *m_promptPlayground = nullptr;
    QDockWidget *m_runsDock = nullptr;
    QDockWidget *m_chartsDock = nullptr;
    QDockWidget *m_healthDock = nullptr;
    QDockWidget *m_fleetDock = nullptr;
    QDockWidget *m_inspectorDock = nullptr;
    QDockWidget *m_playgroundDock = nullptr;
};

} // namespace necrocode
