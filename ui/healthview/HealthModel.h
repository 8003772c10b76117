// The health table: one row per external service per source ("local" first, then each attached
// worker), with the state in words and a coloured dot; plus the console's own health server.
#pragma once

#include "health/ServiceHealth.h"
#include "shell/ConsoleBackend.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QIcon>

#include <vector>

namespace necrocode {

class HealthModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        SourceColumn,
        ServiceColumn,
        StateColumn,
        LatencyColumn,
        LastCheckColumn,
        ColumnCount
    };
    enum Role {
        StateRole = Qt::UserRole + 1, // ServiceState as int
        StateColorRole,               // QColor of the dot
        SourceRole,                   // "local" or the worker's label
        ServiceRole                   // task_registry, repo_pool, artifact_store, llm
    };

    static QString localSource() { return QStringLiteral("local"); }

    explicit HealthModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // -1 when the pair has no row yet.
    int rowOf(const QString &source, const QString &service) const;
    ServiceHealth health(int row) const { return m_rows.at(std::size_t(row)).health; }

    QString healthServerDescription() const { return m_serverDescription; }
    bool healthServerListening() const { return m_serverListening; }

    static QString stateText(ServiceState state); // UP, DEGRADED, DOWN, UNKNOWN, translated
    static QColor stateColor(ServiceState state);
    static QIcon stateDot(ServiceState state);
    static QString serviceText(const QString &service);
    static QString sourceText(const QString &source);

    void retranslate();

public Q_SLOTS:
    // A new source gets a row for every known service (UNKNOWN until reported).
    void setHealth(const QString &source, const QString &service,
                   const necrocode::ServiceHealth &health);
    void setHealthServer(const QString &description, bool listening);
    // Where this console reaches its own services: shown in the Source column and tooltip.
    void setAddresses(const QMap<QString, necrocode::ServiceAddress> &addresses);
    // Removes every row of a source (a worker no longer followed).
    void removeSource(const QString &source);

Q_SIGNALS:
    void healthServerChanged();

private:
    struct Row
    {
        QString source;
        QString service;
        ServiceHealth health;
    };

    void addSource(const QString &source);
    QVariant displayText(const Row &row, int column) const;
    QString toolTip(const Row &row) const;

    // The Source column of a local row: "Embedded", or the host:port the settings name.
    QString localSourceText(const QString &service) const;

    std::vector<Row> m_rows;
    QMap<QString, ServiceAddress> m_addresses; // of the local services, by service
    QString m_serverDescription;
    bool m_serverListening = false;
};

} // namespace necrocode
