#include "common/ElidedTextToolTip.h"

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QIcon>
#include <QStyle>
#include <QToolTip>

namespace necrocode {

ElidedTextToolTip::ElidedTextToolTip(QAbstractItemView *view) : QObject(view), m_view(view) {}

void ElidedTextToolTip::install(QAbstractItemView *view)
{
    view->viewport()->installEventFilter(new ElidedTextToolTip(view));
}

bool ElidedTextToolTip::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::ToolTip || watched != m_view->viewport())
        return QObject::eventFilter(watched, event);
    const auto *help = static_cast<QHelpEvent *>(event);
    const QModelIndex index = m_view->indexAt(help->pos());
    if (!index.isValid() || index.data(Qt::ToolTipRole).isValid())
        return QObject::eventFilter(watched, event);
    const QString text = index.data(Qt::DisplayRole).toString();
    const QRect cell = m_view->visualRect(index);
    const int margin =
        2 * (m_view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_view) + 1);
    int room = cell.width() - margin;
    if (!index.data(Qt::DecorationRole).isNull())
        room -= m_view->iconSize().isValid()
                    ? m_view->iconSize().width()
                    : m_view->style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, m_view);
    if (text.isEmpty() || m_view->fontMetrics().horizontalAdvance(text) <= room) {
        QToolTip::hideText();
        return true;
    }
    QToolTip::showText(help->globalPos(), text, m_view->viewport(), cell);
    return true;
}

} // namespace necrocode
