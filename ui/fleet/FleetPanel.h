// The Fleet panel: the workers the Task Registry knows from their heartbeats — state, running
// tasks, throughput, last heartbeat — with "Attach to all workers", which follows every active
// worker's logs, runs and health automatically (kept between sessions). A double-click attaches
// one worker by hand. Above the table: which registry is asked, the counts by state, or why the
// list is not current.
#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QTableView;

namespace necrocode {

class ConsoleBackend;
class FleetModel;

class FleetPanel : public QWidget
{
    Q_OBJECT

public:
    FleetPanel(ConsoleBackend *backend, FleetModel *model, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    QCheckBox *attachToAll() const { return m_attachToAll; }
    QLabel *status() const { return m_status; }

    // The QSettings key of "Attach to all workers".
    static const char *attachToAllSetting() { return "fleet/attachToAll"; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void updateStatus();

    ConsoleBackend *m_backend;
    FleetModel *m_model;
    QCheckBox *m_attachToAll = nullptr;
    QLabel *m_status = nullptr;
    QTableView *m_view = nullptr;
};

} // namespace necrocode
