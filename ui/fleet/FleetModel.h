// The fleet's workers as a table for the Fleet panel: one row per worker the Task Registry
// lists, with its state (a dot and the word), the tasks it runs with their phase (a lost
// worker's: the tasks that go back to the queue), tasks finished, throughput, last heartbeat and
// host. Rows keep their place between polls, so a selection survives a refresh.
#pragma once

#include "remote/FleetWorker.h"

#include <QAbstractTableModel>

namespace necrocode {

class FleetModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        WorkerColumn,
        StateColumn,
        RunningColumn,
        CompletedColumn,
        ThroughputColumn,
        LastSeenColumn,
        HostColumn,
        ColumnCount
    };
    enum Role { StateRole = Qt::UserRole + 1, HealthUrlRole };

    using QAbstractTableModel::QAbstractTableModel;

    // The registry's list now: rows of workers still listed are updated in place, new ones
    // added at the end, ones no longer listed removed.
    void setWorkers(const QList<FleetWorker> &workers);
    const FleetWorker &worker(int row) const { return m_workers[row]; }
    // The row of a worker id, or -1.
    int rowOf(const QString &workerId) const;
    // "3 active, 1 lost, 2 stopped".
    QString summary() const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    static QString stateText(FleetWorkerState state);
    void retranslate();

private:
    QString displayText(const FleetWorker &worker, int column) const;
    QString toolTip(const FleetWorker &worker) const;

    QList<FleetWorker> m_workers;
};

} // namespace necrocode
