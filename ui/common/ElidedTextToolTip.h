// Shows the whole text of an item-view cell as its tooltip when the cell is too narrow for it
// (the view elides it): runner ids, spec names and messages can be read without widening the
// column. Cells with a tooltip of their own keep it.
#pragma once

#include <QObject>

class QAbstractItemView;

namespace necrocode {

class ElidedTextToolTip : public QObject
{
    Q_OBJECT

public:
    // Installs on the view's viewport; owned by the view.
    static void install(QAbstractItemView *view);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit ElidedTextToolTip(QAbstractItemView *view);

    QAbstractItemView *m_view;
};

} // namespace necrocode
