#include "fleet/FleetModel.h"

#include "common/PanelFormatting.h"
#include "healthview/HealthModel.h"
#include "runs/RunsModel.h"

#include <QDateTime>
#include <QLocale>

namespace necrocode {

namespace {

ServiceState healthLike(FleetWorkerState state)
{
    switch (state) {
    case FleetWorkerState::Active:
        return ServiceState::Up;
    case FleetWorkerState::Lost:
        return ServiceState::Down;
    case FleetWorkerState::Stopped:
        break;
    }
    return ServiceState::Unknown;
}

QString phaseShown(const QString &phaseName)
{
    const auto phase = parseRunPhase(phaseName);
    return phase ? RunsModel::phaseText(*phase) : phaseName;
}

} // namespace

void FleetModel::setWorkers(const QList<FleetWorker> &workers)
{
    QHash<QString, const FleetWorker *> listed;
    for (const FleetWorker &worker : workers)
        if (!listed.contains(worker.id)) // the first of a repeated id counts
            listed.insert(worker.id, &worker);
    for (int row = int(m_workers.size()) - 1; row >= 0; --row) {
        if (listed.contains(m_workers[row].id))
            continue;
        beginRemoveRows({}, row, row);
        m_workers.removeAt(row);
        endRemoveRows();
    }
    for (int row = 0; row < int(m_workers.size()); ++row)
        m_workers[row] = *listed.take(m_workers[row].id);
    if (!m_workers.isEmpty()) // every "last seen" moves on, whatever else changed
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    QList<FleetWorker> added;
    for (const FleetWorker &worker : workers)
        if (listed.value(worker.id) == &worker)
            added.append(worker);
    if (added.isEmpty())
        return;
    beginInsertRows({}, rowCount(), rowCount() + int(added.size()) - 1);
    m_workers.append(added);
    endInsertRows();
}

int FleetModel::rowOf(const QString &workerId) const
{
    for (int row = 0; row < int(m_workers.size()); ++row)
        if (m_workers[row].id == workerId)
            return row;
    return -1;
}

QString FleetModel::summary() const
{
    int counts[3] = {0, 0, 0};
    for (const FleetWorker &worker : m_workers)
        ++counts[int(worker.state)];
    return tr("%1 active, %2 lost, %3 stopped")
        .arg(counts[int(FleetWorkerState::Active)])
        .arg(counts[int(FleetWorkerState::Lost)])
        .arg(counts[int(FleetWorkerState::Stopped)]);
}

int FleetModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_workers.size());
}

int FleetModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString FleetModel::stateText(FleetWorkerState state)
{
    switch (state) {
    case FleetWorkerState::Active:
        return tr("active");
    case FleetWorkerState::Lost:
        return tr("lost");
    case FleetWorkerState::Stopped:
        break;
    }
    return tr("stopped");
}

QString FleetModel::displayText(const FleetWorker &worker, int column) const
{
    const QLocale locale;
    switch (column) {
    case WorkerColumn:
        return worker.id;
    case StateColumn:
        return stateText(worker.state);
    case RunningColumn: {
        QStringList tasks;
        for (const FleetTask &task : worker.running)
            tasks.append(worker.state == FleetWorkerState::Lost
                             ? tr("%1 (requeued)").arg(task.taskId)
                             : tr("%1 (%2)").arg(task.taskId, phaseShown(task.phase)));
        return tasks.isEmpty() ? tr("idle") : tasks.join(QStringLiteral(", "));
    }
    case CompletedColumn:
        return PanelFormatting::count(worker.completed);
    case ThroughputColumn: {
        const double rate = worker.tasksPerMinute();
        return rate < 0 ? QStringLiteral("–") : tr("%1/min").arg(locale.toString(rate, 'f', 1));
    }
    case LastSeenColumn:
        if (worker.lastSeenMs <= 0)
            return QStringLiteral("–");
        return tr("%1 ago").arg(PanelFormatting::duration(
            std::max<qint64>(0, QDateTime::currentMSecsSinceEpoch() - worker.lastSeenMs)));
    case HostColumn:
        return worker.host;
    }
    return {};
}

QString FleetModel::toolTip(const FleetWorker &worker) const
{
    QStringList lines{tr("Worker %1: %2").arg(worker.id, stateText(worker.state))};
    if (!worker.healthUrl.isEmpty())
        lines.append(tr("Address: %1").arg(worker.healthUrl.toString()));
    if (!worker.version.isEmpty())
        lines.append(tr("Version: %1").arg(worker.version));
    lines.append(tr("Runs up to %n task(s) at once", nullptr, worker.capacity));
    if (worker.startedAtMs > 0)
        lines.append(tr("Started: %1")
                         .arg(PanelFormatting::dateTime(
                             QDateTime::fromMSecsSinceEpoch(worker.startedAtMs))));
    if (worker.lastSeenMs > 0)
        lines.append(
            tr("Last heartbeat: %1")
                .arg(PanelFormatting::dateTime(QDateTime::fromMSecsSinceEpoch(worker.lastSeenMs))));
    if (worker.state == FleetWorkerState::Lost && !worker.running.isEmpty())
        lines.append(tr("Its tasks go back to the queue and are taken by another worker."));
    return lines.join(u'\n');
}

QVariant FleetModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const FleetWorker &worker = m_workers[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return displayText(worker, index.column());
    case Qt::ToolTipRole:
        return toolTip(worker);
    case Qt::DecorationRole:
        if (index.column() == StateColumn)
            return HealthModel::stateDot(healthLike(worker.state));
        return QVariant();
    case Qt::TextAlignmentRole:
        if (index.column() == CompletedColumn || index.column() == ThroughputColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant();
    case StateRole:
        return fleetWorkerStateName(worker.state);
    case HealthUrlRole:
        return worker.healthUrl;
    }
    return QVariant();
}

QVariant FleetModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case WorkerColumn:
        return tr("Worker");
    case StateColumn:
        return tr("State");
    case RunningColumn:
        return tr("Running");
    case CompletedColumn:
        return tr("Done");
    case ThroughputColumn:
        return tr("Rate");
    case LastSeenColumn:
        return tr("Last seen");
    case HostColumn:
        return tr("Host");
    }
    return QVariant();
}

void FleetModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_workers.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

} // namespace necrocode
