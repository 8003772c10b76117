#include "healthview/HealthModel.h"

#include <QUrl>

#include "common/PanelFormatting.h"
#include "shell/ConsoleBackend.h"

#include <QColor>
#include <QPainter>
#include <QPixmap>

#include <array>

namespace necrocode {

namespace {

constexpr int kDotSize = 12;

int stateIndex(ServiceState state)
{
    return int(state);
}

} // namespace

HealthModel::HealthModel(QObject *parent) : QAbstractTableModel(parent)
{
    addSource(localSource());
}

int HealthModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int HealthModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int HealthModel::rowOf(const QString &source, const QString &service) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].source == source && m_rows[i].service == service)
            return int(i);
    }
    return -1;
}

QString HealthModel::stateText(ServiceState state)
{
    switch (state) {
    case ServiceState::Up:
        return tr("UP");
    case ServiceState::Degraded:
        return tr("DEGRADED");
    case ServiceState::Down:
        return tr("DOWN");
    case ServiceState::Unknown:
        break;
    }
    return tr("UNKNOWN");
}

QColor HealthModel::stateColor(ServiceState state)
{
    switch (state) {
    case ServiceState::Up:
        return QColor(0x2e, 0x9d, 0x3a);
    case ServiceState::Degraded:
        return QColor(0xe0, 0x9b, 0x00);
    case ServiceState::Down:
        return QColor(0xd3, 0x2f, 0x2f);
    case ServiceState::Unknown:
        break;
    }
    return QColor(0x9e, 0x9e, 0x9e);
}

QIcon HealthModel::stateDot(ServiceState state)
{
    static std::array<QIcon, 4> dots;
    QIcon &dot = dots[std::size_t(stateIndex(state))];
    if (dot.isNull()) {
        QPixmap pixmap(kDotSize, kDotSize);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(stateColor(state).darker(130));
        painter.setBrush(stateColor(state));
        painter.drawEllipse(QRectF(1, 1, kDotSize - 2, kDotSize - 2));
        dot = QIcon(pixmap);
    }
    return dot;
}

QString HealthModel::serviceText(const QString &service)
{
    if (service == QLatin1String("task_registry"))
        return tr("Task Registry");
    if (service == QLatin1String("repo_pool"))
        return tr("Repo Pool");
    if (service == QLatin1String("artifact_store"))
        return tr("Artifact Store");
    if (service == QLatin1String("llm"))
        return tr("LLM");
    if (service == QLatin1String("worker"))
        return tr("Worker");
    return service;
}

QString HealthModel::sourceText(const QString &source)
{
    return source == localSource() ? tr("Local") : source;
}

QVariant HealthModel::displayText(const Row &row, int column) const
{
    const ServiceHealth &health = row.health;
    const bool checked = health.lastCheck.isValid();
    switch (column) {
    case SourceColumn:
        return row.source == localSource() ? localSourceText(row.service) : sourceText(row.source);
    case ServiceColumn:
        return serviceText(row.service);
    case StateColumn:
        return stateText(health.state);
    case LatencyColumn:
        return checked ? PanelFormatting::latency(health.latencySeconds) : QString();
    case LastCheckColumn:
        return checked ? PanelFormatting::clockTime(health.lastCheck) : tr("not checked yet");
    }
    return QVariant();
}

QString HealthModel::localSourceText(const QString &service) const
{
    const auto found = m_addresses.constFind(service);
    if (found == m_addresses.cend() || found->url.isEmpty())
        return sourceText(localSource());
    if (found->embedded)
        return tr("Embedded");
    const QUrl url(found->url);
    return url.port() > 0 ? url.host() + QLatin1Char(':') + QString::number(url.port())
                          : url.host();
}

QString HealthModel::toolTip(const Row &row) const
{
    const ServiceHealth &health = row.health;
    QString text = serviceText(row.service) + QStringLiteral(" (") + sourceText(row.source) +
                   QStringLiteral("): ") + stateText(health.state);
    if (row.source == localSource()) {
        const ServiceAddress address = m_addresses.value(row.service);
        if (!address.url.isEmpty())
            text += QLatin1Char('\n') + (address.embedded
                                             ? tr("Address: %1 (embedded)").arg(address.url)
                                             : tr("Address: %1").arg(address.url));
    }
    if (health.lastCheck.isValid())
        text += QLatin1Char('\n') +
                tr("Last check: %1").arg(PanelFormatting::dateTime(health.lastCheck));
    if (health.consecutiveFailures > 0)
        text += QLatin1Char('\n') + tr("Consecutive failures: %1").arg(health.consecutiveFailures);
    if (!health.lastError.isEmpty()) {
        QString error = health.lastError;
        if (!health.lastErrorType.isEmpty())
            error = health.lastErrorType + QStringLiteral(": ") + error;
        text += QLatin1Char('\n') + tr("Last error: %1").arg(error);
    }
    if (!health.details.isEmpty())
        text += QLatin1Char('\n') + health.details;
    return text;
}

QVariant HealthModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const Row &row = m_rows[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return displayText(row, index.column());
    case Qt::ToolTipRole:
        return toolTip(row);
    case Qt::DecorationRole:
        if (index.column() == StateColumn)
            return stateDot(row.health.state);
        return QVariant();
    case Qt::TextAlignmentRole:
        if (index.column() == LatencyColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant();
    case StateRole:
        return int(row.health.state);
    case StateColorRole:
        return stateColor(row.health.state);
    case SourceRole:
        return row.source;
    case ServiceRole:
        return row.service;
    }
    return QVariant();
}

QVariant HealthModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 ||
        section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SourceColumn:
        return tr("Source");
    case ServiceColumn:
        return tr("Service");
    case StateColumn:
        return tr("State");
    case LatencyColumn:
        return tr("Latency");
    case LastCheckColumn:
        return tr("Last check");
    }
    return QVariant();
}

void HealthModel::addSource(const QString &source)
{
    const QStringList services = ConsoleBackend::serviceNames();
    const int first = int(m_rows.size());
    beginInsertRows(QModelIndex(), first, first + int(services.size()) - 1);
    for (const QString &service : services)
        m_rows.push_back(Row{source, service, ServiceHealth{}});
    endInsertRows();
}

void HealthModel::setHealth(const QString &source, const QString &service,
                            const ServiceHealth &health)
{
    int row = rowOf(source, service);
    if (row < 0 && rowOf(source, ConsoleBackend::serviceNames().constFirst()) < 0) {
        addSource(source);
        row = rowOf(source, service);
    }
    if (row < 0) {
        row = int(m_rows.size());
        beginInsertRows(QModelIndex(), row, row);
        m_rows.push_back(Row{source, service, health});
        endInsertRows();
        return;
    }
    if (m_rows[std::size_t(row)].health == health)
        return;
    m_rows[std::size_t(row)].health = health;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void HealthModel::removeSource(const QString &source)
{
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        if (m_rows[std::size_t(row)].source != source)
            continue;
        beginRemoveRows(QModelIndex(), row, row);
        m_rows.erase(m_rows.begin() + row);
        endRemoveRows();
    }
}

void HealthModel::setHealthServer(const QString &description, bool listening)
{
    if (description == m_serverDescription && listening == m_serverListening)
        return;
    m_serverDescription = description;
    m_serverListening = listening;
    Q_EMIT healthServerChanged();
}

void HealthModel::setAddresses(const QMap<QString, ServiceAddress> &addresses)
{
    m_addresses = addresses;
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

void HealthModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

} // namespace necrocode
