#include "fleet/FleetPanel.h"

#include "common/SidePanelTable.h"
#include "fleet/FleetModel.h"
#include "shell/ConsoleBackend.h"

#include <QCheckBox>
#include <QEvent>
#include <QLabel>
#include <QSettings>
#include <QTableView>
#include <QVBoxLayout>

namespace necrocode {

FleetPanel::FleetPanel(ConsoleBackend *backend, FleetModel *model, QWidget *parent)
    : QWidget(parent), m_backend(backend), m_model(model)
{
    m_attachToAll = new QCheckBox(this);
    m_attachToAll->setObjectName(QStringLiteral("fleetAttachToAll"));
    m_attachToAll->setChecked(
        QSettings().value(QLatin1String(attachToAllSetting()), true).toBool());
    m_backend->setAttachToAllWorkers(m_attachToAll->isChecked());
    connect(m_attachToAll, &QCheckBox::toggled, this, [this](bool on) {
        QSettings().setValue(QLatin1String(attachToAllSetting()), on);
        m_backend->setAttachToAllWorkers(on);
    });

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("fleetStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_view = makeSidePanelTable(m_model, this);
    m_view->setObjectName(QStringLiteral("fleetView"));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    connect(m_view, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        const QUrl url = m_model->data(index, FleetModel::HealthUrlRole).toUrl();
        if (url.isValid())
            m_backend->attach(url);
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_attachToAll);
    layout->addWidget(m_status);
    layout->addWidget(m_view, 1);

    connect(m_model, &FleetModel::rowsInserted, this, &FleetPanel::updateStatus);
    connect(m_model, &FleetModel::rowsRemoved, this, &FleetPanel::updateStatus);
    connect(m_model, &FleetModel::dataChanged, this, &FleetPanel::updateStatus);
    connect(m_backend, &ConsoleBackend::fleetProblemChanged, this, &FleetPanel::updateStatus);
    connect(m_backend, &ConsoleBackend::addressesChanged, this, &FleetPanel::updateStatus);
    connect(m_backend, &ConsoleBackend::ready, this, &FleetPanel::updateStatus);
    connect(m_backend, &ConsoleBackend::fleetChanged, this, &FleetPanel::updateStatus);
    retranslateUi();
}

void FleetPanel::updateStatus()
{
    if (const QString problem = m_backend->fleetProblem(); !problem.isEmpty()) {
        m_status->setText(problem);
        m_status->setStyleSheet(QStringLiteral("color: #d32f2f;"));
        return;
    }
    m_status->setStyleSheet({});
    const QString registry = m_backend->fleetRegistryUrl();
    if (registry.isEmpty())
        m_status->setText(tr("No Task Registry to ask for workers."));
    else if (m_model->rowCount() == 0)
        m_status->setText(tr("No worker has sent a heartbeat to %1 yet. Start one with "
                             "necrocode-runner serve --task-registry-url %1")
                              .arg(registry));
    else
        m_status->setText(tr("%1 — from %2").arg(m_model->summary(), registry));
}

void FleetPanel::retranslateUi()
{
    m_attachToAll->setText(tr("Attach to all workers"));
    m_attachToAll->setToolTip(tr("Follow the logs, runs and health of every active worker of the "
                                 "registry, including ones that start later"));
    updateStatus();
}

void FleetPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

} // namespace necrocode
