#include "healthview/HealthPanel.h"

#include "common/PanelFormatting.h"
#include "common/SidePanelTable.h"
#include "healthview/HealthModel.h"
#include "shell/ConsoleBackend.h"

#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollBar>
#include <QStyleOptionViewItem>
#include <QTableView>
#include <QVBoxLayout>

namespace necrocode {

HealthPanel::HealthPanel(HealthModel *model, QWidget *parent) : QWidget(parent), m_model(model)
{
    m_serverDot = new QLabel(this);
    m_serverText = new QLabel(this);
    m_serverText->setObjectName(QStringLiteral("healthServer"));
    m_serverText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_serverText->setWordWrap(true);
    auto *server = new QHBoxLayout;
    server->addWidget(m_serverDot);
    server->addWidget(m_serverText, 1);

    m_view = makeSidePanelTable(m_model, this);
    m_view->setObjectName(QStringLiteral("healthView"));
    m_view->setSelectionMode(QAbstractItemView::NoSelection);
    m_view->setFocusPolicy(Qt::NoFocus);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(server);
    layout->addWidget(m_view, 1);

    connect(m_model, &HealthModel::healthServerChanged, this, &HealthPanel::updateServer);
    // The Source column matters once a worker is attached; until then it would only push the
    // state, latency and last check out of a narrow dock (the address is in each row's tooltip).
    connect(m_model, &HealthModel::rowsInserted, this, &HealthPanel::updateSourceColumn);
    connect(m_model, &HealthModel::rowsRemoved, this, &HealthPanel::updateSourceColumn);
    connect(m_model, &HealthModel::modelReset, this, &HealthPanel::updateSourceColumn);
    updateSourceColumn();
    retranslateUi();
}

QSize HealthPanel::sizeHint() const
{
    const QHeaderView *header = m_view->horizontalHeader();
    const QAbstractItemView *view = m_view; // QTableView hides sizeHintForColumn()
    int width = 2 * m_view->frameWidth() + m_view->verticalScrollBar()->sizeHint().width();
    for (int column = 0; column < m_model->columnCount(); ++column)
        if (!m_view->isColumnHidden(column))
            width += std::max({view->sizeHintForColumn(column), header->sectionSizeHint(column),
                               expectedColumnWidth(column)});
    const QMargins margins = layout()->contentsMargins();
    width += margins.left() + margins.right() + 4;
    return QSize(width, QWidget::sizeHint().height());
}

int HealthPanel::expectedColumnWidth(int column) const
{
    QStringList texts;
    QIcon icon;
    switch (column) {
    case HealthModel::ServiceColumn:
        for (const QString &service : ConsoleBackend::serviceNames())
            texts.append(HealthModel::serviceText(service));
        break;
    case HealthModel::StateColumn:
        for (ServiceState state :
             {ServiceState::Up, ServiceState::Degraded, ServiceState::Down, ServiceState::Unknown})
            texts.append(HealthModel::stateText(state));
        icon = HealthModel::stateDot(ServiceState::Up);
        break;
    case HealthModel::LatencyColumn:
        texts = {PanelFormatting::latency(0.999), PanelFormatting::latency(9.99)};
        break;
    case HealthModel::LastCheckColumn:
        texts = {PanelFormatting::clockTime(QDateTime(QDate::currentDate(), QTime(23, 59, 59))),
                 PanelFormatting::clockTime(QDateTime(QDate::currentDate(), QTime(11, 59, 59)))};
        break;
    default:
        return 0;
    }
    QStyleOptionViewItem option;
    option.initFrom(m_view);
    option.font = m_view->font();
    option.fontMetrics = m_view->fontMetrics();
    option.features = QStyleOptionViewItem::HasDisplay;
    if (!icon.isNull()) {
        option.features |= QStyleOptionViewItem::HasDecoration;
        option.icon = icon;
        option.decorationSize = icon.availableSizes().value(0, m_view->iconSize());
    }
    int widest = 0;
    for (const QString &text : std::as_const(texts)) {
        option.text = text;
        widest = std::max(widest,
                          m_view->style()
                              ->sizeFromContents(QStyle::CT_ItemViewItem, &option, QSize(), m_view)
                              .width());
    }
    return widest;
}

void HealthPanel::updateSourceColumn()
{
    bool onlyLocal = true;
    for (int row = 0; row < m_model->rowCount() && onlyLocal; ++row)
        onlyLocal = m_model->index(row, 0).data(HealthModel::SourceRole).toString() ==
                    HealthModel::localSource();
    m_view->setColumnHidden(HealthModel::SourceColumn, onlyLocal);
}

void HealthPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void HealthPanel::retranslateUi()
{
    updateServer();
}

void HealthPanel::updateServer()
{
    const QString description = m_model->healthServerDescription();
    const bool listening = m_model->healthServerListening();
    const ServiceState state = description.isEmpty() ? ServiceState::Unknown
                               : listening           ? ServiceState::Up
                                                     : ServiceState::Down;
    m_serverDot->setPixmap(HealthModel::stateDot(state).pixmap(12, 12));
    if (description.isEmpty())
        m_serverText->setText(tr("Health server: not started"));
    else if (listening)
        m_serverText->setText(tr("Health server: listening on %1").arg(description));
    else
        m_serverText->setText(tr("Health server: %1").arg(description));
    m_serverText->setStyleSheet(
        listening || description.isEmpty()
            ? QString()
            : QStringLiteral("color: %1;").arg(HealthModel::stateColor(ServiceState::Down).name()));
}

} // namespace necrocode
